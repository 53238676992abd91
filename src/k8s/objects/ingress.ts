import type { Ingress } from './plain.js';

// What an Ingress routes to, derived once for the graph's routes edges and the summary.

/** One Service an Ingress sends traffic to, with the port it names. */
export interface IngressServiceBackend {
  readonly service: string;
  readonly port?: number | string;
  /** The rule's host, or undefined for the default backend and host-less rules. */
  readonly host?: string;
  readonly path?: string;
}

/** The Service backends of an Ingress: its default backend and every rule path (resource backends left out). */
export function ingressBackends(ingress: Ingress): IngressServiceBackend[] {
  const out: IngressServiceBackend[] = [];
  const add = (
    b: { service?: { name?: string; port?: { number?: number; name?: string } } } | undefined,
    host?: string,
    path?: string,
  ) => {
    const name = b?.service?.name;
    if (!name) return;
    const port = b.service?.port?.number ?? b.service?.port?.name;
    out.push({
      service: name,
      ...(port !== undefined ? { port } : {}),
      ...(host ? { host } : {}),
      ...(path ? { path } : {}),
    });
  };
  add(ingress.spec?.defaultBackend);
  for (const rule of ingress.spec?.rules ?? [])
    for (const p of rule.http?.paths ?? []) add(p.backend, rule.host, p.path);
  return out;
}

/** The annotation older Ingresses name their class with instead of spec.ingressClassName. */
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** The IngressClass an Ingress names (spec.ingressClassName or the legacy annotation). */
export function ingressClassOf(ingress: Ingress): string | undefined {
  return (
    ingress.spec?.ingressClassName || ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] || undefined
  );
}

/** The TLS Secrets an Ingress names. */
export function ingressTlsSecrets(ingress: Ingress): string[] {
  return (ingress.spec?.tls ?? []).map((t) => t.secretName).filter((n): n is string => !!n);
}
