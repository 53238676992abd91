import { z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import type { GraphService } from '../../graph/graph.service.js';
import { type NodeRef, describeRef, nodeId } from '../../graph/graph.types.js';
import type { ChangeRecord } from '../../timeline/change-record.js';
import { renderChange } from '../../timeline/change-record.js';
import { UNJOURNALLED_KINDS } from '../../timeline/change-diff.js';
import { WATCHED_KINDS } from '../../sync/watched-kinds.js';
import { defineTool, type ToolContext } from './tool-definition.js';
import { CLUSTER_WIDE, namespaceOrAll } from './tool-scope.js';
import { assertNamespaceExists } from './shared/not-found.js';
import {
  assertCallerMayShow,
  assertCallerSeesNamespace,
  callerMayShow,
  loadCallerView,
} from '../../security/caller-view.js';

/** Kinds the journal records: the watched ones but Events and EndpointSlices. */
const JOURNALLED = new Set(WATCHED_KINDS.map((k) => k.ref.kind).filter((k) => !UNJOURNALLED_KINDS.has(k)));

/** Thirty days: the longest TIMELINE_MAX_AGE; asking further back can find nothing more. */
const MAX_SINCE_MINUTES = 43_200;
/** Default window: the last hour, the usual "what changed before it broke" question. */
const DEFAULT_SINCE_MINUTES = 60;
/** Records per page by default and at most (one line each, so a page stays readable). */
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
/**
 * Hops followed from each object of the relatedTo workload, both ways: a pod's ConfigMap, Secret,
 * Node, claim and account (and a claim's volume) are one or two hops away, and so are the
 * Services and Ingresses in front of it. Deeper reaches unrelated objects.
 */
const RELATED_DEPTH = 2;
/** Objects of a workload (owner chain and owned objects) whose neighbours are followed. */
const MAX_WORKLOAD_OBJECTS = 200;

const refArg = z
  .object({
    kind: z.string().min(1).describe('Kind, e.g. "deploy".'),
    name: z.string().min(1).describe('Name.'),
    namespace: z.string().min(1).optional().describe('Namespace (default: the server default).'),
  })
  .strict();

/** Answers "what changed?" from the change journal the watches feed. */
export const whatChangedTool = defineTool({
  name: 'k8s-what-changed',
  title: 'What changed in the cluster',
  description:
    'What changed recently (created, updated, deleted), from watches: newest first, grouped by object, one line per change ' +
    '(`image web:1.4 → web:1.5`, `replicas 3 → 0`, `Ready True → False`) and who made it. The first question of an incident. ' +
    'relatedTo: that object, its dependencies and dependents (for a Deployment: its pods, their ConfigMaps, Secrets, Node, Services). ' +
    'Never shows Secret/ConfigMap values. namespace defaults to all.',
  inputSchema: {
    sinceMinutes: z
      .number()
      .int()
      .min(1)
      .max(MAX_SINCE_MINUTES)
      .optional()
      .describe(`Look back this many minutes (default ${DEFAULT_SINCE_MINUTES}).`),
    since: z.string().min(1).optional().describe('Or from this ISO 8601 time.'),
    namespace: z.string().min(1).optional().describe('Only this namespace ("all": every visible one).'),
    kind: z.string().min(1).optional().describe('Only this kind.'),
    name: z.string().min(1).optional().describe('Only objects of this name.'),
    relatedTo: refArg.optional().describe('Only this object and its dependencies and dependents.'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_LIMIT)
      .optional()
      .describe(`Changes per page (default ${DEFAULT_LIMIT}).`),
    continue: z.string().min(1).optional().describe('Token of the next page.'),
  },
  outputSchema: {
    since: z.string().describe('Start of the window.'),
    completeSince: z.string().describe('The journal holds every change after this time.'),
    gaps: z
      .array(z.object({}))
      .optional()
      .describe('Times no server recorded (from, to): changes then are missing.'),
    changes: z.array(z.object({})).describe('Changes: time, op, kind, namespace, name, manager, changes[].'),
    hidden: z.number().int().describe('Changes left out: namespaces not accessible.'),
    continue: z.string().optional().describe('Token of the next page.'),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: (args, { config }) =>
    args.namespace === undefined ? CLUSTER_WIDE : namespaceOrAll(args.namespace, config),
  handler: async (args, ctx) => {
    await loadCallerView();
    const journal = ctx.changes;
    if (!journal.enabled) {
      throw new AppError(
        'SYNC.NOT_READY',
        'failed to list changes: the change journal is disabled on this server',
        {
          hint: 'it is off because TIMELINE_ENABLED=false; k8s-get-events shows what the API server keeps',
        },
      );
    }
    const now = Date.now();
    const sinceMs = parseSince(args.since, args.sinceMinutes, now);
    const beforeSeq = parseContinue(args.continue);
    const namespace = args.namespace === 'all' ? undefined : args.namespace;
    if (namespace) ctx.policy.assertVisible(namespace);
    if (namespace) assertCallerSeesNamespace(ctx.policy, namespace);
    const kind = args.kind ? (await journalledKind(ctx, args.kind, 'kind')).kind : undefined;
    const related = args.relatedTo ? await relatedSet(ctx, args.relatedTo) : undefined;
    let hidden = 0;
    const visible = (r: ChangeRecord) => callerMayShow(ctx.policy, r.kind, r.namespace, r.name);
    const page = journal.query({
      sinceMs,
      beforeSeq,
      limit: Math.min(args.limit ?? DEFAULT_LIMIT, MAX_LIMIT),
      match: (r) => {
        if (namespace && r.namespace !== namespace) return false;
        if (kind && r.kind !== kind) return false;
        if (args.name && r.name !== args.name) return false;
        if (related && !related.matches(r)) return false;
        if (!visible(r)) {
          hidden++;
          return false;
        }
        return true;
      },
    });
    // No change in a namespace that does not exist is a typo, not a quiet namespace. (A namespace
    // deleted in the window still shows its changes, its deletion among them.)
    if (namespace && page.records.length === 0 && args.continue === undefined)
      await assertNamespaceExists(ctx.reads, namespace);
    const stats = journal.stats();
    return renderChanges(page.records, page.nextBeforeSeq, {
      sinceMs,
      completeSince: Math.max(stats.completeSince, stats.recordingSince),
      recordingSince: stats.recordingSince,
      gaps: stats.gaps,
      hidden,
      maxBytes: ctx.config.MAX_SUMMARY_SIZE_KB * 1024,
      related: related?.root,
    });
  },
});

function parseSince(since: string | undefined, minutes: number | undefined, now: number): number {
  if (since !== undefined) {
    const t = Date.parse(since);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(since) || Number.isNaN(t)) {
      throw new AppError(
        'INPUT.INVALID',
        `since: expected an ISO 8601 time such as 2026-12-05T07:30:00Z, got '${since.slice(0, 40)}'`,
        {
          hint: 'or give sinceMinutes',
        },
      );
    }
    return t;
  }
  return now - (minutes ?? DEFAULT_SINCE_MINUTES) * 60_000;
}

function parseContinue(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  if (!/^c\d{1,15}$/.test(token))
    throw new AppError('INPUT.INVALID', 'continue: not a token this tool returned', {
      hint: 'pass the "continue" value of the previous answer unchanged, or leave it out for the first page',
    });
  return Number(token.slice(1));
}

/** A kind as a model types it ("deploy", "svc"), resolved by the catalogue, that the journal records. */
async function journalledKind(
  ctx: ToolContext,
  typed: string,
  arg: string,
): Promise<{ kind: string; namespaced: boolean }> {
  const resolved = await ctx.catalogue.resolve(typed).catch((err: unknown) => {
    if (AppError.is(err, 'INPUT.INVALID')) {
      const reason = err.message.startsWith('kind: ') ? err.message.slice('kind: '.length) : err.message;
      throw new AppError('INPUT.INVALID', `${arg}: ${reason}`, err.options);
    }
    throw err;
  });
  if (UNJOURNALLED_KINDS.has(resolved.kind) || !JOURNALLED.has(resolved.kind)) {
    throw new AppError('INPUT.INVALID', `${arg}: changes of ${resolved.plural} are not recorded`, {
      hint:
        resolved.kind === 'Event'
          ? 'events are their own history: use k8s-get-events'
          : 'only the watched built-in kinds are recorded (custom resources are not watched)',
    });
  }
  return { kind: resolved.kind, namespaced: resolved.namespaced };
}

interface Related {
  readonly root: NodeRef;
  matches(r: ChangeRecord): boolean;
}

/**
 * The object, its owner chain and what it owns (its workload), and everything within
 * RELATED_DEPTH of those as dependencies or dependents, through the relationship graph. A record
 * also matches through its controlling owner, so pods deleted since (an old ReplicaSet's) count.
 */
async function relatedSet(ctx: ToolContext, ref: z.infer<typeof refArg>): Promise<Related> {
  const { kind, namespaced } = await journalledKind(ctx, ref.kind, 'relatedTo.kind');
  const namespace = namespaced ? (ref.namespace ?? ctx.config.K8S_NAMESPACE) : undefined;
  if (namespace === 'all') {
    throw new AppError(
      'INPUT.INVALID',
      'relatedTo.namespace: "all" names no namespace; an object lives in one',
    );
  }
  if (namespace) ctx.policy.assertVisible(namespace);
  if (kind === 'Namespace') ctx.policy.assertAllowed(ref.name);
  const root: NodeRef = namespace ? { kind, namespace, name: ref.name } : { kind, name: ref.name };
  assertCallerMayShow(ctx.policy, root);
  const ids = new Set<string>([nodeId(root)]);
  const graph = ctx.graph;
  if (graph.enabled && (await graph.whenReady(2000)) && graph.node(root)) {
    const visible = (n: NodeRef) => callerMayShow(ctx.policy, n.kind, n.namespace, n.name);
    const workload = new Set<string>([nodeId(root)]);
    for (const type of ['dependents', 'dependencies'] as const) {
      const r = graph.query(type, root, { maxDepth: 3, edgeTypes: ['owns'], visible });
      for (const n of r.nodes) workload.add(n.id);
    }
    for (const id of [...workload].slice(0, MAX_WORKLOAD_OBJECTS)) {
      ids.add(id);
      const at = refOfId(graph, id);
      if (!at) continue;
      for (const type of ['dependents', 'dependencies'] as const) {
        for (const n of graph.query(type, at, { maxDepth: RELATED_DEPTH, visible }).nodes) ids.add(n.id);
      }
    }
  }
  // Most records are of other namespaces: one Set lookup turns them away before any string is built.
  const namespaces = new Set([...ids].map((id) => id.split('/')).map((p) => (p.length === 3 ? p[1]! : '')));
  return {
    root,
    matches: (r) => {
      if (!namespaces.has(r.namespace ?? '')) return false;
      if (ids.has(r.namespace ? `${r.kind}/${r.namespace}/${r.name}` : `${r.kind}/${r.name}`)) return true;
      if (r.owner === undefined || r.namespace === undefined) return false;
      const slash = r.owner.indexOf('/');
      return ids.has(`${r.owner.slice(0, slash)}/${r.namespace}${r.owner.slice(slash)}`);
    },
  };
}

function refOfId(graph: GraphService, id: string): NodeRef | undefined {
  const parts = id.split('/');
  const ref: NodeRef =
    parts.length === 3
      ? { kind: parts[0]!, namespace: parts[1], name: parts[2]! }
      : { kind: parts[0]!, name: parts[1]! };
  return graph.node(ref) ? ref : undefined;
}

const hms = (t: number) => new Date(t).toISOString().slice(11, 19);

/** The answer for a page of records: grouped text within maxBytes, and the structured records. */
export function renderChanges(
  records: readonly ChangeRecord[],
  nextBeforeSeq: number | undefined,
  o: {
    sinceMs: number;
    completeSince: number;
    recordingSince: number;
    /** Times no server recorded (the on-disk journal across restarts). */
    gaps?: readonly { from: number; to: number }[];
    hidden: number;
    maxBytes: number;
    related?: NodeRef;
  },
) {
  const groups = new Map<string, { ref: NodeRef; lines: string[] }>();
  const shown: ChangeRecord[] = [];
  let bytes = 0;
  let next = nextBeforeSeq;
  for (const r of records) {
    const key = `${r.kind}/${r.namespace ?? ''}/${r.name}`;
    const diff = r.changes.map(renderChange).join('; ');
    const by = r.manager ? ` by ${r.manager}` : '';
    const line = `  ${hms(r.time)} ${r.op}${by}${diff ? `: ${diff}` : ''}`;
    const cost = Buffer.byteLength(line) + 1 + (groups.has(key) ? 0 : 80);
    if (shown.length > 0 && bytes + cost > o.maxBytes) {
      // The size budget: the rest is the next page.
      next = shown.at(-1)!.seq;
      break;
    }
    bytes += cost;
    shown.push(r);
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = { ref: r.namespace ? { kind: r.kind, namespace: r.namespace, name: r.name } : r, lines: [] }),
      );
    g.lines.push(line);
  }
  const sinceIso = new Date(o.sinceMs).toISOString();
  const completeIso = new Date(o.completeSince).toISOString();
  const around = o.related ? ` around ${describeRef(o.related)}` : '';
  const lines = [
    `changes${around} since ${sinceIso}, newest first: ${shown.length} change(s) to ${groups.size} object(s)`,
  ];
  if (o.completeSince > o.sinceMs)
    lines.push(
      o.completeSince > o.recordingSince
        ? `note: complete only since ${completeIso}: older changes were dropped (TIMELINE_MAX_AGE / TIMELINE_MEMORY_LIMIT)`
        : `note: complete only since ${completeIso}, when this server began recording`,
    );
  const gaps = (o.gaps ?? []).filter((g) => g.to > o.sinceMs);
  for (const g of gaps)
    lines.push(
      `note: not recording from ${new Date(g.from).toISOString()} to ${new Date(g.to).toISOString()} (no server was watching: changes made then are missing)`,
    );
  for (const g of groups.values()) lines.push(describeRef(g.ref), ...g.lines);
  if (o.hidden > 0)
    lines.push(`${o.hidden} change(s) hidden: their namespaces are not accessible through this server`);
  if (next !== undefined) lines.push(`more changes: pass continue "c${next}"`);
  return {
    text: lines.join('\n'),
    structured: {
      since: sinceIso,
      completeSince: completeIso,
      ...(gaps.length
        ? {
            gaps: gaps.map((g) => ({
              from: new Date(g.from).toISOString(),
              to: new Date(g.to).toISOString(),
            })),
          }
        : {}),
      changes: shown.map((r) => ({
        time: new Date(r.time).toISOString(),
        op: r.op,
        kind: r.kind,
        ...(r.namespace ? { namespace: r.namespace } : {}),
        name: r.name,
        ...(r.manager ? { manager: r.manager } : {}),
        ...(r.owner ? { owner: r.owner } : {}),
        ...(r.revision ? { revision: r.revision } : {}),
        ...(r.restartedAt ? { restartedAt: r.restartedAt } : {}),
        changes: r.changes.map(renderChange),
      })),
      hidden: o.hidden,
      ...(next !== undefined ? { continue: `c${next}` } : {}),
    },
  };
}
