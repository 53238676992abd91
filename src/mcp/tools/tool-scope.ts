import type { AppConfig } from '../../config/app-config.js';
import type { ResourceCatalogue } from '../../k8s/resource-catalogue.js';

/**
 * Where a call reaches: one namespace, every visible namespace, or no namespace at all (a
 * cluster-scoped kind). Resolved once per call by the invoker from the parsed arguments, so the
 * audit line, the policy and the handler read the same answer.
 */
export type ToolScope =
  | { readonly kind: 'namespaced'; readonly namespace: string }
  | { readonly kind: 'cluster-wide' }
  | { readonly kind: 'cluster-scoped' };

/** What a tool's scope rule may read. */
export interface ScopeContext {
  readonly config: AppConfig;
  readonly catalogue: ResourceCatalogue;
}

export const CLUSTER_SCOPED: ToolScope = { kind: 'cluster-scoped' };
export const CLUSTER_WIDE: ToolScope = { kind: 'cluster-wide' };

/** One namespace, the server's default (K8S_NAMESPACE) when none is given. */
export function inNamespace(namespace: string | undefined, config: AppConfig): ToolScope {
  return { kind: 'namespaced', namespace: namespace ?? config.K8S_NAMESPACE };
}

/** A list tool's namespace: given, "all" (every visible namespace), or the server default. */
export function namespaceOrAll(namespace: string | undefined, config: AppConfig): ToolScope {
  return namespace === 'all' ? CLUSTER_WIDE : inNamespace(namespace, config);
}

/**
 * A tool that takes any kind: a cluster-scoped kind reaches no namespace whatever the arguments
 * say. A kind the catalogue does not know is refused by the handler; until then it reads as the
 * namespace asked for, which is what a refusal's audit line should name.
 */
export async function byKind(kind: string, namespaceScope: ToolScope, ctx: ScopeContext): Promise<ToolScope> {
  const known = await ctx.catalogue.resolve(kind).catch(() => undefined);
  return known && !known.namespaced ? CLUSTER_SCOPED : namespaceScope;
}

/** The audit line's `namespaces`: [] cluster-scoped, ["*"] cluster-wide, else the one namespace. */
export function auditNamespaces(scope: ToolScope): string[] {
  switch (scope.kind) {
    case 'cluster-scoped':
      return [];
    case 'cluster-wide':
      return ['*'];
    case 'namespaced':
      return [scope.namespace];
  }
}

/** The namespace a namespaced scope names; undefined for the other two. */
export function scopeNamespace(scope: ToolScope): string | undefined {
  return scope.kind === 'namespaced' ? scope.namespace : undefined;
}

/** The namespace of a tool whose scope rule is `inNamespace`: always set for such a tool. */
export function requireNamespace(scope: ToolScope): string {
  if (scope.kind !== 'namespaced') throw new Error(`a namespaced tool resolved to a ${scope.kind} scope`);
  return scope.namespace;
}
