import { z } from 'zod';
import { SUMMARY_TYPES } from '../../summary/summary-builder.js';
import { defineTool } from './tool-definition.js';

/** A cluster summary within a byte budget, worst problems first, from the watch cache. */
export const clusterSummaryTool = defineTool({
  name: 'k8s-cluster-summary',
  title: 'Cluster summary',
  description:
    'Summarise the cluster or one namespace within a hard size budget, worst problems first. ' +
    'Anomalies are ranked by severity and blast radius (CrashLoopBackOff, image pull errors, OOMKilled, unschedulable pods, NotReady nodes, ' +
    'unavailable workloads, Services without endpoints, missing Ingress backends, failed Jobs, stuck PVCs, HPA and PDB problems, ...), ' +
    'followed by nodes and capacity, namespaces, workloads and warning events. Start here for "what is wrong with my cluster?". ' +
    'Whatever does not fit in max_size_kb is announced with the exact tool call that shows it. Answered from the watch cache in milliseconds. ' +
    'Example: {"summary_type":"overview","max_size_kb":10,"include_anomalies":true}.',
  inputSchema: {
    summary_type: z
      .enum(SUMMARY_TYPES)
      .optional()
      .describe(
        'overview (default): the whole cluster; namespace: one namespace in detail (needs namespace); workloads: every Deployment/StatefulSet/DaemonSet/Job/CronJob with desired/ready/available; nodes: every node with conditions and capacity; anomalies: every finding with evidence and hints.',
      ),
    namespace: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Limit the summary to this namespace (summary_type namespace defaults to the server default namespace).',
      ),
    max_size_kb: z
      .number()
      .min(1)
      .max(1024)
      .optional()
      .describe(
        'Hard upper bound of the text in KB (1 KB = 1024 bytes of UTF-8). Default: the server setting MAX_SUMMARY_SIZE_KB.',
      ),
    include_anomalies: z
      .boolean()
      .optional()
      .describe('Put the ranked anomalies first (default true; the anomalies type always has them).'),
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
  async handler(args, ctx) {
    const type = args.summary_type ?? 'overview';
    const namespace = args.namespace ?? (type === 'namespace' ? ctx.config.K8S_NAMESPACE : undefined);
    const result = await ctx.summary.summarize({
      type,
      namespace,
      maxBytes: Math.floor((args.max_size_kb ?? ctx.config.MAX_SUMMARY_SIZE_KB) * 1024),
      includeAnomalies: args.include_anomalies ?? true,
    });
    return { text: result.text, structured: result.structured };
  },
});
