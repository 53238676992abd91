import type { WebhookConfiguration } from '../../k8s/objects/index.js';
import { aService, anEndpointSlice, anObject, runDetector } from '../../../test/factories/cluster-objects.js';
import { webhookServiceDetector as sut } from './webhook-service.detector.js';

const config = (name: string, service: string, failurePolicy = 'Fail', namespace = 'hooks') =>
  anObject(
    'ValidatingWebhookConfiguration',
    name,
    {
      webhooks: [
        {
          name: `${name}.example.com`,
          failurePolicy,
          clientConfig: { service: { namespace, name: service } },
        },
      ],
    },
    { clusterScoped: true },
  ) as WebhookConfiguration;

describe('webhookServiceDetector', () => {
  it('reports a webhook whose Service has no ready endpoints (critical with failurePolicy Fail)', () => {
    const objects = [
      aService('policy', { namespace: 'hooks' }),
      anEndpointSlice('policy', { namespace: 'hooks', notReady: 2 }),
    ];
    const findings = runDetector(sut, objects, {
      webhooks: [config('policy', 'policy'), config('gone', 'missing', 'Ignore')],
    });
    expect(findings.map((f) => [f.name, f.severity, f.reason])).toEqual([
      ['policy', 'critical', 'WebhookNoReadyPods'],
      ['gone', 'warning', 'WebhookServiceMissing'],
    ]);
    expect(findings[0]!.message).toBe(
      'webhook policy.example.com calls Service hooks/policy: 2 endpoints, none ready; failurePolicy Fail',
    );
  });

  it('is quiet with ready endpoints, and never names a Service in a hidden namespace', () => {
    const objects = [
      aService('ok', { namespace: 'hooks' }),
      anEndpointSlice('ok', { namespace: 'hooks', ready: 1 }),
    ];
    expect(runDetector(sut, objects, { webhooks: [config('ok', 'ok')] })).toEqual([]);
    expect(
      runDetector(sut, [], {
        webhooks: [config('secret', 'x', 'Fail', 'kube-system')],
        hidden: ['kube-system'],
      }),
    ).toEqual([]);
  });
});
