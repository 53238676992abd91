import { AppError } from '../../../common/errors/app-error.js';
import { KINDS } from '../../../k8s/resource-ref.js';
import type { ToolContext } from '../tool-definition.js';
import type { Pod } from './pod-status.js';

const MAX_SUGGESTIONS = 5;

/** Names most like `wanted`: prefix matches first, then substring matches, then shared prefix length. */
export function similarNames(wanted: string, names: readonly string[]): string[] {
  const score = (n: string): number => {
    if (n.startsWith(wanted) || wanted.startsWith(n)) return 1000 + Math.min(n.length, wanted.length);
    if (n.includes(wanted) || wanted.includes(n)) return 500;
    let i = 0;
    while (i < n.length && i < wanted.length && n[i] === wanted[i]) i++;
    return i;
  };
  return names
    .map((n) => [n, score(n)] as const)
    .filter(([, s]) => s >= 3)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_SUGGESTIONS)
    .map(([n]) => n);
}

/** Reads a pod; a miss names the pods of that namespace that look like what was asked for. */
export async function getPodOrSuggest(ctx: ToolContext, namespace: string, name: string): Promise<Pod> {
  try {
    return await ctx.kube.get<Pod>(KINDS.pod, name, namespace);
  } catch (err) {
    if (!AppError.is(err, 'K8S.NOT_FOUND')) throw err;
    const page = await ctx.kube.list<Pod>(KINDS.pod, { namespace, limit: 500 }).catch(() => undefined);
    const names = page?.items.map((p) => p.metadata.name) ?? [];
    const similar = similarNames(name, names);
    const hint = similar.length
      ? `the namespace has pods ${similar.map((n) => `'${n}'`).join(', ')}`
      : names.length
        ? `the namespace has ${names.length} pods, none named like that; list them with k8s-get-pods`
        : `namespace '${namespace}' has no pods`;
    throw new AppError(
      'K8S.NOT_FOUND',
      `failed to get pod '${name}' in namespace '${namespace}': not found`,
      { hint },
    );
  }
}
