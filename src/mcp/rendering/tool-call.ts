import { currentContext } from '../../common/logging/request-context.js';

/**
 * A tool call as the model would write it: the tool's name, then its arguments as JSON. Written in
 * an answer about another cluster than the default one, it names that cluster's `context`.
 */
export function toolCall(tool: string, args: Record<string, unknown>): string {
  const context = currentContext()?.k8sContext;
  const full = context !== undefined && !('context' in args) ? { ...args, context } : args;
  return `${tool} ${JSON.stringify(full)}`;
}

/** A k8s-cluster-summary call. */
export const summaryCall = (args: Record<string, unknown>): string => toolCall('k8s-cluster-summary', args);
