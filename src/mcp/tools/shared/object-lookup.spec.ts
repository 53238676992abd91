import { AppError } from '../../../common/errors/app-error.js';
import type { KubeObject } from '../../../k8s/kube-object.js';
import { KINDS } from '../../../k8s/resource-ref.js';
import type { CachedReads } from '../../../sync/cached-reads.service.js';
import type { ToolContext } from '../tool-definition.js';
import { getOrSuggest } from './object-lookup.js';

/** A context whose reads find nothing by name but namespaces, and list these names. */
function contextListing(names: string[] | Error): ToolContext {
  const reads: Pick<CachedReads, 'get' | 'list'> = {
    get: <T extends KubeObject>(ref: { kind: string }, name: string) =>
      ref.kind === 'Namespace'
        ? Promise.resolve({ object: { metadata: { name } } as T, freshness: { source: 'api' as const } })
        : Promise.reject(new AppError('K8S.NOT_FOUND', 'failed to get: not found')),
    list: <T extends KubeObject>() =>
      names instanceof Error
        ? Promise.reject(names)
        : Promise.resolve({
            items: names.map((name) => ({ metadata: { name } }) as T),
            omitted: { items: 0, namespaces: [] },
            freshness: { source: 'api' as const },
          }),
  };
  return { reads } as unknown as ToolContext;
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe(getOrSuggest.name, () => {
  it('names kind, name and namespace, and the similar names of the namespace', async () => {
    const ctx = contextListing(['web-config', 'web-env', 'db']);
    const sut = await errorOf(getOrSuggest(ctx, KINDS.service, 'web', 'shop', 'k8s-list-resources'));
    expect(sut.code).toBe('K8S.NOT_FOUND');
    expect(sut.describe()).toBe(
      "failed to get service 'web' in namespace 'shop': not found — the namespace has services 'web-config', 'web-env'",
    );
  });

  it('points to the list tool when nothing looks alike, and says when there is nothing at all', async () => {
    const some = await errorOf(
      getOrSuggest(contextListing(['db']), KINDS.pod, 'web', 'shop', 'k8s-get-pods'),
    );
    expect(some.hint).toBe('the namespace has 1 pods, none named like that; list them with k8s-get-pods');
    const none = await errorOf(getOrSuggest(contextListing([]), KINDS.pod, 'web', 'shop', 'k8s-get-pods'));
    expect(none.hint).toBe("namespace 'shop' has no pods");
  });

  it('leaves the namespace out for cluster-scoped kinds', async () => {
    const sut = await errorOf(getOrSuggest(contextListing([]), KINDS.node, 'kwok', 'shop', 'k8s-get-nodes'));
    expect(sut.describe()).toBe("failed to get node 'kwok': not found — the cluster has no nodes");
  });

  it('still answers when listing for suggestions fails', async () => {
    const ctx = contextListing(new AppError('K8S.FORBIDDEN', 'no list'));
    const sut = await errorOf(getOrSuggest(ctx, KINDS.node, 'kwok', 'shop', 'k8s-get-nodes'));
    expect(sut.message).toBe("failed to get node 'kwok': not found");
    expect(sut.hint).toBe('check the name; list what exists with k8s-get-nodes');
  });

  it('passes other errors through unchanged', async () => {
    const denied = new AppError('POLICY.NAMESPACE_DENIED', 'denied');
    const ctx = { reads: { get: () => Promise.reject(denied) } } as unknown as ToolContext;
    await expect(getOrSuggest(ctx, KINDS.pod, 'web', 'hidden', 'k8s-get-pods')).rejects.toBe(denied);
  });
});
