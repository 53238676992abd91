import { AppError } from '../../../common/errors/app-error.js';
import {
  isNamespaceNotFound,
  namespaceNotFound,
  withNamespaceSuggestions,
} from '../../../common/errors/not-found.js';
import { similarNames } from '../../../common/similar-names.js';
import type { KubeObject } from '../../../k8s/kube-object.js';
import { KINDS, type ResourceRef } from '../../../k8s/resource-ref.js';
import type { CachedReads } from '../../../sync/cached-reads.service.js';

/** How many names a suggestion is drawn from: one page, enough for a typo. */
const SUGGESTION_POOL = 500;

/** How many other namespaces holding the same name are named. */
const MAX_ELSEWHERE = 5;

/** Namespaces the caller may see (the read applies the policy), or [] when they cannot be read. */
async function visibleNamespaces(reads: CachedReads): Promise<string[]> {
  const page = await reads
    .list(KINDS.namespace, { limit: SUGGESTION_POOL }, { metadataSuffices: true })
    .catch(() => undefined);
  return page?.items.map((o) => o.metadata.name) ?? [];
}

/**
 * A namespace-not-found error (whoever raised it) with the closest visible namespaces; any other
 * error as it is. The suggestions depend only on the name asked for and the visible namespaces, so
 * a hidden namespace gets exactly the answer a missing one gets.
 */
export async function suggestNamespaces(reads: CachedReads, err: unknown): Promise<unknown> {
  if (!isNamespaceNotFound(err) || err.details.suggestions !== undefined) return err;
  const asked = err.details.namespace as string;
  return withNamespaceSuggestions(err, similarNames(asked, await visibleNamespaces(reads)));
}

/**
 * Throws "namespace 'x' not found" (with suggestions) when the namespace does not exist. Returns
 * when it exists, or when the server cannot tell (it may not read Namespaces): nothing that does
 * not exist is reported as empty, and nothing that may exist is reported as missing.
 */
export async function assertNamespaceExists(reads: CachedReads, namespace: string): Promise<void> {
  try {
    await reads.get(KINDS.namespace, namespace, undefined, { metadataSuffices: true });
  } catch (err) {
    if (isNamespaceNotFound(err)) throw await suggestNamespaces(reads, err);
    if (!AppError.is(err, 'K8S.NOT_FOUND')) return;
    throw namespaceNotFound(namespace, similarNames(namespace, await visibleNamespaces(reads)));
  }
}

/** Other visible namespaces that hold an object of this kind and name (a namespace mix-up). */
export async function namespacesHolding(
  reads: CachedReads,
  ref: ResourceRef,
  name: string,
  except: string | undefined,
): Promise<string[]> {
  if (!ref.namespaced) return [];
  const page = await reads
    .list<KubeObject>(
      ref,
      { allNamespaces: true, fieldSelector: `metadata.name=${name}`, limit: SUGGESTION_POOL },
      { metadataSuffices: true },
    )
    .catch(() => undefined);
  const found = new Set((page?.items ?? []).map((o) => o.metadata.namespace ?? ''));
  found.delete('');
  if (except) found.delete(except);
  return [...found].sort().slice(0, MAX_ELSEWHERE);
}
