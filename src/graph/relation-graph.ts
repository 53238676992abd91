import { type Edge, Graph } from '@dagrejs/graphlib';
import type { KubeObject } from '../k8s/kube-object.js';
import { dependentEnd, type EdgeRule, type EdgeSpec, type ObjectLookup, refOf } from './edges/edge-rule.js';
import { EDGE_RULES, validateEdgeRules } from './edges/index.js';
import {
  EDGE_TYPES,
  type DependentEnd,
  type EdgeLabel,
  type EdgeType,
  type NodeLabel,
  type NodeRef,
  nodeId,
  parseNodeId,
  plainRef,
} from './graph.types.js';

/** A reference whose target does not exist, as queries and the summary report it. */
export interface DanglingEdge {
  readonly from: NodeRef;
  readonly to: NodeRef;
  readonly type: EdgeType;
}

/** Counts for the status endpoints and metrics. */
export interface GraphCounts {
  readonly nodes: number;
  /** Placeholders of missing objects (included in nodes). */
  readonly missingNodes: number;
  readonly edges: number;
  readonly nodesByKind: Record<string, number>;
  readonly edgesByType: Record<EdgeType, number>;
}

const edgeKey = (v: string, w: string, type: string) => `${v}\u0000${w}\u0000${type}`;

/**
 * An edge as the query index keeps it: graphlib's Edge plus what queries would otherwise compute per
 * visit. `mark` and `result` are scratch for GraphQueryEngine (see QueryIndexEntry).
 */
export interface IndexedEdge extends Edge {
  readonly name: EdgeType;
  readonly dependent: DependentEnd;
  /**
   * The ends' entries: a query steps to the other end by comparing pointers, where a lookup by id
   * (hashing and comparing 40-character strings in a 70 MB heap) was a third of a Node's impact query.
   * An edge is unlinked from both ends before either entry goes, so no query reaches a stale one.
   */
  readonly vEntry: QueryIndexEntry;
  readonly wEntry: QueryIndexEntry;
  /** Query scratch: the number of the last query that put this edge in its answer. */
  mark: number;
  /** The answer's view of the edge, built on first use and dropped when an end's `missing` flips. */
  result?: {
    readonly from: string;
    readonly to: string;
    readonly type: EdgeType;
    readonly dangling: boolean;
  };
}

/**
 * A node's edges split by the role the node plays, so that a query reads only the edges it can
 * follow: an impact query from a Node would otherwise scan, at depth 3, the ten `selects` edges of
 * every Service and the ten `owns` edges of every ReplicaSet it reached, none of which it follows.
 */
export interface EdgeRoles {
  /** Every edge, in the order they were added (neighbors). */
  readonly all: readonly IndexedEdge[];
  /** `owns` edges from this node to what it owns. */
  readonly owned: readonly IndexedEdge[];
  /** `owns` edges from this node's owners. */
  readonly owners: readonly IndexedEdge[];
  /** Other edges whose other end depends on this node. */
  readonly dependents: readonly IndexedEdge[];
  /** Other edges along which this node depends on the other end. */
  readonly dependencies: readonly IndexedEdge[];
}

/**
 * Per node, what queries read: its ref (one shared, frozen object), whether it is a placeholder, and
 * its edges. `mark` and `hiddenMark` are scratch state of the query running now (queries
 * are synchronous, one at a time): comparing a number replaces the per-query visited Map and Sets,
 * whose growth was most of a Node query's garbage.
 */
export interface QueryIndexEntry {
  readonly id: string;
  ref: NodeRef;
  missing: boolean;
  readonly edges: Map<string, IndexedEdge>;
  /** Built on the first query after a change of the node's edges. */
  roles?: EdgeRoles;
  mark: number;
  hiddenMark: number;
}

/**
 * The relationship multigraph (graphlib): a node per object, typed edges named by their type, and
 * placeholder nodes for referenced objects that do not exist (their edges are the dangling ones).
 * Every edge remembers the object it was derived from, so recomputing an object replaces exactly
 * its edges. Pure data structure: GraphService feeds it from the informers.
 */
export class RelationGraph {
  /** The graph itself; read-only for the query engine. */
  readonly g = new Graph<unknown, NodeLabel, EdgeLabel>({ directed: true, multigraph: true });
  private readonly derived = new Map<string, Map<string, Edge>>();
  private readonly missing = new Set<string>();
  /**
   * Every node's entry for queries (ref, missing flag, edges touching it both ways): queries walk
   * these instead of graphlib's inEdges/outEdges, which rebuild an array from a dictionary on every
   * call, and instead of its node labels.
   */
  private readonly index = new Map<string, QueryIndexEntry>();
  private queryMarks = 0;
  private readonly bySource = new Map<string, EdgeRule[]>();
  private readonly anySource: EdgeRule[] = [];
  private readonly byTarget = new Map<string, EdgeRule[]>();
  private readonly dropped = new Set<string>();
  private readonly unavailable = new Set<string>();
  private readonly kindCounts = new Map<string, number>();
  private readonly typeCounts = new Map<EdgeType, number>(EDGE_TYPES.map((t) => [t, 0]));

  /**
   * @param lookup the sync cache, for selector rules
   * @param kinds the kinds the graph holds (targets of other kinds make no edge)
   */
  constructor(
    private readonly lookup: ObjectLookup,
    private readonly kinds: ReadonlySet<string>,
    rules: readonly EdgeRule[] = EDGE_RULES,
    private readonly now: () => number = Date.now,
  ) {
    validateEdgeRules(rules);
    for (const rule of rules) {
      for (const kind of rule.sources) {
        if (kind === '*') this.anySource.push(rule);
        else this.bySource.set(kind, [...(this.bySource.get(kind) ?? []), rule]);
      }
      for (const kind of rule.targets ?? [])
        this.byTarget.set(kind, [...(this.byTarget.get(kind) ?? []), rule]);
    }
  }

  /** True when objects of the kind have nodes (watched, readable, not dropped under memory pressure). */
  holds(kind: string): boolean {
    return this.kinds.has(kind) && !this.dropped.has(kind) && !this.unavailable.has(kind);
  }

  /**
   * Stops holding a kind the sync cannot read (RBAC forbids it): references to its objects would
   * all look dangling, which says nothing about the cluster.
   */
  markUnavailable(kind: string): void {
    if (this.unavailable.has(kind) || !this.holds(kind)) return;
    this.removeKind(kind);
    this.unavailable.add(kind);
  }

  /** Kinds not held because the sync cannot read them. */
  unavailableKinds(): string[] {
    return [...this.unavailable];
  }

  /** Kinds dropped to stay within the memory limit, in drop order. */
  droppedKinds(): string[] {
    return [...this.dropped];
  }

  /**
   * Adds or updates an object's node and recomputes the edges derived from it; when its labels may
   * have changed, also the selector edges that point at it.
   */
  upsert(obj: KubeObject, kind: string, labelsChanged = true): void {
    if (!this.holds(kind)) return;
    const ref = refOf(obj, kind);
    const id = nodeId(ref);
    this.setNode(id, {
      ...plainRef(ref),
      missing: false,
      resourceVersion: obj.metadata.resourceVersion,
      uid: obj.metadata.uid,
      confirmedAt: this.now(),
    });
    this.recompute(id, obj, kind);
    if (labelsChanged && this.byTarget.has(kind)) this.reconcileSelectorsOf(id, obj, kind);
  }

  /**
   * Removes an object: its own edges and the selector edges to it go; a node that others still refer
   * to stays as a placeholder, so their references show as dangling.
   */
  remove(ref: NodeRef): void {
    const id = nodeId(ref);
    const label = this.g.node(id);
    if (!label || label.missing) return;
    for (const e of [...(this.derived.get(id)?.values() ?? [])]) this.removeEdge(e);
    this.derived.delete(id);
    for (const e of this.g.nodeEdges(id) ?? []) if (this.g.edge(e).selector) this.removeEdge(e);
    if ((this.g.nodeEdges(id) ?? []).length > 0)
      this.setNode(id, { ...plainRef(ref), missing: true, confirmedAt: this.now() });
    else this.removeNode(id);
  }

  /** Drops every node of a kind and stops holding it (memory pressure); edges to it go too. */
  dropKind(kind: string): void {
    if (!this.holds(kind)) return;
    this.removeKind(kind);
    this.dropped.add(kind);
  }

  private removeKind(kind: string): void {
    for (const id of this.g.nodes()) {
      if (this.g.node(id)?.kind !== kind) continue;
      for (const e of this.g.nodeEdges(id) ?? []) this.removeEdge(e);
      this.derived.delete(id);
      if (this.g.hasNode(id)) this.removeNode(id);
    }
  }

  /** The node's label, or undefined. */
  node(id: string): NodeLabel | undefined {
    return this.g.hasNode(id) ? this.g.node(id) : undefined;
  }

  /** The node's query entry, or undefined when there is no such node. */
  entry(id: string): QueryIndexEntry | undefined {
    return this.index.get(id);
  }

  /** The node's edges by role (rebuilt lazily after its edges changed). */
  rolesOf(entry: QueryIndexEntry): EdgeRoles {
    if (entry.roles) return entry.roles;
    const roles = { all: [], owned: [], owners: [], dependents: [], dependencies: [] } as {
      [K in keyof EdgeRoles]: IndexedEdge[];
    };
    for (const e of entry.edges.values()) {
      roles.all.push(e);
      if (e.name === 'owns') (e.v === entry.id ? roles.owned : roles.owners).push(e);
      else if ((e.dependent === 'from' ? e.v : e.w) === entry.id) roles.dependencies.push(e);
      else roles.dependents.push(e);
    }
    return (entry.roles = roles);
  }

  /** A new number for a query's scratch marks (see QueryIndexEntry). */
  nextQueryMark(): number {
    return ++this.queryMarks;
  }

  /** The ref of a node (parsed from the id when there is no such node). */
  refOf(id: string): NodeRef {
    return this.index.get(id)?.ref ?? parseNodeId(id);
  }

  /** True for a placeholder of a missing object. */
  isMissing(id: string): boolean {
    return this.missing.has(id);
  }

  /** Every node id of real (not missing) objects. */
  objectIds(): string[] {
    return this.g.nodes().filter((id) => !this.missing.has(id));
  }

  /** Marks a node as confirmed by sync now (the TTL counts from here). */
  confirm(id: string): void {
    const label = this.node(id);
    if (label) label.confirmedAt = this.now();
  }

  /** References to objects that do not exist (optional ones excluded). */
  danglingEdges(): DanglingEdge[] {
    const out: DanglingEdge[] = [];
    for (const id of this.missing) {
      for (const e of this.g.nodeEdges(id) ?? []) {
        const label = this.g.edge(e);
        if (label.optional) continue;
        out.push({ from: parseNodeId(e.v), to: parseNodeId(e.w), type: label.type });
      }
    }
    return out;
  }

  /** Node and edge counts. */
  counts(): GraphCounts {
    return {
      nodes: this.g.nodeCount(),
      missingNodes: this.missing.size,
      edges: this.g.edgeCount(),
      nodesByKind: Object.fromEntries([...this.kindCounts].filter(([, n]) => n > 0).sort()),
      edgesByType: Object.fromEntries(this.typeCounts) as Record<EdgeType, number>,
    };
  }

  private recompute(id: string, obj: KubeObject, kind: string): void {
    const rules = [...this.anySource, ...(this.bySource.get(kind) ?? [])];
    const desired = new Map<string, { spec: EdgeSpec; rule: EdgeRule }>();
    for (const rule of rules) {
      for (const spec of rule.derive(obj, kind, this.lookup)) {
        desired.set(edgeKey(nodeId(spec.from), nodeId(spec.to), spec.type), { spec, rule });
      }
    }
    const old = this.derived.get(id);
    for (const [key, e] of old ?? []) if (!desired.has(key)) this.removeEdge(e);
    for (const [key, { spec, rule }] of desired) if (!old?.has(key)) this.addEdge(spec, rule, id);
  }

  private reconcileSelectorsOf(id: string, obj: KubeObject, kind: string): void {
    for (const rule of this.byTarget.get(kind) ?? []) {
      const desired = new Map<string, EdgeSpec>();
      for (const spec of rule.reverse?.(obj, kind, this.lookup) ?? []) {
        desired.set(edgeKey(nodeId(spec.from), nodeId(spec.to), spec.type), spec);
      }
      for (const e of this.g.inEdges(id) ?? []) {
        const label = this.g.edge(e);
        if (label.rule === rule.name && !desired.has(edgeKey(e.v, e.w, e.name!))) this.removeEdge(e);
      }
      for (const [key, spec] of desired) {
        const from = nodeId(spec.from);
        if (!this.derived.get(from)?.has(key) && this.g.node(from)?.missing === false)
          this.addEdge(spec, rule, from);
      }
    }
  }

  private addEdge(spec: EdgeSpec, rule: EdgeRule, derivedFrom: string): void {
    if (!this.holds(spec.from.kind) || !this.holds(spec.to.kind)) return;
    const v = nodeId(spec.from);
    const w = nodeId(spec.to);
    if (v === w || this.g.hasEdge(v, w, spec.type)) return;
    if (!this.g.hasNode(v))
      this.setNode(v, { ...plainRef(spec.from), missing: true, confirmedAt: this.now() });
    if (!this.g.hasNode(w)) this.setNode(w, { ...plainRef(spec.to), missing: true, confirmedAt: this.now() });
    const dependent = dependentEnd(spec.type, spec.from.kind, spec.to.kind);
    this.g.setEdge(
      v,
      w,
      {
        type: spec.type,
        rule: rule.name,
        derivedFrom,
        dependent,
        selector: rule.reverse !== undefined,
        optional: spec.optional === true,
      },
      spec.type,
    );
    let mine = this.derived.get(derivedFrom);
    if (!mine) this.derived.set(derivedFrom, (mine = new Map()));
    const key = edgeKey(v, w, spec.type);
    const vEntry = this.index.get(v)!;
    const wEntry = this.index.get(w)!;
    // Every field set here, so that all edges share one hidden class (queries read them in a hot
    // loop); the ids are the entries' own strings, so edges keep no copies of them.
    const edge: IndexedEdge = {
      v: vEntry.id,
      w: wEntry.id,
      name: spec.type,
      dependent,
      vEntry,
      wEntry,
      mark: 0,
      result: undefined,
    };
    mine.set(key, edge);
    vEntry.edges.set(key, edge);
    vEntry.roles = undefined;
    wEntry.edges.set(key, edge);
    wEntry.roles = undefined;
    this.typeCounts.set(spec.type, (this.typeCounts.get(spec.type) ?? 0) + 1);
  }

  private removeEdge(e: Edge): void {
    const label = this.g.edge(e);
    if (!label) return;
    this.g.removeEdge(e);
    this.unlink(e.v, e.w, edgeKey(e.v, e.w, e.name!));
    this.derived.get(label.derivedFrom)?.delete(edgeKey(e.v, e.w, e.name!));
    this.typeCounts.set(label.type, (this.typeCounts.get(label.type) ?? 1) - 1);
    this.pruneIfUnreferenced(e.v);
    this.pruneIfUnreferenced(e.w);
  }

  /** A placeholder lives only while something refers to it. */
  private pruneIfUnreferenced(id: string): void {
    if (this.missing.has(id) && (this.g.nodeEdges(id) ?? []).length === 0) this.removeNode(id);
  }

  private setNode(id: string, label: NodeLabel): void {
    const old = this.g.hasNode(id) ? this.g.node(id) : undefined;
    if (old && !old.missing) this.count(old.kind, -1);
    this.missing.delete(id);
    this.g.setNode(id, label);
    if (label.missing) this.missing.add(id);
    else this.count(label.kind, 1);
    const entry = this.index.get(id);
    if (!entry) {
      this.index.set(id, {
        id,
        ref: Object.freeze(plainRef(label)),
        missing: label.missing,
        edges: new Map(),
        roles: undefined,
        mark: 0,
        hiddenMark: 0,
      });
    } else if (entry.missing !== label.missing) {
      entry.missing = label.missing;
      // Answers' edges say whether an end is missing: rebuild the cached views.
      for (const e of entry.edges.values()) e.result = undefined;
    }
  }

  private unlink(v: string, w: string, key: string): void {
    for (const end of [v, w]) {
      const entry = this.index.get(end);
      if (entry?.edges.delete(key)) entry.roles = undefined;
    }
  }

  private removeNode(id: string): void {
    // graphlib drops the node's remaining edges with it; so must the query index.
    for (const [key, e] of [...(this.index.get(id)?.edges ?? [])]) this.unlink(e.v, e.w, key);
    const old = this.g.node(id);
    if (old && !old.missing) this.count(old.kind, -1);
    this.missing.delete(id);
    this.derived.delete(id);
    this.index.delete(id);
    this.g.removeNode(id);
  }

  private count(kind: string, delta: number): void {
    this.kindCounts.set(kind, (this.kindCounts.get(kind) ?? 0) + delta);
  }
}
