import type { KubeObject } from '../../k8s/kube-object.js';
import {
  fromMap,
  isEmptySelector,
  type LabelSelector,
  matchesSelector,
  type NetworkPolicy,
  type PodDisruptionBudget,
  type Service,
} from '../../k8s/objects/index.js';
import { type EdgeRule, type EdgeSpec, type ObjectLookup, refOf } from './edge-rule.js';

/** A Service's spec.selector (a plain map); none or empty selects nothing (endpoints managed by hand). */
function serviceSelector(svc: Service): LabelSelector | undefined {
  const s = fromMap(svc.spec?.selector);
  return s && !isEmptySelector(s) ? s : undefined;
}

/** The pod selector of a Service, PodDisruptionBudget or NetworkPolicy. */
function podSelector(obj: KubeObject, kind: string): LabelSelector | undefined {
  if (kind === 'Service') return serviceSelector(obj as Service);
  if (kind === 'PodDisruptionBudget') return (obj as PodDisruptionBudget).spec?.selector;
  if (kind === 'NetworkPolicy') return (obj as NetworkPolicy).spec?.podSelector ?? {};
  return undefined;
}

/** The namespaceSelectors of a NetworkPolicy's ingress `from` and egress `to` peers. */
function peerNamespaceSelectors(np: NetworkPolicy): LabelSelector[] {
  const peers = [
    ...(np.spec?.ingress ?? []).flatMap((r) => r.from ?? []),
    ...(np.spec?.egress ?? []).flatMap((r) => r.to ?? []),
  ];
  return peers.map((p) => p.namespaceSelector).filter((x): x is LabelSelector => !!x);
}

/**
 * Objects of `kind` in `namespace` the selector matches. With a matchLabels pair it starts from the
 * store's label index (a few objects) instead of the whole namespace.
 */
function selectIn(
  lookup: ObjectLookup,
  kind: string,
  namespace: string,
  selector: LabelSelector,
): readonly KubeObject[] {
  const first = Object.entries(selector.matchLabels ?? {})[0];
  const candidates = first
    ? lookup.withLabel(kind, first[0], first[1]).filter((o) => o.metadata.namespace === namespace)
    : lookup.list(kind, namespace);
  return candidates.filter((o) => matchesSelector(selector, o.metadata.labels));
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

function namespaceEdges(np: NetworkPolicy, namespaces: readonly KubeObject[]): EdgeSpec[] {
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
    if (kind === 'NetworkPolicy')
      edges.push(...namespaceEdges(obj as NetworkPolicy, lookup.list('Namespace')));
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
