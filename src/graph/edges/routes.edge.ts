import { type EdgeRule, type EdgeSpec, rec, recs, refOf, sameNamespace, str } from './edge-rule.js';

/** The annotation older Ingresses name their class with instead of spec.ingressClassName. */
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/**
 * routes: Ingress → the Services of its default backend and rules, → its IngressClass
 * (spec.ingressClassName or the legacy annotation), → its TLS Secrets.
 */
export const routesRule: EdgeRule = {
  name: 'routes',
  types: ['routes'],
  sources: ['Ingress'],
  derive(obj) {
    const spec = rec(obj.spec) ?? {};
    const from = refOf(obj, 'Ingress');
    const edge = (to: EdgeSpec['to']): EdgeSpec => ({ type: 'routes', from, to });
    const backends = [
      rec(spec.defaultBackend),
      ...recs(spec.rules).flatMap((r) => recs(rec(r.http)?.paths).map((p) => rec(p.backend))),
    ];
    const services = backends.map((b) => str(rec(b?.service)?.name)).filter((n): n is string => !!n);
    const className = str(spec.ingressClassName) ?? str(obj.metadata.annotations?.[CLASS_ANNOTATION]);
    const secrets = recs(spec.tls)
      .map((t) => str(t.secretName))
      .filter((n): n is string => !!n);
    return [
      ...[...new Set(services)].map((s) => edge(sameNamespace(obj, 'Service', s))),
      ...(className ? [edge({ kind: 'IngressClass', name: className })] : []),
      ...[...new Set(secrets)].map((s) => edge(sameNamespace(obj, 'Secret', s))),
    ];
  },
};
