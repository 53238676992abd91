import { KINDS } from '../../../k8s/resource-ref.js';
import type { ToolContext } from '../tool-definition.js';
import { getOrSuggest } from './object-lookup.js';
import type { Pod } from './pod-status.js';

/** Reads a pod; a miss names the pods of that namespace that look like what was asked for. */
export function getPodOrSuggest(ctx: ToolContext, namespace: string, name: string): Promise<Pod> {
  return getOrSuggest<Pod>(ctx, KINDS.pod, name, namespace, 'k8s-get-pods');
}
