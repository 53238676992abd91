import type { EdgeType, NodeRef } from './graph.types.js';
import { parseNodeId } from './graph.types.js';
import type { IndexedEdge, QueryIndexEntry, RelationGraph } from './relation-graph.js';

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

/** Runs relation queries on a RelationGraph. Every call allocates only its answer and two frontiers. */
export class GraphQueryEngine {
  constructor(private readonly graph: RelationGraph) {}

  /**
   * Runs one query from the node `root` (a node id that exists). Breadth first; a node's edges are
   * read by role (RelationGraph.rolesOf), so an impact query never looks at an edge it cannot follow:
   * from a Node at depth 3 that is about 400 edges instead of 2,800, with the same answer.
   *
   * Impact tells how a node was reached: `deleted` (the root, and what its deletion garbage-collects)
   * cascades down owns edges; `degraded` (everything else) does not, since a failing pod does not
   * delete its ReplicaSet's other pods.
   */
  run(type: QueryType, root: string, o: QueryOptions): QueryResult {
    const graph = this.graph;
    const filter = o.edgeTypes && o.edgeTypes.length > 0 ? new Set<string>(o.edgeTypes) : undefined;
    const maxNodes = o.maxNodes ?? MAX_RESULT_NODES;
    const visible = o.visible;
    const target = o.target;
    const mark = graph.nextQueryMark();
    const rootEntry = graph.entry(root);
    const rootNode: ResultNode = {
      id: root,
      ref: rootEntry?.ref ?? parseNodeId(root),
      depth: 0,
      missing: rootEntry?.missing ?? false,
    };
    const nodes: ResultNode[] = [rootNode];
    const edges: ResultEdge[] = [];
    let hidden = 0;
    let truncated = false;
    let found = target === root;
    if (!rootEntry) return this.answer(root, nodes, edges, hidden, truncated, found, target);
    rootEntry.mark = mark;
    // Frontiers: entries and, for impact, whether each was reached by deletion.
    let frontier: QueryIndexEntry[] = [rootEntry];
    let deletedFlags: boolean[] = [true];
    let next: QueryIndexEntry[] = [];
    let nextDeleted: boolean[] = [];
    let depth = 1;

    /** Follows the edges of one role from `from`; false once the answer is full. */
    const follow = (from: QueryIndexEntry, list: readonly IndexedEdge[], deleted: boolean): boolean => {
      for (let i = 0; i < list.length; i++) {
        const e = list[i]!;
        if (filter && !filter.has(e.name)) continue;
        const to = e.vEntry === from ? e.wEntry : e.vEntry;
        if (to.hiddenMark === mark) continue;
        const known = to.mark === mark;
        if (known && e.mark === mark) continue;
        if (!known && visible && !visible(to.ref)) {
          to.hiddenMark = mark;
          hidden++;
          continue;
        }
        const edge = (e.result ??= {
          from: e.v,
          to: e.w,
          type: e.name,
          dangling: to.missing || from.missing,
        });
        if (e.mark !== mark && (known || nodes.length < maxNodes)) {
          e.mark = mark;
          edges.push(edge);
        }
        if (known) continue;
        if (nodes.length >= maxNodes) {
          truncated = true;
          return false;
        }
        const node: ResultNode = {
          id: to.id,
          ref: to.ref,
          depth,
          missing: to.missing,
          via: { parent: from.id, edge },
        };
        to.mark = mark;
        nodes.push(node);
        if (to.id === target) found = true;
        next.push(to);
        nextDeleted.push(deleted);
      }
      return true;
    };

    for (; depth <= o.maxDepth && frontier.length > 0 && !found && !truncated; depth++) {
      for (let i = 0; i < frontier.length; i++) {
        const from = frontier[i]!;
        const roles = graph.rolesOf(from);
        // The same role order for every type, so that answers list what a node reaches consistently.
        switch (type) {
          case 'impact':
            // Deleting an owner deletes what it owns; a failing owned object degrades its owner.
            if (deletedFlags[i]) follow(from, roles.owned, true);
            if (!truncated) follow(from, roles.owners, false);
            if (!truncated) follow(from, roles.dependents, false);
            break;
          case 'dependencies':
            if (follow(from, roles.owners, false)) follow(from, roles.dependencies, false);
            break;
          case 'dependents':
            if (follow(from, roles.owned, false)) follow(from, roles.dependents, false);
            break;
          default:
            follow(from, roles.all, false);
        }
        if (truncated || found) break;
      }
      frontier = next;
      deletedFlags = nextDeleted;
      next = [];
      nextDeleted = [];
    }
    return this.answer(root, nodes, edges, hidden, truncated, found, target);
  }

  private answer(
    root: string,
    nodes: ResultNode[],
    edges: ResultEdge[],
    hidden: number,
    truncated: boolean,
    found: boolean,
    target: string | undefined,
  ): QueryResult {
    if (target !== undefined) return this.pathOnly(root, target, nodes, hidden, found);
    return { root, nodes, edges, hidden, truncated };
  }

  /** Keeps only the nodes and edges of the path from root to target (breadth first: a shortest one). */
  private pathOnly(
    root: string,
    target: string,
    nodes: ResultNode[],
    hidden: number,
    found: boolean,
  ): QueryResult {
    if (!found) return { root, nodes: [nodes[0]!], edges: [], hidden, truncated: false, found };
    const seen = new Map(nodes.map((n) => [n.id, n]));
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
