import type { Service } from '../../k8s/objects/index.js';
import { type Detector, type Finding } from './detector.js';
import { endpointCounts } from './service-endpoints.detector.js';

/** Admission webhooks whose Service is missing or has no ready pods: API requests fail or skip checks. */
export const webhookServiceDetector: Detector = {
  name: 'webhook-service',
  description:
    'Admission webhooks whose Service is missing or has no ready endpoints (critical when failurePolicy is Fail)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const config of snapshot.extras.webhooks ?? []) {
      for (const hook of config.webhooks ?? []) {
        const ref = hook.clientConfig?.service;
        // A Service in a hidden namespace must not be named: such webhooks are left out.
        if (!ref?.name || !ref.namespace || !snapshot.isVisible(ref.namespace)) continue;
        const svc = snapshot.get<Service>('Service', ref.namespace, ref.name);
        const counts = svc ? endpointCounts(snapshot, svc) : undefined;
        if (counts && counts.ready > 0) continue;
        const fail = (hook.failurePolicy ?? 'Fail') === 'Fail';
        out.push({
          detector: this.name,
          severity: fail ? 'critical' : 'warning',
          kind: config.kind ?? 'ValidatingWebhookConfiguration',
          name: config.metadata.name,
          reason: svc ? 'WebhookNoReadyPods' : 'WebhookServiceMissing',
          message: `webhook ${hook.name} calls Service ${ref.namespace}/${ref.name}: ${svc ? `${counts!.total} endpoints, none ready` : 'not found'}; failurePolicy ${hook.failurePolicy ?? 'Fail'}`,
          hint: [
            fail
              ? 'API requests this webhook intercepts are rejected: restore its pods or remove the webhook'
              : 'requests pass unchecked while the webhook is down: restore its pods',
          ],
        });
      }
    }
    return out;
  },
};
