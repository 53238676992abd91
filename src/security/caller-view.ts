import { AppError } from '../common/errors/app-error.js';
import { currentContext } from '../common/logging/request-context.js';
import { NOTHING, type PersonView } from '../common/kube/person-view.js';

/**
 * The current call's person view: undefined when no person calls (the server's own view, as
 * before impersonation); NOTHING when a person calls but no view was built for the call, so a
 * read path that forgot to build one shows nothing rather than everything.
 */
export function callerView(): PersonView | undefined {
  const ctx = currentContext();
  if (!ctx?.kubeUser) return undefined;
  return ctx.view?.current ?? NOTHING;
}

/**
 * Loads the caller's person view (AccessReviews, cached): every read path that answers across
 * kinds from the watch cache awaits this first. Without a person it does nothing.
 */
export async function loadCallerView(): Promise<void> {
  const ctx = currentContext();
  if (ctx?.kubeUser) await ctx.view?.load();
}

/** Whether the caller may see that the namespace exists (the policy, then their view). */
export function callerSeesNamespace(
  policy: { isAllowed(namespace: string): boolean },
  namespace: string,
): boolean {
  return policy.isAllowed(namespace) && (callerView()?.seesNamespace(namespace) ?? true);
}

/**
 * Whether an object (graph node, change record, summary item) may be shown to the caller: the
 * namespace policy, then their view. A Namespace is shown when they may list anything in it.
 */
export function callerMayShow(
  policy: { isAllowed(namespace: string): boolean },
  kind: string,
  namespace: string | undefined,
  name: string,
): boolean {
  if (kind === 'Namespace') return callerSeesNamespace(policy, name);
  if (namespace && !policy.isAllowed(namespace)) return false;
  return callerView()?.mayRead(kind, namespace || undefined) ?? true;
}

/**
 * Refuses a namespace the caller's person may list nothing in, as the API server refuses them:
 * a 403 that names them and the namespace (the policy's own refusals come first, unchanged).
 */
export function assertCallerSeesNamespace(
  policy: { isAllowed(namespace: string): boolean },
  namespace: string,
): void {
  const user = currentContext()?.kubeUser;
  if (!user || callerSeesNamespace(policy, namespace) || !policy.isAllowed(namespace)) return;
  throw new AppError(
    'K8S.FORBIDDEN',
    `namespace '${namespace}' is forbidden: User "${user.username}" cannot list any resource this server watches in the namespace "${namespace}"`,
    {
      hint: `${user.username} has no RBAC permission to read in namespace '${namespace}': a cluster administrator grants it with a Role and RoleBinding`,
      details: { status: 403, reason: 'Forbidden' },
    },
  );
}

/** Refuses one object the caller's person may not list, as the API server would refuse its get. */
export function assertCallerMayShow(
  policy: { isAllowed(namespace: string): boolean },
  ref: { kind: string; namespace?: string; name: string },
): void {
  const user = currentContext()?.kubeUser;
  if (!user || callerMayShow(policy, ref.kind, ref.namespace, ref.name)) return;
  if (ref.kind === 'Namespace') return assertCallerSeesNamespace(policy, ref.name);
  const scope = ref.namespace ? `in the namespace "${ref.namespace}"` : 'at the cluster scope';
  throw new AppError(
    'K8S.FORBIDDEN',
    `${ref.kind.toLowerCase()} '${ref.name}' is forbidden: User "${user.username}" cannot list ${ref.kind} objects ${scope}`,
    {
      hint: `${user.username} has no RBAC permission to read ${ref.kind} objects${ref.namespace ? ` in namespace '${ref.namespace}'` : ''}: a cluster administrator grants it with a Role and RoleBinding`,
      details: { status: 403, reason: 'Forbidden' },
    },
  );
}
