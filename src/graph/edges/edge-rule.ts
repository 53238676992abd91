import type { KubeObject } from '../../k8s/kube-object.js';
import type { DependentEnd, EdgeType, NodeRef } from '../graph.types.js';

/** One edge a rule derives from an object's current state. */
export interface EdgeSpec {
  readonly type: EdgeType;
  readonly from: NodeRef;
  readonly to: NodeRef;
  readonly optional?: boolean;
}

/** Read access to the sync cache that selector rules need (the graph never asks the API server). */
export interface ObjectLookup {
  /** Objects of a kind in one namespace, or in every namespace when it is undefined. */
  list(kind: string, namespace?: string): readonly KubeObject[];
  /** Objects of a kind carrying the label key=value (any namespace). */
  withLabel(kind: string, key: string, value: string): readonly KubeObject[];
  /** One object by kind, namespace (undefined for cluster-scoped) and name. */
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
}

/**
 * One relation rule (edges/<relation>.edge.ts). `derive` returns every edge the object's state implies,
 * and the graph replaces the object's earlier edges with them (level-triggered: no diffing of events).
 * Selector rules also implement `reverse`: when an object of a `targets` kind appears or its labels
 * change, the edges that selectors in the cache now make to it.
 */
export interface EdgeRule {
  /** Unique in EDGE_RULES. */
  readonly name: string;
  /** The edge types it makes (for docs and tests). */
  readonly types: readonly EdgeType[];
  /** Kinds whose objects it derives edges from. */
  readonly sources: readonly string[];
  derive(obj: KubeObject, kind: string, lookup: ObjectLookup): EdgeSpec[];
  /** Kinds whose labels the selectors read. */
  readonly targets?: readonly string[];
  reverse?(target: KubeObject, kind: string, lookup: ObjectLookup): EdgeSpec[];
}

/** Which end depends on the other, by type (see graph.types DependentEnd and docs/graph.md). */
export const DEFAULT_DEPENDENT: Readonly<Record<EdgeType, DependentEnd>> = {
  // An owner's deletion garbage-collects what it owns.
  owns: 'to',
  // A Service or PDB is only as good as the pods it selects (a NetworkPolicy is the exception).
  selects: 'from',
  serves: 'from',
  'runs-on': 'from',
  mounts: 'from',
  uses: 'from',
  'service-account': 'from',
  bound: 'from',
  'storage-class': 'from',
  routes: 'from',
  governs: 'from',
  scales: 'from',
  // Binding → Role: the binding grants nothing without it (its subjects are the exception).
  binds: 'from',
};

/**
 * Which end of an edge depends on the other: the type's default, except where one type mixes both
 * directions (a NetworkPolicy's pods and namespaces depend on it; a binding's ServiceAccount
 * subjects depend on it). A function of type and kinds only, so queries need no edge labels.
 */
export function dependentEnd(type: EdgeType, fromKind: string, toKind: string): DependentEnd {
  if (type === 'selects' && fromKind === 'NetworkPolicy') return 'to';
  if (type === 'binds' && toKind === 'ServiceAccount') return 'to';
  return DEFAULT_DEPENDENT[type];
}

/**
 * dependentEnd for an edge between two node ids ("Kind/…"), without cutting the kinds out: queries
 * call it for every edge they look at.
 */
export function dependentEndOfIds(type: EdgeType, from: string, to: string): DependentEnd {
  if (type === 'selects' && from.startsWith('NetworkPolicy/')) return 'to';
  if (type === 'binds' && to.startsWith('ServiceAccount/')) return 'to';
  return DEFAULT_DEPENDENT[type];
}

/** The ref of a namespaced object's neighbour in the same namespace. */
export function sameNamespace(obj: KubeObject, kind: string, name: string): NodeRef {
  return { kind, namespace: obj.metadata.namespace, name };
}

/** The ref of an object itself. */
export function refOf(obj: KubeObject, kind: string): NodeRef {
  return obj.metadata.namespace
    ? { kind, namespace: obj.metadata.namespace, name: obj.metadata.name }
    : { kind, name: obj.metadata.name };
}

/** A field of a plain JSON object as a record (undefined when it is not one). */
export function rec(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A field as an array of records (missing or malformed entries dropped). */
export function recs(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(rec).filter((v): v is Record<string, unknown> => !!v) : [];
}

/** A field as a non-empty string. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
