import type { Detector } from './detector.js';
import { ingressServiceNames, missingIngressReferences } from './ingress-helpers.js';

/** Ingresses routing to a Service that does not exist. */
export const ingressBackendDetector: Detector = {
  name: 'ingress-backend',
  description: 'Ingresses whose backend Service does not exist',
  detect({ snapshot }) {
    return missingIngressReferences(snapshot, {
      detector: this.name,
      kind: 'Service',
      names: ingressServiceNames,
      reason: 'BackendServiceMissing',
      noun: 'backend Service',
      hint: ['create the Service or point the Ingress rule at an existing one'],
    });
  },
};
