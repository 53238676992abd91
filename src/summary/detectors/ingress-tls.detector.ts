import type { Ingress } from '../kube-types.js';
import type { Detector, Finding } from './detector.js';

/** Ingresses whose TLS Secret does not exist. */
export const ingressTlsDetector: Detector = {
  name: 'ingress-tls',
  description: 'Ingresses whose TLS Secret does not exist',
  detect({ snapshot }) {
    const out: Finding[] = [];
    if (!snapshot.watches('Secret')) return out;
    for (const ing of snapshot.all<Ingress>('Ingress')) {
      const ns = ing.metadata.namespace ?? '';
      const missing = [
        ...new Set((ing.spec?.tls ?? []).map((t) => t.secretName).filter((n): n is string => !!n)),
      ]
        .filter((n) => !snapshot.get('Secret', ns, n))
        .sort();
      if (missing.length === 0) continue;
      out.push({
        detector: this.name,
        severity: 'warning',
        kind: 'Ingress',
        namespace: ns,
        name: ing.metadata.name,
        reason: 'TLSSecretMissing',
        message: `TLS Secret${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not found in ${ns}`,
        count: missing.length,
        countOf: 'missing',
        hint: 'create the TLS Secret (or let cert-manager issue it) or fix secretName',
      });
    }
    return out;
  },
};
