import { AsyncLocalStorage } from 'node:async_hooks';
import type { KubeUser } from '../kube/kube-user.js';
import type { LazyView } from '../kube/person-view.js';

/** Per-request facts every log line and audit record can pick up without passing them around. */
export interface RequestContext {
  readonly correlationId: string;
  readonly sessionId?: string;
  /**
   * Ends the call's work: aborted when the client cancels (or its connection or session closes)
   * and when the call's one deadline (K8S_REQUEST_TIMEOUT) passes. Every API request made inside
   * the call carries it (KubeClients), so an abandoned call stops talking to the API server.
   */
  readonly signal?: AbortSignal;
  /**
   * The person the call acts for on the API server (K8S_MCP_IMPERSONATION): every request made
   * inside the call carries Impersonate-User/-Group (KubeClients). Absent: the server's own identity.
   */
  readonly kubeUser?: KubeUser;
  /** What that person may list, kind by kind, once loaded (security/caller-view.ts reads it). */
  readonly view?: LazyView;
  /**
   * The kubeconfig context the request reaches when it is not the default one: every tool call
   * written into an answer (hints, suggestions) names it, so that following it reaches the same cluster.
   */
  readonly k8sContext?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs fn with ctx as the current request context. */
export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** Runs fn as the server itself: no impersonation (its own checks, e.g. SubjectAccessReviews). */
export function runAsServer<T>(fn: () => T): T {
  const ctx = storage.getStore();
  return ctx?.kubeUser ? storage.run({ ...ctx, kubeUser: undefined }, fn) : fn();
}

/**
 * Runs fn outside any request: for shared work a call only happens to start (a cache every
 * caller reads, a cluster's watches), which must neither act as that call's person nor end with it.
 */
export function runOutsideRequest<T>(fn: () => T): T {
  return storage.exit(fn);
}

/** The current request context, if any. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
