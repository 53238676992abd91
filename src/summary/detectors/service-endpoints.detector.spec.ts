import {
  aPod,
  aService,
  aWorkload,
  anEndpointSlice,
  runDetector,
} from '../../../test/factories/cluster-objects.js';
import { serviceEndpointsDetector as sut } from './service-endpoints.detector.js';

describe('serviceEndpointsDetector', () => {
  it('reports a selector that matches no pod and no pod template as critical: the Service is down', () => {
    const svc = aService('inventory', { namespace: 'shop', selector: { app: 'inventory' } });
    const pod = aPod('inv-1', { namespace: 'shop', labels: { app: 'inventory-api' } });
    expect(runDetector(sut, [svc, pod, anEndpointSlice('inventory', { namespace: 'shop' })])).toEqual([
      expect.objectContaining({
        name: 'inventory',
        severity: 'critical',
        reason: 'SelectorMatchesNothing',
        message: "selector app=inventory matches no pod and no workload's pod template; 0 endpoints",
      }),
    ]);
  });

  it('reports a selector whose workload has no pods running as a warning naming the workload', () => {
    const svc = aService('inventory', { namespace: 'shop' });
    const deploy = aWorkload('Deployment', 'inventory', { namespace: 'shop', replicas: 0 });
    expect(runDetector(sut, [svc, deploy, anEndpointSlice('inventory', { namespace: 'shop' })])).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'selector app=inventory matches no pod (Deployment inventory has none running); 0 endpoints',
      }),
    ]);
  });

  it('reports selected pods without ready endpoints as critical, partly ready as warning', () => {
    const objects = [
      aService('payment'),
      aPod('payment-1', { labels: { app: 'payment' }, ready: false }),
      anEndpointSlice('payment', { notReady: 1 }),
      aService('web'),
      aPod('web-1', { labels: { app: 'web' } }),
      aPod('web-2', { labels: { app: 'web' }, ready: false }),
      anEndpointSlice('web', { ready: 1, notReady: 1 }),
      aService('ok'),
      aPod('ok-1', { labels: { app: 'ok' } }),
      anEndpointSlice('ok', { ready: 1 }),
    ];
    expect(runDetector(sut, objects).map((f) => [f.name, f.severity, f.reason, f.message])).toEqual([
      ['payment', 'critical', 'NoReadyEndpoints', '0/1 endpoints ready; 1 pods selected'],
      ['web', 'warning', 'EndpointsNotReady', '1/2 endpoints ready; 2 pods selected'],
    ]);
  });

  it('reports a selector-less Service without endpoints as info and skips ExternalName', () => {
    const objects = [
      aService('manual', { selector: null }),
      aService('ext', { type: 'ExternalName', selector: null }),
    ];
    expect(runDetector(sut, objects)).toEqual([
      expect.objectContaining({ name: 'manual', severity: 'info', reason: 'NoEndpoints' }),
    ]);
  });
});
