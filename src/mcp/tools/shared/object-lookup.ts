import { AppError } from '../../../common/errors/app-error.js';
import { similarNames } from '../../../common/similar-names.js';
import type { KubeObject } from '../../../k8s/kube-object.js';
import type { ResourceRef } from '../../../k8s/resource-ref.js';
import type { FreshObject, ReadOptions } from '../../../sync/cached-reads.service.js';
import type { ToolContext } from '../tool-definition.js';
import { assertNamespaceExists, namespacesHolding } from './not-found.js';

/** How many names the suggestion list is drawn from: one page, enough for a typo in a namespace. */
const SUGGESTION_POOL = 500;

/** How a miss is worded: the tool's verb, and the tool the hint points to when nothing looks alike. */
export interface LookupWording {
  readonly verb?: string;
  readonly listTool: string;
}

/**
 * Why an object is not there, as an error that leads somewhere: the namespace does not exist (with
 * the namespaces like it), the object lives in another namespace (named), or names like it in
 * this namespace (or the cluster, for cluster-scoped kinds).
 */
export async function notFoundWithSuggestions(
  ctx: ToolContext,
  ref: ResourceRef,
  name: string,
  namespace: string | undefined,
  wording: LookupWording,
  opts: ReadOptions = {},
): Promise<AppError> {
  const ns = ref.namespaced ? namespace : undefined;
  if (ns) await assertNamespaceExists(ctx.reads, ns);
  // The suggestions go through the same policy as everything else (denied namespaces drop out).
  const [page, elsewhere] = await Promise.all([
    ctx.reads
      .list(ref, { namespace: ns, limit: SUGGESTION_POOL }, { ...opts, metadataSuffices: true })
      .catch(() => undefined),
    namespacesHolding(ctx.reads, ref, name, ns),
  ]);
  const names = page?.items.map((o) => o.metadata.name) ?? [];
  const similar = similarNames(name, names);
  const scope = ns ? 'the namespace' : 'the cluster';
  const kind = ref.kind.toLowerCase();
  const hint = elsewhere.length
    ? `${kind} '${name}' exists in namespace ${elsewhere.map((n) => `'${n}'`).join(', ')}: pass namespace "${elsewhere[0]}"`
    : similar.length
      ? `${scope} has ${ref.plural} ${similar.map((n) => `'${n}'`).join(', ')}`
      : !page
        ? `check the name; list what exists with ${wording.listTool}`
        : names.length
          ? `${scope} has ${names.length} ${ref.plural}, none named like that; list them with ${wording.listTool}`
          : ns
            ? `namespace '${ns}' has no ${ref.plural}`
            : `the cluster has no ${ref.plural}`;
  const where = ns ? ` in namespace '${ns}'` : '';
  return new AppError(
    'K8S.NOT_FOUND',
    `failed to ${wording.verb ?? 'get'} ${kind} '${name}'${where}: not found`,
    {
      hint,
      details: {
        kind: ref.kind,
        name,
        ...(ns ? { namespace: ns } : {}),
        suggestions: similar,
        ...(elsewhere.length ? { foundInNamespaces: elsewhere } : {}),
      },
    },
  );
}

/**
 * Reads one object (from the watch cache when it can, see CachedReads); a miss is K8S.NOT_FOUND
 * saying why (notFoundWithSuggestions). `listTool` is the tool the hint points to when nothing
 * looks alike.
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
    throw await notFoundWithSuggestions(ctx, ref, name, ns, { listTool }, opts);
  }
}
