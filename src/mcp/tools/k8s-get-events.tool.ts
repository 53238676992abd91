import { z } from 'zod';
import { KINDS } from '../../k8s/resource-ref.js';
import { formatAge } from './shared/age.js';
import { eventTime } from '../../k8s/objects/index.js';
import { aggregateEvents, type KubeEvent } from './shared/events.js';
import { describeFreshness, freshArg, freshnessFields, freshnessOutput } from './shared/freshness.js';
import { targetNamespace } from './shared/list-runner.js';
import { assertNamespaceExists } from './shared/not-found.js';
import { foldRecords, renderFoldedTable } from './shared/fold.js';
import { defineTool } from './tool-definition.js';
import { namespaceOrAll } from './tool-scope.js';

// Events are read in one large page and filtered here; aggregation needs them together.
const FETCH_LIMIT = 2000;

/** Recent events, newest first, repeated ones folded with counts. */
export const getEventsTool = defineTool({
  name: 'k8s-get-events',
  title: 'List events',
  description:
    'List recent Kubernetes events (scheduling failures, image pull errors, crashes, scaling), newest first, with repeated events folded into one line with a count. ' +
    'Filter by namespace, involved object kind/name, type Warning/Normal and age.',
  inputSchema: {
    namespace: z.string().min(1).optional().describe('Namespace, or "all".'),
    kind: z
      .string()
      .min(1)
      .optional()
      .describe('Only events about objects of this kind, e.g. "Pod", "Deployment".'),
    name: z.string().min(1).optional().describe('Only events about the object with this name.'),
    type: z.enum(['Normal', 'Warning']).optional().describe('Only events of this type.'),
    sinceMinutes: z
      .number()
      .int()
      .min(1)
      // Ten years: anything larger means "all" and would put the cutoff before year 0 (RangeError).
      .max(5_256_000)
      .optional()
      .describe('Only events last seen within this many minutes.'),
    limit: z
      .number()
      .int()
      .min(1)
      // The largest K8S_MAX_RESOURCES the configuration accepts; the server's own setting caps it further.
      .max(10_000)
      .optional()
      .describe('At most this many folded events (default and maximum: K8S_MAX_RESOURCES).'),
    fresh: freshArg,
  },
  outputSchema: {
    namespace: z.string().describe('Namespace listed, or "all".'),
    count: z.number().int().describe('Folded events returned.'),
    remaining: z.number().int().describe('Folded events beyond the limit.'),
    folded: z
      .object({
        namespace: z.string(),
        type: z.string(),
        reason: z.string(),
        count: z.number().int(),
        firstSeen: z.string(),
        source: z.string(),
      })
      .partial()
      .optional()
      .describe(
        'Values most events share (long answers only): an event without such a field has this value.',
      ),
    events: z
      .array(
        z.object({
          // Optional only because a value stated in `folded` is left out of the events that share it.
          namespace: z.string().optional(),
          type: z.string().optional(),
          reason: z.string().optional(),
          object: z.string(),
          message: z.string(),
          count: z.number().int().optional(),
          firstSeen: z.string().optional(),
          lastSeen: z.string(),
          source: z.string().optional(),
        }),
      )
      .describe('Events, newest first; fields stated in `folded` are left out where they agree.'),
    ...freshnessOutput,
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: (args, { config }) => namespaceOrAll(args.namespace, config),
  handler: async (args, ctx) => {
    const target = targetNamespace(ctx);
    // "deploy" or "deployments" mean Deployment; a kind the cluster does not serve is an error with
    // the kinds like it, not "No events found".
    const kind = args.kind ? (await ctx.catalogue.resolve(args.kind)).kind : undefined;
    const selectors = [
      kind ? `involvedObject.kind=${kind}` : undefined,
      args.name ? `involvedObject.name=${args.name}` : undefined,
      args.type ? `type=${args.type}` : undefined,
    ].filter(Boolean);
    const page = await ctx.reads.list<KubeEvent>(
      KINDS.event,
      {
        namespace: target.namespace,
        allNamespaces: target.all,
        fieldSelector: selectors.join(',') || undefined,
        limit: FETCH_LIMIT,
      },
      { fresh: args.fresh },
    );
    const cutoff = args.sinceMinutes ? new Date(Date.now() - args.sinceMinutes * 60_000).toISOString() : '';
    const recent = page.items.filter((e) => eventTime(e) >= cutoff);
    const folded = aggregateEvents(recent);
    const limit = Math.min(args.limit ?? ctx.config.K8S_MAX_RESOURCES, ctx.config.K8S_MAX_RESOURCES);
    const shown = folded.slice(0, limit);
    const now = Date.now();
    const where = target.all ? 'all visible namespaces' : `namespace '${target.namespace}'`;
    const lines: string[] = [];
    if (page.items.length === 0 && target.namespace) await assertNamespaceExists(ctx.reads, target.namespace);
    if (shown.length === 0) lines.push(`No events found in ${where}.`);
    else {
      const headers = [
        ...(target.all ? ['NAMESPACE'] : []),
        'LAST SEEN',
        'TYPE',
        'REASON',
        'OBJECT',
        'COUNT',
        'MESSAGE',
      ];
      const rows = shown.map((e) => [
        ...(target.all ? [e.namespace] : []),
        formatAge(e.lastSeen, now),
        e.type,
        e.reason,
        e.object,
        String(e.count),
        e.message.replace(/\s+/g, ' '),
      ]);
      // A busy namespace's events mostly share type, reason and count (1,000 "Normal Scheduled 1"):
      // stated once (fold.ts). The object and the message are what each line is about.
      lines.push(
        renderFoldedTable(headers, rows, {
          foldable: (h) => h !== 'NAMESPACE' && h !== 'OBJECT',
          textLast: true,
        }).text,
      );
    }
    if (folded.length > shown.length)
      lines.push(
        `… and ${folded.length - shown.length} more events: narrow with kind, name, type or sinceMinutes.`,
      );
    if (page.continue)
      lines.push(`(only the first ${FETCH_LIMIT} raw events were read: narrow the query to see all)`);
    if (page.omitted.namespaces.length) {
      lines.push(
        `Events of ${page.omitted.namespaces.length} namespace(s) hidden by the server policy were left out.`,
      );
    }
    lines.push(describeFreshness(page.freshness));
    const structured = foldRecords(shown, (k) => k !== 'object' && k !== 'message' && k !== 'lastSeen');
    return {
      text: lines.join('\n'),
      structured: {
        namespace: target.all ? 'all' : target.namespace!,
        count: shown.length,
        remaining: folded.length - shown.length,
        ...(structured.folded ? { folded: structured.folded } : {}),
        events: structured.items,
        ...freshnessFields(page.freshness),
      },
    };
  },
});
