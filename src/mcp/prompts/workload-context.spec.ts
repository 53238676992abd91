import {
  aPod,
  aService,
  aWorkload,
  anEndpointSlice,
  anEvent,
  anObject,
  ago,
  snapshotOf,
} from '../../../test/factories/cluster-objects.js';
import { detectAnomalies } from '../../summary/summary-builder.js';
import { workloadContext } from './workload-context.js';

describe('workloadContext', () => {
  it('gathers the workload, its pods, Services, references, anomalies and events', () => {
    const crash = {
      name: 'api',
      restartCount: 4,
      waiting: { reason: 'CrashLoopBackOff' },
      lastTerminated: { reason: 'Error', exitCode: 1, finishedAt: ago(10) },
    };
    const objects = [
      aWorkload('Deployment', 'api', { namespace: 'shop', available: 0, ready: 0 }),
      aPod('api-1', {
        namespace: 'shop',
        labels: { app: 'api' },
        containers: [crash],
        volumes: [{ name: 'c', configMap: { name: 'api-config' } }],
      }),
      aService('api', { namespace: 'shop' }),
      anEndpointSlice('api', { namespace: 'shop', notReady: 1 }),
      anEvent(
        'BackOff',
        { kind: 'Pod', name: 'api-1', namespace: 'shop' },
        { message: 'Back-off restarting failed container', count: 7 },
      ),
      aPod('other', { namespace: 'shop', labels: { app: 'other' } }),
    ];
    const snapshot = snapshotOf(objects);
    const ctx = workloadContext(snapshot, 'Deployment', 'shop', 'api', detectAnomalies({ snapshot }));
    const text = ctx.lines.join('\n');
    expect(ctx.found).toBe(true);
    expect(text).toContain('Deployment shop/api: desired 1, ready 0, available 0; selector app=api');
    expect(text).toContain(
      '- api-1: CrashLoopBackOff, ready False, restarts 4, last termination Error (exit 1)',
    );
    expect(text).toContain('- api (ClusterIP): 0/1 endpoints ready');
    expect(text).toContain('Uses: ConfigMap api-config (MISSING)');
    expect(text).toMatch(/\[critical\] Pod api-1: CrashLoopBackOff/);
    expect(text).toMatch(/Warning BackOff Pod\/api-1: Back-off restarting failed container \(×7\)/);
    expect(text).not.toContain('other');
  });

  it('says when the workload is not in the cache', () => {
    const ctx = workloadContext(snapshotOf([]), 'Deployment', 'shop', 'ghost', []);
    expect(ctx).toMatchObject({
      found: false,
      lines: ['Deployment shop/ghost is not in the watch cache (it may not exist).'],
    });
  });

  it('does not list what admission gives every pod (kube-root-ca.crt) as a dependency', () => {
    const apiAccess = {
      name: 'kube-api-access-x7k2p',
      projected: {
        sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'kube-root-ca.crt' } }],
      },
    };
    const objects = [
      aWorkload('Deployment', 'api', { namespace: 'shop' }),
      aPod('api-1', {
        namespace: 'shop',
        labels: { app: 'api' },
        volumes: [apiAccess, { name: 'c', configMap: { name: 'api-config' } }],
      }),
      anObject('ConfigMap', 'kube-root-ca.crt', {}, { namespace: 'shop' }),
    ];
    const snapshot = snapshotOf(objects);
    const text = workloadContext(
      snapshot,
      'Deployment',
      'shop',
      'api',
      detectAnomalies({ snapshot }),
    ).lines.join('\n');
    expect(text).toContain('Uses: ConfigMap api-config (MISSING)');
    expect(text).not.toContain('kube-root-ca.crt');
  });
});
