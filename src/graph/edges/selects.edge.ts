import type { KubeObject } from '../../k8s/kube-object.js';
import { type EdgeRule, type EdgeSpec, type ObjectLookup, rec, recs, refOf } from './edge-rule.js';
import { type LabelSelector, matchesSelector, readSelector, selectIn } from './label-selector.js';

const spec = (o: KubeObject) => rec(o.spec) ?? {};

/** A Service's spec.selector (a plain map); none or empty selects nothing (endpoints managed by hand). */
function serviceSelector(svc: KubeObject): LabelSelector | undefined {
  const s = rec(spec(svc).selector) as Record<string, string> | undefined;
  return s && Object.keys(s).length > 0 ? { matchLabels: s } : undefined;
}

/** The pod selector of a Service, PodDisruptionBudget or NetworkPolicy. */
function podSelector(obj: KubeObject, kind: string): LabelSelector | undefined {
  if (kind === 'Service') return serviceSelector(obj);
  if (kind === 'PodDisruptionBudget') return readSelector(spec(obj).selector);
  if (kind === 'NetworkPolicy') return readSelector(spec(obj).podSelector) ?? {};
  return undefined;
}

/** The namespaceSelectors of a NetworkPolicy's ingress `from` and egress `to` peers. */
function peerNamespaceSelectors(np: KubeObject): LabelSelector[] {
  const s = spec(np);
  const peers = [
    ...recs(s.ingress).flatMap((r) => recs(r.from)),
    ...recs(s.egress).flatMap((r) => recs(r.to)),
  ];
  return peers.map((p) => readSelector(p.namespaceSelector)).filter((x): x is LabelSelector => !!x);
}

const SELECTOR_KINDS = ['Service', 'PodDisruptionBudget', 'NetworkPolicy'] as const;

function podEdges(obj: KubeObject, kind: string, pods: readonly KubeObject[]): EdgeSpec[] {
  const from = refOf(obj, kind);
  return pods.map((p) => ({
    type: 'selects' as const,
    from,
    to: refOf(p, 'Pod'),
  }));
}

function namespaceEdges(np: KubeObject, namespaces: readonly KubeObject[]): EdgeSpec[] {
  const selectors = peerNamespaceSelectors(np);
  if (selectors.length === 0) return [];
  const from = refOf(np, 'NetworkPolicy');
  return namespaces
    .filter((n) => selectors.some((s) => matchesSelector(s, n.metadata.labels)))
    .map((n) => ({ type: 'selects' as const, from, to: refOf(n, 'Namespace') }));
}

/**
 * selects: Service, PodDisruptionBudget and NetworkPolicy (spec.podSelector) → the pods of their
 * namespace their selector matches; NetworkPolicy → the namespaces its peers' namespaceSelector
 * matches (peer pod selectors are not followed: a `{}` peer would link every pod of the cluster).
 * Recomputed from both sides: when the selector changes (derive) and when a pod's or a
 * namespace's labels change (reverse).
 */
export const selectsRule: EdgeRule = {
  name: 'selects',
  types: ['selects'],
  sources: SELECTOR_KINDS,
  targets: ['Pod', 'Namespace'],
  derive(obj, kind, lookup) {
    const ns = obj.metadata.namespace;
    const selector = podSelector(obj, kind);
    const edges = selector && ns ? podEdges(obj, kind, selectIn(lookup, 'Pod', ns, selector)) : [];
    if (kind === 'NetworkPolicy') edges.push(...namespaceEdges(obj, lookup.list('Namespace')));
    return edges;
  },
  reverse(target, kind, lookup: ObjectLookup) {
    if (kind === 'Namespace') {
      return lookup.list('NetworkPolicy').flatMap((np) => namespaceEdges(np, [target]));
    }
    const ns = target.metadata.namespace;
    if (!ns) return [];
    return SELECTOR_KINDS.flatMap((k) =>
      lookup.list(k, ns).flatMap((sel) => {
        const s = podSelector(sel, k);
        return s && matchesSelector(s, target.metadata.labels) ? podEdges(sel, k, [target]) : [];
      }),
    );
  },
};
