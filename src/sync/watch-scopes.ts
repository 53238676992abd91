import type { KubeObject } from '../k8s/kube-object.js';
import type { ListWatchScope } from './list-watch.js';
import type { WatchedKind } from './watched-kinds.js';

/** One reflector's part of a kind: what it lists and watches, and which cached objects it owns. */
export interface WatchScope extends ListWatchScope {
  /** Shown in status and logs: the namespace, or "*" for cluster-wide. */
  readonly label: string;
  /** Set when several reflectors share one store: the objects a relist of this one replaces. */
  readonly owns?: (obj: KubeObject) => boolean;
}

/** What the namespace policy allows, as the sync needs it. */
export interface NamespaceScopePolicy {
  /** The allow-list minus denied namespaces; undefined when every namespace not denied is visible. */
  readonly allowed: readonly string[] | undefined;
  readonly forbidden: readonly string[];
}

/**
 * The reflectors a kind needs so that no watch covers a namespace the policy hides (STYLE.md
 * rule 4, controller-runtime's DefaultNamespaces): with an allow-list, one per allowed namespace;
 * with only a deny-list, one cluster-wide watch whose field selector leaves the denied ones out.
 * Cluster-scoped kinds other than Namespace are watched cluster-wide.
 */
export function watchScopes(kind: WatchedKind, policy: NamespaceScopePolicy): WatchScope[] {
  const isNamespaceKind = kind.ref.kind === 'Namespace' && kind.ref.group === '';
  if (!kind.ref.namespaced && !isNamespaceKind) return [{ label: '*' }];
  // Namespace objects are named by the namespace; other objects live in it.
  const field = isNamespaceKind ? 'metadata.name' : 'metadata.namespace';
  if (policy.allowed) {
    return policy.allowed.map((ns) => ({
      label: ns,
      namespace: isNamespaceKind ? undefined : ns,
      fieldSelector: isNamespaceKind ? `${field}=${ns}` : undefined,
      owns: (obj: KubeObject) => (isNamespaceKind ? obj.metadata.name : obj.metadata.namespace) === ns,
    }));
  }
  if (policy.forbidden.length) {
    return [{ label: '*', fieldSelector: policy.forbidden.map((ns) => `${field}!=${ns}`).join(',') }];
  }
  return [{ label: '*' }];
}
