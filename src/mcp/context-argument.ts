import { z } from 'zod';
import type { ToolDefinition } from './tools/tool-definition.js';

/**
 * The `context` argument as tools/list shows it. The allowed names are not enumerated: they are
 * the operator's kubeconfig, so the listing (and its golden file) would change with the machine,
 * and k8s-list-contexts says them once instead of in every schema.
 */
export const CONTEXT_ARGUMENT = z
  .string()
  .optional()
  .describe(
    'Kubeconfig context (cluster) to ask; k8s-list-contexts lists them. Default: the default context.',
  );

/**
 * The tool as listed when calls may name a context (K8S_CONTEXTS set). The invoker takes
 * `context` off before the tool's own schema checks the arguments, so the definition itself never
 * declares it; a single-context server lists nothing new.
 */
export function withContextArgument(tool: ToolDefinition): ToolDefinition {
  if (tool.name === 'k8s-list-contexts') return tool;
  return { ...tool, inputSchema: { ...tool.inputSchema, context: CONTEXT_ARGUMENT } };
}
