import type { Ingress } from '../kube-types.js';
import type { Detector, Finding } from './detector.js';
import { ingressServiceNames } from './ingress-helpers.js';

/** Ingresses routing to a Service that does not exist. */
export const ingressBackendDetector: Detector = {
  name: 'ingress-backend',
  description: 'Ingresses whose backend Service does not exist',
  detect({ snapshot }) {
    const out: Finding[] = [];
    if (!snapshot.watches('Service')) return out;
    for (const ing of snapshot.all<Ingress>('Ingress')) {
      const ns = ing.metadata.namespace ?? '';
      const missing = ingressServiceNames(ing).filter((n) => !snapshot.get('Service', ns, n));
      if (missing.length === 0) continue;
      out.push({
        detector: this.name,
        severity: 'warning',
        kind: 'Ingress',
        namespace: ns,
        name: ing.metadata.name,
        reason: 'BackendServiceMissing',
        message: `backend Service${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not found in ${ns}`,
        count: missing.length,
        countOf: 'missing',
        hint: 'create the Service or point the Ingress rule at an existing one',
      });
    }
    return out;
  },
};
