/** A tool call as the model would write it: the tool's name, then its arguments as JSON. */
export function toolCall(tool: string, args: Record<string, unknown>): string {
  return `${tool} ${JSON.stringify(args)}`;
}

/** A k8s-cluster-summary call. */
export const summaryCall = (args: Record<string, unknown>): string => toolCall('k8s-cluster-summary', args);
