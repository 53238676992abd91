import { z } from 'zod';
import type { ContextStatus } from '../../contexts/context-status.js';
import { renderTable } from './shared/table.js';
import { defineTool } from './tool-definition.js';
import { CLUSTER_SCOPED } from './tool-scope.js';

const headers = ['CONTEXT', 'DEFAULT', 'MODEL', 'SYNC', 'HEALTH', 'API SERVER', 'SERVER'];

function row(c: ContextStatus): string[] {
  return [
    c.name,
    c.default ? 'yes' : '',
    c.model,
    c.sync ? `${c.sync.phase} (${c.sync.kindsSynced}/${c.sync.kinds} kinds)` : '-',
    c.sync ? String(c.sync.healthScore) : '-',
    c.cluster?.state ?? '-',
    c.cluster?.server ?? '-',
  ];
}

/** The kubeconfig contexts (clusters) this server may reach, and how each one's live model is doing. */
export const listContextsTool = defineTool({
  name: 'k8s-list-contexts',
  title: 'List clusters (contexts)',
  description:
    'List the kubeconfig contexts (clusters) this server may reach, which one is the default, and for each whether its live model runs, has synced, and its API server answers. ' +
    'Pass a listed name as the `context` argument of any other tool to ask that cluster; without it the default answers. ' +
    'A context whose model is stopped starts on its first call.',
  inputSchema: {},
  outputSchema: {
    defaultContext: z.string().optional(),
    contexts: z.array(z.object({ name: z.string(), default: z.boolean(), model: z.string() }).loose()),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: () => CLUSTER_SCOPED,
  handler: async (_args, ctx) => {
    const contexts = await ctx.contexts.status();
    const defaultContext = contexts.find((c) => c.default)?.name;
    const errors = contexts.filter((c) => c.cluster?.error).map((c) => `${c.name}: ${c.cluster!.error!}`);
    const text = [renderTable(headers, contexts.map(row)), ...errors].join('\n');
    return { text, structured: { ...(defaultContext ? { defaultContext } : {}), contexts } };
  },
});
