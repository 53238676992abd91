import { type Ingress, ingressClassOf } from '../../k8s/objects/index.js';
import type { Detector, Finding } from './detector.js';

/** Ingresses naming an IngressClass that does not exist. */
export const ingressClassDetector: Detector = {
  name: 'ingress-class',
  description: 'Ingresses whose IngressClass does not exist (no controller will serve them)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    if (!snapshot.watches('IngressClass')) return out;
    for (const ing of snapshot.all<Ingress>('Ingress')) {
      const cls = ingressClassOf(ing);
      if (!cls || snapshot.get('IngressClass', undefined, cls)) continue;
      out.push({
        detector: this.name,
        severity: 'warning',
        kind: 'Ingress',
        namespace: ing.metadata.namespace,
        name: ing.metadata.name,
        reason: 'IngressClassMissing',
        message: `IngressClass ${cls} not found`,
        hint: ['install the ingress controller of that class, or fix ingressClassName'],
      });
    }
    return out;
  },
};
