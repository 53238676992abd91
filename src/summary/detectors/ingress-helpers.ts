import type { Ingress } from '../kube-types.js';

/** Names of the Services an Ingress routes to (default backend and rules). */
export function ingressServiceNames(ing: Ingress): string[] {
  const names = new Set<string>();
  if (ing.spec?.defaultBackend?.service?.name) names.add(ing.spec.defaultBackend.service.name);
  for (const r of ing.spec?.rules ?? [])
    for (const p of r.http?.paths ?? []) if (p.backend?.service?.name) names.add(p.backend.service.name);
  return [...names].sort();
}
