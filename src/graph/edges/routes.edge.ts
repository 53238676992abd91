import { type Ingress, ingressBackends, ingressClassOf, ingressTlsSecrets } from '../../k8s/objects/index.js';
import { type EdgeRule, type EdgeSpec, refOf, sameNamespace } from './edge-rule.js';

/**
 * routes: Ingress → the Services of its default backend and rules, → its IngressClass
 * (spec.ingressClassName or the legacy annotation), → its TLS Secrets (read in k8s/objects/ingress).
 */
export const routesRule: EdgeRule = {
  name: 'routes',
  types: ['routes'],
  sources: ['Ingress'],
  derive(obj) {
    const ingress = obj as Ingress;
    const from = refOf(obj, 'Ingress');
    const edge = (to: EdgeSpec['to']): EdgeSpec => ({ type: 'routes', from, to });
    const services = new Set(ingressBackends(ingress).map((b) => b.service));
    const className = ingressClassOf(ingress);
    return [
      ...[...services].map((s) => edge(sameNamespace(obj, 'Service', s))),
      ...(className ? [edge({ kind: 'IngressClass', name: className })] : []),
      ...[...new Set(ingressTlsSecrets(ingress))].map((s) => edge(sameNamespace(obj, 'Secret', s))),
    ];
  },
};
