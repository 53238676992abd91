import type { Edge } from '@dagrejs/graphlib';
import { dependentEndOfIds } from './edges/edge-rule.js';
import type { EdgeType, NodeRef } from './graph.types.js';
import { parseNodeId } from './graph.types.js';
import type { RelationGraph } from './relation-graph.js';

/** The relation queries k8s-relation-query offers (docs/graph.md defines each). */
export const QUERY_TYPES = ['dependencies', 'dependents', 'impact', 'path', 'neighbors'] as const;

/** One relation query. */
export type QueryType = (typeof QUERY_TYPES)[number];

/**
 * Upper bound on the nodes one answer holds: a Node's neighbourhood on a big cluster is thousands
 * of pods, and neither a model's context nor a 2 ms budget has room for that.
 */
export const MAX_RESULT_NODES = 500;

/** Options of one query. */
export interface QueryOptions {
  readonly maxDepth: number;
  /** Follow only edges of these types (all when absent or empty). */
  readonly edgeTypes?: readonly EdgeType[];
  /** Nodes the caller may see; hidden ones are counted, not shown, and not traversed. */
  readonly visible?: (ref: NodeRef) => boolean;
  /** For path: the node id to reach. */
  readonly target?: string;
  readonly maxNodes?: number;
}

/** A node of an answer. */
export interface ResultNode {
  readonly id: string;
  readonly ref: NodeRef;
  readonly depth: number;
  readonly missing: boolean;
  /** How the traversal reached it (absent for the root): the tree the text answer draws. */
  readonly via?: { readonly parent: string; readonly edge: ResultEdge };
}

/** An edge of an answer, in its real direction. */
export interface ResultEdge {
  readonly from: string;
  readonly to: string;
  readonly type: EdgeType;
  /** One end is a missing object. */
  readonly dangling: boolean;
}

/** What a query returns. */
export interface QueryResult {
  readonly root: string;
  /** In traversal order (breadth first), root first. */
  readonly nodes: ResultNode[];
  readonly edges: ResultEdge[];
  /** Nodes the visibility filter hid (each counted once). */
  readonly hidden: number;
  /** MAX_RESULT_NODES was reached. */
  readonly truncated: boolean;
  /** For path: whether the target was reached. */
  readonly found?: boolean;
}

/**
 * How a node was reached in an impact query: `deleted` (the root, and what its deletion garbage-
 * collects) cascades down owns edges; `degraded` (everything else) does not, since a failing pod
 * does not delete its ReplicaSet's other pods.
 */
type Mode = 'deleted' | 'degraded';

interface Step {
  readonly id: string;
  readonly edge: Edge;
  readonly mode: Mode;
}

/** The other end of an edge. */
const other = (e: Edge, id: string) => (e.v === id ? e.w : e.v);

/** The dependent end's id (see dependentEnd: a function of type and kinds, no label lookup). */
const dependentOf = (e: Edge) => (dependentEndOfIds(e.name as EdgeType, e.v, e.w) === 'from' ? e.v : e.w);

/** Runs relation queries on a RelationGraph. Stateless; every call allocates only its answer. */
export class GraphQueryEngine {
  constructor(private readonly graph: RelationGraph) {}

  /** Runs one query from the node `root` (a node id that exists). */
  run(type: QueryType, root: string, o: QueryOptions): QueryResult {
    const filter = o.edgeTypes && o.edgeTypes.length > 0 ? new Set(o.edgeTypes) : undefined;
    const graph = this.graph;
    // Steps are pushed into one reused array: a Node's impact visits thousands of edges, and the
    // per-node arrays of map/filter/flatMap were most of its cost.
    const steps = (id: string, mode: Mode, out: Step[]): void => {
      if (type === 'dependencies') {
        // What `id` depends on: edges whose dependent end it is.
        for (const e of graph.dependencyEdges(id))
          if (!filter || filter.has(e.name as EdgeType)) out.push({ id: other(e, id), edge: e, mode });
        return;
      }
      graph.forEachIncidentEdge(id, (e) => {
        if (filter && !filter.has(e.name as EdgeType)) return;
        if (type === 'impact') {
          if (e.name === 'owns') {
            // Deleting an owner deletes what it owns; a failing owned object degrades its owner.
            if (e.v === id) {
              if (mode === 'deleted') out.push({ id: e.w, edge: e, mode: 'deleted' });
            } else out.push({ id: e.v, edge: e, mode: 'degraded' });
          } else if (dependentOf(e) !== id) out.push({ id: other(e, id), edge: e, mode: 'degraded' });
        } else if (type === 'dependents') {
          if (dependentOf(e) !== id) out.push({ id: other(e, id), edge: e, mode });
        } else out.push({ id: other(e, id), edge: e, mode });
      });
    };
    return this.traverse(root, steps, o);
  }

  private traverse(
    root: string,
    steps: (id: string, mode: Mode, out: Step[]) => void,
    o: QueryOptions,
  ): QueryResult {
    const graph = this.graph;
    const maxNodes = o.maxNodes ?? MAX_RESULT_NODES;
    const seen = new Map<string, ResultNode>();
    const hidden = new Set<string>();
    const edges: ResultEdge[] = [];
    // graphlib hands out one frozen object per edge, so identity is the edge's key.
    const edgeSeen = new Set<Edge>();
    seen.set(root, { id: root, ref: parseNodeId(root), depth: 0, missing: graph.isMissing(root) });
    let frontier: { id: string; mode: Mode }[] = [{ id: root, mode: 'deleted' }];
    let truncated = false;
    let found = o.target === root;
    const out: Step[] = [];
    for (let depth = 1; depth <= o.maxDepth && frontier.length > 0 && !found && !truncated; depth++) {
      const next: { id: string; mode: Mode }[] = [];
      for (const { id, mode } of frontier) {
        out.length = 0;
        steps(id, mode, out);
        for (const step of out) {
          if (hidden.has(step.id)) continue;
          const known = seen.has(step.id);
          if (known && edgeSeen.has(step.edge)) continue;
          let ref: NodeRef | undefined;
          if (!known) {
            ref = graph.refOf(step.id);
            if (o.visible && !o.visible(ref)) {
              hidden.add(step.id);
              continue;
            }
          }
          const e = step.edge;
          const missing = graph.isMissing(step.id);
          const edge: ResultEdge = {
            from: e.v,
            to: e.w,
            type: e.name as EdgeType,
            dangling: missing || graph.isMissing(id),
          };
          if (!edgeSeen.has(e) && (known || seen.size < maxNodes)) {
            edgeSeen.add(e);
            edges.push(edge);
          }
          if (known) continue;
          if (seen.size >= maxNodes) {
            truncated = true;
            break;
          }
          seen.set(step.id, { id: step.id, ref: ref!, depth, missing, via: { parent: id, edge } });
          if (step.id === o.target) found = true;
          next.push({ id: step.id, mode: step.mode });
        }
        if (truncated || found) break;
      }
      frontier = next;
    }
    if (o.target !== undefined) return this.pathOnly(root, o.target, seen, hidden.size, found);
    return { root, nodes: [...seen.values()], edges, hidden: hidden.size, truncated };
  }

  /** Keeps only the nodes and edges of the path from root to target (breadth first: a shortest one). */
  private pathOnly(
    root: string,
    target: string,
    seen: Map<string, ResultNode>,
    hidden: number,
    found: boolean,
  ): QueryResult {
    if (!found) return { root, nodes: [seen.get(root)!], edges: [], hidden, truncated: false, found };
    const chain: ResultNode[] = [];
    for (let n = seen.get(target); n; n = n.via ? seen.get(n.via.parent) : undefined) chain.unshift(n);
    return {
      root,
      nodes: chain,
      edges: chain.flatMap((n) => (n.via ? [n.via.edge] : [])),
      hidden,
      truncated: false,
      found,
    };
  }
}
