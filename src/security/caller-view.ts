import { currentContext } from '../common/logging/request-context.js';
import { NOTHING, type PersonView } from './person-view.js';

/**
 * The current call's person view: undefined when no person calls (the server's own view, as
 * before impersonation); NOTHING when a person calls but no view was built for the call, so a
 * read path that forgot to build one shows nothing rather than everything.
 */
export function callerView(): PersonView | undefined {
  const ctx = currentContext();
  if (!ctx?.kubeUser) return undefined;
  return ctx.view ?? NOTHING;
}

/** The namespace policy, then the caller's own view: may objects of `kind` in `namespace` be shown? */
export function callerMayRead(
  policy: { isAllowed(namespace: string): boolean },
  kind: string,
  namespace: string | undefined,
): boolean {
  if (namespace && !policy.isAllowed(namespace)) return false;
  if (kind === 'Namespace' && namespace === undefined) return true;
  return callerView()?.mayRead(kind, namespace) ?? true;
}

/** Whether the caller may see that the namespace exists (the policy, then their view). */
export function callerSeesNamespace(
  policy: { isAllowed(namespace: string): boolean },
  namespace: string,
): boolean {
  return policy.isAllowed(namespace) && (callerView()?.seesNamespace(namespace) ?? true);
}
