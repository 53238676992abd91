/** The relations the graph knows, one rule file each under edges/ (mounts and uses share one). */
export const EDGE_TYPES = [
  'owns',
  'selects',
  'serves',
  'runs-on',
  'mounts',
  'uses',
  'service-account',
  'bound',
  'storage-class',
  'routes',
  'governs',
  'scales',
  'binds',
] as const;

/** One relation type (an edge label's `type`, and the Prometheus `type` label: a fixed list). */
export type EdgeType = (typeof EDGE_TYPES)[number];

/** Names one object: namespace is absent for cluster-scoped kinds. */
export interface NodeRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** What a graph node carries; the object itself stays in the sync store. */
export interface NodeLabel extends NodeRef {
  /** True for a placeholder: something refers to this object, but it does not exist (a dangling target). */
  readonly missing: boolean;
  /** resourceVersion the node's edges were computed from. */
  readonly resourceVersion?: string;
  readonly uid?: string;
  /** When sync last confirmed the object (ms since epoch); GRAPH_TTL counts from here. */
  confirmedAt: number;
}

/**
 * Which end breaks when the other goes: `from` for "from depends on to" (a pod on the ConfigMap it
 * mounts), `to` for "to depends on from" (a ReplicaSet's pods on it; a ServiceAccount's permissions on
 * the binding that grants them).
 */
export type DependentEnd = 'from' | 'to';

/** What a graph edge carries. */
export interface EdgeLabel {
  readonly type: EdgeType;
  /** The rule that made it (EDGE_RULES name). */
  readonly rule: string;
  /** Node id of the object whose state the edge was derived from (recomputed when it changes). */
  readonly derivedFrom: string;
  readonly dependent: DependentEnd;
  /** Made by a label selector: it disappears with either end rather than dangling. */
  readonly selector: boolean;
  /** A reference Kubernetes allows to be missing (an `optional: true` ConfigMap volume). */
  readonly optional: boolean;
}

/** Graph node id: "Kind/namespace/name", or "Kind/name" for cluster-scoped objects. */
export function nodeId(ref: NodeRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** The ref a node id names (names and namespaces never contain "/"). */
export function parseNodeId(id: string): NodeRef {
  const parts = id.split('/');
  return parts.length === 3
    ? { kind: parts[0]!, namespace: parts[1], name: parts[2]! }
    : { kind: parts[0]!, name: parts[1]! };
}

/** "Kind namespace/name" or "Kind name", as answers show a node. */
export function describeRef(ref: NodeRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

/** A ref with only kind/namespace/name (labels carry more). */
export function plainRef(ref: NodeRef): NodeRef {
  return ref.namespace
    ? { kind: ref.kind, namespace: ref.namespace, name: ref.name }
    : { kind: ref.kind, name: ref.name };
}
