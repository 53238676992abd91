import { AppError } from '../../../common/errors/app-error.js';
import type { KubeObject } from '../../../k8s/kube-object.js';
import type { ResourceRef } from '../../../k8s/resource-ref.js';
import type { FreshObject, ReadOptions } from '../../../sync/cached-reads.service.js';
import type { ToolContext } from '../tool-definition.js';
import { similarNames } from './similar-names.js';

/** How many names the suggestion list is drawn from: one page, enough for a typo in a namespace. */
const SUGGESTION_POOL = 500;

/**
 * Reads one object (from the watch cache when it can, see CachedReads); a miss is K8S.NOT_FOUND naming kind, name and namespace, with the names of
 * that namespace (or of the cluster, for cluster-scoped kinds) that look like what was asked for.
 * `listTool` is the tool the hint points to when nothing looks alike.
 */
export async function getOrSuggest<T extends KubeObject>(
  ctx: ToolContext,
  ref: ResourceRef,
  name: string,
  namespace: string | undefined,
  listTool: string,
  opts: ReadOptions = {},
): Promise<FreshObject<T>> {
  const ns = ref.namespaced ? namespace : undefined;
  try {
    return await ctx.reads.get<T>(ref, name, ns, opts);
  } catch (err) {
    if (!AppError.is(err, 'K8S.NOT_FOUND')) throw err;
    // The suggestions go through the same policy as everything else (denied namespaces drop out).
    const page = await ctx.reads
      .list(ref, { namespace: ns, limit: SUGGESTION_POOL }, { ...opts, metadataSuffices: true })
      .catch(() => undefined);
    const names = page?.items.map((o) => o.metadata.name) ?? [];
    const similar = similarNames(name, names);
    const scope = ns ? 'the namespace' : 'the cluster';
    const hint = similar.length
      ? `${scope} has ${ref.plural} ${similar.map((n) => `'${n}'`).join(', ')}`
      : !page
        ? `check the name; list what exists with ${listTool}`
        : names.length
          ? `${scope} has ${names.length} ${ref.plural}, none named like that; list them with ${listTool}`
          : ns
            ? `namespace '${ns}' has no ${ref.plural}`
            : `the cluster has no ${ref.plural}`;
    const where = ns ? ` in namespace '${ns}'` : '';
    throw new AppError(
      'K8S.NOT_FOUND',
      `failed to get ${ref.kind.toLowerCase()} '${name}'${where}: not found`,
      { hint, details: { kind: ref.kind, name, ...(ns ? { namespace: ns } : {}), suggestions: similar } },
    );
  }
}
