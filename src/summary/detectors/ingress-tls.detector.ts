import { type Ingress, ingressTlsSecrets } from '../../k8s/objects/index.js';
import type { Detector } from './detector.js';
import { missingIngressReferences } from './ingress-helpers.js';

/** Names of the TLS Secrets an Ingress names, sorted. */
const tlsSecretNames = (ing: Ingress): string[] => [...new Set(ingressTlsSecrets(ing))].sort();

/** Ingresses whose TLS Secret does not exist. */
export const ingressTlsDetector: Detector = {
  name: 'ingress-tls',
  description: 'Ingresses whose TLS Secret does not exist',
  detect({ snapshot }) {
    return missingIngressReferences(snapshot, {
      detector: this.name,
      kind: 'Secret',
      names: tlsSecretNames,
      reason: 'TLSSecretMissing',
      noun: 'TLS Secret',
      hint: ['create the TLS Secret (or let cert-manager issue it) or fix secretName'],
    });
  },
};
