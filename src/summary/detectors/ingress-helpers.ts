import type { ClusterSnapshot } from '../cluster-snapshot.js';
import { type Ingress, ingressBackends } from '../../k8s/objects/index.js';
import type { Finding, Hint } from './detector.js';

/** Names of the Services an Ingress routes to (default backend and rules). */
export function ingressServiceNames(ing: Ingress): string[] {
  return [...new Set(ingressBackends(ing).map((b) => b.service))].sort();
}

/** What a missing-reference detector says about the objects of one kind an Ingress names. */
export interface IngressReference {
  readonly detector: string;
  /** The referenced kind (a kind the sync does not watch is never reported missing). */
  readonly kind: 'Service' | 'Secret';
  /** Names the Ingress refers to, sorted and without duplicates. */
  readonly names: (ing: Ingress) => string[];
  readonly reason: string;
  /** Noun for the message, e.g. "backend Service". */
  readonly noun: string;
  readonly hint: Hint;
}

/** One warning per Ingress naming objects of `ref.kind` that are not in its namespace. */
export function missingIngressReferences(snapshot: ClusterSnapshot, ref: IngressReference): Finding[] {
  const out: Finding[] = [];
  if (!snapshot.watches(ref.kind)) return out;
  for (const ing of snapshot.all<Ingress>('Ingress')) {
    const ns = ing.metadata.namespace ?? '';
    const missing = ref.names(ing).filter((n) => !snapshot.get(ref.kind, ns, n));
    if (missing.length === 0) continue;
    out.push({
      detector: ref.detector,
      severity: 'warning',
      kind: 'Ingress',
      namespace: ns,
      name: ing.metadata.name,
      reason: ref.reason,
      message: `${ref.noun}${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not found in ${ns}`,
      count: missing.length,
      countOf: 'missing',
      hint: ref.hint,
    });
  }
  return out;
}
