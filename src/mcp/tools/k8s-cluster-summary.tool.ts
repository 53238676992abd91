import { z } from 'zod';
import { SUMMARY_TYPES } from '../../summary/summary-builder.js';
import { renderSummary } from '../rendering/summary-text.js';
import { defineTool } from './tool-definition.js';
import { CLUSTER_WIDE, inNamespace, scopeNamespace } from './tool-scope.js';

/** A cluster summary within a byte budget, worst problems first, from the watch cache. */
export const clusterSummaryTool = defineTool({
  name: 'k8s-cluster-summary',
  title: 'Cluster summary',
  description:
    'Start here for "what is wrong?": the cluster or one namespace within a hard size budget, root causes first, ' +
    'each with what it takes down (crashes, image pulls, unschedulable pods, NotReady nodes, Services selecting nothing, missing references, failed Jobs, stuck PVCs, HPA/PDB problems), ' +
    'then nodes, namespaces, workloads and warning events. Every finding names the call that shows its evidence; whatever does not fit in max_size_kb is counted with the call that shows it.',
  inputSchema: {
    summary_type: z
      .enum(SUMMARY_TYPES)
      .optional()
      .describe(
        'overview (default); namespace: one namespace in detail; workloads: every workload with desired/ready; nodes: conditions, capacity, labels, taints; anomalies: every finding with evidence.',
      ),
    namespace: z.string().min(1).optional().describe('Limit the summary to this namespace.'),
    max_size_kb: z
      .number()
      .min(1)
      .max(1024)
      .optional()
      .describe('Upper bound of the text in KiB (default: MAX_SUMMARY_SIZE_KB).'),
    include_anomalies: z.boolean().optional().describe('Ranked findings first (default true).'),
  },
  outputSchema: {
    summaryType: z.string().describe('The summary type.'),
    namespace: z.string().optional().describe('The namespace summarised, if one.'),
    generatedAt: z.string().describe('When the summary was computed.'),
    kubernetesVersion: z.string().optional().describe('API server version.'),
    data: z.record(z.string(), z.unknown()).describe('Where the data came from and how fresh it is.'),
    hidden: z
      .object({
        namespaces: z.number(),
        objects: z.number(),
        allowed: z.number().optional(),
        denied: z.number().optional(),
      })
      .describe(
        'The namespace policy in numbers: size of the allow-list / deny-list, and hidden objects that were in the cache anyway (never names).',
      ),
    maxBytes: z.number().describe('The byte budget of the text.'),
    bytes: z.number().describe('Bytes of the text.'),
    truncated: z.boolean().describe('True when something did not fit (see omitted).'),
    sections: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .describe('Per section: totals, and the items shown in the text.'),
    omitted: z
      .array(z.object({ section: z.string(), omitted: z.number(), drillDown: z.string() }))
      .describe('What was cut, per section, with the tool call that shows it.'),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: (args, { config }) =>
    args.namespace !== undefined || args.summary_type === 'namespace'
      ? inNamespace(args.namespace, config)
      : CLUSTER_WIDE,
  async handler(args, ctx) {
    const type = args.summary_type ?? 'overview';
    const namespace = scopeNamespace(ctx.scope);
    const summary = await ctx.summary.summarize({
      type,
      namespace,
      includeAnomalies: args.include_anomalies ?? true,
    });
    const answer = renderSummary(
      summary,
      Math.floor((args.max_size_kb ?? ctx.config.MAX_SUMMARY_SIZE_KB) * 1024),
    );
    return { text: answer.text, structured: answer.structured };
  },
});
