import { AsyncLocalStorage } from 'node:async_hooks';

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
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs fn with ctx as the current request context. */
export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request context, if any. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
