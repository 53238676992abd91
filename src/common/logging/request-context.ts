import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request facts every log line and audit record can pick up without passing them around. */
export interface RequestContext {
  readonly correlationId: string;
  readonly sessionId?: string;
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
