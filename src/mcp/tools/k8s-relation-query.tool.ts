import { z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import {
  QUERY_TYPES,
  type QueryResult,
  type QueryType,
  type ResultEdge,
} from '../../graph/graph-query.engine.js';
import type { GraphService, NodeInfo } from '../../graph/graph.service.js';
import { EDGE_TYPES, type NodeRef, describeRef, nodeId, parseNodeId } from '../../graph/graph.types.js';
import { WATCHED_KINDS } from '../../sync/watched-kinds.js';
import { KIND_DESCRIPTION } from './shared/resource-kind.js';
import { similarNames } from '../../common/similar-names.js';
import { namespaceNotFound } from '../../common/errors/not-found.js';
import { defineTool, type ToolContext } from './tool-definition.js';
import { byKind, inNamespace } from './tool-scope.js';
import { assertCallerMayShow, callerMayShow, loadCallerView } from '../../security/caller-view.js';

/** How long a call waits for the initial sync before answering SYNC.NOT_READY. */
const SYNC_WAIT_MS = 2000;

/** Lines of tree the text answer draws; the rest stays in structuredContent. */
const MAX_TEXT_LINES = 200;

const GRAPH_KINDS = new Set(WATCHED_KINDS.map((k) => k.ref.kind));

/** What each query means, for the description and the answer's heading. */
const MEANING: Readonly<Record<QueryType, string>> = {
  dependencies: 'what it needs to work',
  dependents: 'what needs it to work',
  impact: 'what breaks if it fails or is deleted',
  path: 'how two objects are connected',
  neighbors: 'every object directly or transitively linked, in any direction',
};

const refSchema = z.object({
  kind: z.string().describe('Kind, e.g. "Pod".'),
  namespace: z.string().optional().describe('Namespace (absent for cluster-scoped kinds).'),
  name: z.string().describe('Name.'),
});

const nodeSchema = refSchema.extend({
  status: z.string().optional().describe('Short status (pod phase or reason, ready/desired replicas, …).'),
  missing: z.boolean().optional().describe('True when the object does not exist but is referred to.'),
  depth: z.number().int().describe('Hops from the queried object.'),
});

const edgeSchema = z.object({
  from: refSchema.describe('The object holding the reference or selector.'),
  to: refSchema.describe('The object referred to or selected.'),
  type: z.enum(EDGE_TYPES).describe('Relation type.'),
  dangling: z.boolean().describe('One end does not exist.'),
});

/** Answers relation questions from the in-memory relationship graph. */
export const relationQueryTool = defineTool({
  name: 'k8s-relation-query',
  title: 'Query relationships between cluster objects',
  description:
    'How cluster objects relate, from the in-memory relationship graph: dependencies (what the object needs: ConfigMaps, Secrets, PVCs, ServiceAccount, Node, owners), ' +
    'dependents (what needs it), impact (what breaks if it fails or is deleted, e.g. for a ConfigMap the pods mounting it, their owners and the Services selecting them), ' +
    'path (how it connects to target_type/target_name), neighbors (everything linked). ' +
    'References to objects that do not exist are reported as dangling. ' +
    'Answers an indented tree: "A -[mounts]-> B" means A refers to B, "<-[selects]- C" means C refers to the line above.',
  inputSchema: {
    query_type: z.enum(QUERY_TYPES).describe('The question (see the tool description).'),
    resource_type: z.string().min(1).describe(KIND_DESCRIPTION),
    resource_name: z.string().min(1).describe('Name of the object.'),
    namespace: z
      .string()
      .min(1)
      .optional()
      .describe('Namespace of the object; ignored for cluster-scoped kinds.'),
    max_depth: z
      .number()
      .int()
      .min(1)
      // The largest GRAPH_MAX_DEPTH the configuration accepts; the server's own setting caps it further.
      .max(10)
      .optional()
      .describe('Hops to follow (path: the longest path tried). Default and maximum: GRAPH_MAX_DEPTH.'),
    edge_types: z
      .array(z.enum(EDGE_TYPES))
      .optional()
      .describe('Follow only these relation types (default: all).'),
    target_type: z.string().min(1).optional().describe('path only: kind of the object to reach.'),
    target_name: z.string().min(1).optional().describe('path only: name of the object to reach.'),
    target_namespace: z
      .string()
      .min(1)
      .optional()
      .describe("path only: its namespace (default: the queried object's)."),
  },
  outputSchema: {
    query_type: z.enum(QUERY_TYPES).describe('The query run.'),
    root: nodeSchema.describe('The queried object.'),
    max_depth: z.number().int().describe('The depth actually used (after the GRAPH_MAX_DEPTH cap).'),
    nodes: z.array(nodeSchema).describe('Objects reached, breadth first, the queried object first.'),
    edges: z.array(edgeSchema).describe('Relations followed.'),
    dangling: z.array(edgeSchema).describe('Followed relations whose target (or source) does not exist.'),
    hidden: z
      .number()
      .int()
      .describe('Objects left out because their namespace is not accessible through this server.'),
    truncated: z
      .boolean()
      .describe('The answer reached its size limit; narrow it with max_depth or edge_types.'),
    found: z.boolean().optional().describe('path only: whether a path was found within max_depth.'),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: (args, ctx) => byKind(args.resource_type, inNamespace(args.namespace, ctx.config), ctx),
  handler: async (args, ctx) => {
    await loadCallerView();
    const graph = ctx.graph;
    if (!graph.enabled) {
      throw new AppError(
        'SYNC.NOT_READY',
        'failed to query relations: the relationship graph is disabled on this server',
        {
          hint: 'it is off because ENABLE_KNOWLEDGE_GRAPH=false; use k8s-get-resource and k8s-list-resources to follow references by hand',
        },
      );
    }
    if (!(await graph.whenReady(SYNC_WAIT_MS))) {
      throw new AppError('SYNC.NOT_READY', 'failed to query relations: the cluster model is still syncing', {
        hint: 'retry in a few seconds (see /intelligent/status for progress)',
      });
    }
    const root = await resolveObject(
      ctx,
      graph,
      'resource_type',
      args.resource_type,
      args.resource_name,
      args.namespace,
    );
    const maxDepth = Math.min(args.max_depth ?? ctx.config.GRAPH_MAX_DEPTH, ctx.config.GRAPH_MAX_DEPTH);
    let target: NodeRef | undefined;
    if (args.query_type === 'path') {
      if (!args.target_type || !args.target_name) {
        throw new AppError('INPUT.INVALID', 'target_type and target_name are required for query_type path', {
          hint: 'name the object to reach, e.g. target_type "configmap", target_name "app-config"',
        });
      }
      target = await resolveObject(
        ctx,
        graph,
        'target_type',
        args.target_type,
        args.target_name,
        args.target_namespace ?? root.namespace ?? args.namespace,
      );
    }
    const result = graph.query(args.query_type, root, {
      maxDepth,
      edgeTypes: args.edge_types,
      visible: (ref) => visible(ctx, ref),
      target: target ? nodeId(target) : undefined,
    });
    return render(args.query_type, result, maxDepth, graph, target);
  },
});

/**
 * Whether a node may be shown: its namespace is allowed (for a Namespace node, the namespace
 * itself), and the caller's person may list its kind there.
 */
function visible(ctx: ToolContext, ref: NodeRef): boolean {
  return callerMayShow(ctx.policy, ref.kind, ref.namespace, ref.name);
}

/** Resolves kind (catalogue: short names, plurals) and finds the node; unknown names get close ones. */
async function resolveObject(
  ctx: ToolContext,
  graph: GraphService,
  typeArg: 'resource_type' | 'target_type',
  type: string,
  name: string,
  namespaceArg: string | undefined,
): Promise<NodeRef> {
  const kind = await ctx.catalogue.resolve(type).catch((err: unknown) => {
    // The catalogue speaks of "kind", the argument of k8s-get-resource; here it is typeArg.
    if (AppError.is(err, 'INPUT.INVALID')) {
      const reason = err.message.startsWith('kind: ') ? err.message.slice('kind: '.length) : err.message;
      throw new AppError('INPUT.INVALID', `${typeArg}: ${reason}`, err.options);
    }
    throw err;
  });
  if (!GRAPH_KINDS.has(kind.kind) || !graph.holds(kind.kind)) {
    throw new AppError('INPUT.INVALID', `${typeArg}: the relationship graph does not hold ${kind.plural}`, {
      hint: `it holds ${[...GRAPH_KINDS].filter((k) => graph.holds(k) && k !== 'Event').join(', ')}`,
    });
  }
  const namespace = kind.namespaced ? (namespaceArg ?? ctx.config.K8S_NAMESPACE) : undefined;
  if (namespace === 'all') {
    throw new AppError('INPUT.INVALID', 'namespace: "all" names no namespace; an object lives in one', {
      hint: `give its namespace; k8s-list-resources (kind ${kind.plural}, namespace "all") finds it`,
    });
  }
  if (namespace) ctx.policy.assertVisible(namespace);
  if (kind.kind === 'Namespace') ctx.policy.assertAllowed(name);
  const ref: NodeRef = namespace ? { kind: kind.kind, namespace, name } : { kind: kind.kind, name };
  // A person is refused what they may not list, whether it exists or not, as the API server would.
  assertCallerMayShow(ctx.policy, ref);
  if (graph.node(ref)) return ref;
  // From the graph alone (it holds what it answers about): the namespace, then the name elsewhere.
  const namespaces = graph.holds('Namespace')
    ? graph.names('Namespace').filter((n) => callerMayShow(ctx.policy, 'Namespace', undefined, n))
    : [];
  if (namespace && namespaces.length > 0 && !namespaces.includes(namespace))
    throw namespaceNotFound(namespace, similarNames(namespace, namespaces));
  const similar = similarNames(name, graph.names(kind.kind, namespace));
  const elsewhere = kind.namespaced
    ? namespaces
        .filter(
          (n) =>
            n !== namespace &&
            callerMayShow(ctx.policy, kind.kind, n, name) &&
            graph.node({ kind: kind.kind, namespace: n, name }),
        )
        .slice(0, 5)
    : [];
  const where = namespace ? ` in namespace '${namespace}'` : '';
  throw new AppError(
    'K8S.NOT_FOUND',
    `failed to query relations of ${kind.kind.toLowerCase()} '${name}'${where}: not found`,
    {
      hint: elsewhere.length
        ? `${kind.kind.toLowerCase()} '${name}' exists in namespace ${elsewhere.map((n) => `'${n}'`).join(', ')}: pass namespace "${elsewhere[0]}"`
        : similar.length
          ? `${namespace ? 'the namespace' : 'the cluster'} has ${kind.plural} ${similar.map((n) => `'${n}'`).join(', ')}`
          : `list what exists with k8s-list-resources (kind ${kind.plural})`,
      details: {
        kind: kind.kind,
        name,
        ...(namespace ? { namespace } : {}),
        suggestions: similar,
        ...(elsewhere.length ? { foundInNamespaces: elsewhere } : {}),
      },
    },
  );
}

function render(type: QueryType, r: QueryResult, maxDepth: number, graph: GraphService, target?: NodeRef) {
  const info = new Map<string, NodeInfo>(r.nodes.map((n) => [n.id, graph.info(n.ref)]));
  const label = (id: string) => {
    const n = info.get(id) ?? { ...parseNodeId(id) };
    const state = n.missing ? 'MISSING' : n.status;
    return `${describeRef(n)}${state ? ` (${state})` : ''}`;
  };
  const rootRef = r.nodes[0]!.ref;
  const heading =
    type === 'path'
      ? `path from ${describeRef(rootRef)} to ${describeRef(target!)}: ${r.found ? `${r.edges.length} hop(s)` : `none within ${maxDepth} hops`}`
      : `${type} of ${describeRef(rootRef)} — ${MEANING[type]} (depth ≤ ${maxDepth}): ${r.nodes.length - 1} object(s)`;
  const children = new Map<string, string[]>();
  for (const n of r.nodes.slice(1)) {
    const p = n.via!.parent;
    children.set(p, [...(children.get(p) ?? []), n.id]);
  }
  const lines: string[] = [heading, label(r.root)];
  const byId = new Map(r.nodes.map((n) => [n.id, n]));
  const draw = (id: string, indent: string) => {
    for (const child of children.get(id) ?? []) {
      if (lines.length >= MAX_TEXT_LINES) return;
      const e = byId.get(child)!.via!.edge;
      const arrow = e.from === id ? `-[${e.type}]->` : `<-[${e.type}]-`;
      lines.push(`${indent}${arrow} ${label(child)}`);
      draw(child, `${indent}  `);
    }
  };
  draw(r.root, '  ');
  if (lines.length >= MAX_TEXT_LINES) lines.push(`… ${r.nodes.length} objects in all: see structuredContent`);
  const dangling = r.edges.filter((e) => e.dangling);
  if (dangling.length > 0) {
    lines.push(`dangling references (${dangling.length}):`);
    for (const e of dangling.slice(0, 20))
      lines.push(
        `  ${describeRef(parseNodeId(e.from))} -[${e.type}]-> ${describeRef(parseNodeId(e.to))}: ${graph.node(parseNodeId(e.to))?.missing ? 'target' : 'source'} does not exist`,
      );
  }
  if (r.hidden > 0)
    lines.push(`${r.hidden} object(s) hidden: their namespaces are not accessible through this server`);
  if (r.truncated) lines.push('answer truncated at its size limit: narrow it with max_depth or edge_types');
  const edge = (e: ResultEdge) => ({
    from: parseNodeId(e.from),
    to: parseNodeId(e.to),
    type: e.type,
    dangling: e.dangling,
  });
  return {
    text: lines.join('\n'),
    structured: {
      query_type: type,
      root: { ...info.get(r.root)!, depth: 0 },
      max_depth: maxDepth,
      nodes: r.nodes.map((n) => ({ ...info.get(n.id)!, depth: n.depth })),
      edges: r.edges.map(edge),
      dangling: dangling.map(edge),
      hidden: r.hidden,
      truncated: r.truncated,
      ...(type === 'path' ? { found: r.found ?? false } : {}),
    },
  };
}
