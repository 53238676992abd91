import { KINDS } from '../../../k8s/resource-ref.js';
import type { FreshObject, ReadOptions } from '../../../sync/cached-reads.service.js';
import type { ToolContext } from '../tool-definition.js';
import { getOrSuggest } from './object-lookup.js';
import type { Pod } from '../../../k8s/objects/index.js';

/** Reads a pod; a miss names the pods of that namespace that look like what was asked for. */
export function getPodOrSuggest(
  ctx: ToolContext,
  namespace: string,
  name: string,
  opts: ReadOptions = {},
): Promise<FreshObject<Pod>> {
  return getOrSuggest<Pod>(ctx, KINDS.pod, name, namespace, 'k8s-get-pods', opts);
}
