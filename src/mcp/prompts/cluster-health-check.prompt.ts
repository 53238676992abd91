import { renderSummary } from '../rendering/summary-text.js';
import type { PromptDefinition } from './prompt-definition.js';

/** Budget of the overview embedded in the prompt: leaves room for the model's own tool calls. */
const OVERVIEW_BYTES = 8 * 1024;

/** A health check of the whole cluster, pre-filled with the ranked overview. */
export const clusterHealthCheckPrompt: PromptDefinition = {
  listing: {
    name: 'cluster-health-check',
    title: 'Cluster health check',
    description:
      'Embeds the cluster overview (anomalies ranked by severity × blast radius, nodes, capacity, workloads, events) and asks for a prioritised health report with next steps.',
    arguments: [
      { name: 'namespace', description: 'Limit the check to one namespace (optional)', required: false },
    ],
  },
  async handler(args, ctx) {
    const namespace = args.namespace || undefined;
    const summary = renderSummary(
      await ctx.summary.summarize({ type: 'overview', namespace, includeAnomalies: true }),
      OVERVIEW_BYTES,
    );
    const text = [
      `Run a health check of ${namespace ? `namespace ${namespace} of ` : ''}this Kubernetes cluster.`,
      '',
      "The server's summary (from its watch cache; worst problems first):",
      summary.text,
      '',
      'Report, in this order:',
      '1. Overall health in one sentence (healthy / degraded / failing) and why.',
      '2. The problems that matter, most urgent first: for each the affected object, the evidence, the likely cause and the fix. Group findings with one cause (a crashing pod, its unavailable Deployment and its Service without endpoints are one problem).',
      '3. Capacity: nodes, requested vs allocatable CPU and memory, anything close to a limit.',
      '4. What to look at next, as exact tool calls (the summary names drill-down calls where it cut things).',
      'Use k8s-cluster-summary {"summary_type":"anomalies"} or {"summary_type":"namespace","namespace":"<ns>"} for more detail. Do not change anything without asking.',
    ].join('\n');
    return {
      description: `Health check of ${namespace ? `namespace ${namespace}` : 'the cluster'}`,
      // Masked by the prompt registry, which keeps echoes of the caller's arguments: masking here
      // too would mask an echoed guess that a missing name leaves alone.
      messages: [{ role: 'user', content: { type: 'text', text } }],
    };
  },
};
