import { AppError } from '../common/errors/app-error.js';

/**
 * A watch that ends this fast with no event is treated as a failure and backed off, as client-go's
 * "very short watch" check does: otherwise a misbehaving proxy would make us re-watch in a hot loop.
 */
export const SHORT_WATCH_MS = 1000;

/** How one watch ended, as the reflector observed it. */
export interface WatchOutcome {
  /** What done() received: null when the server closed the stream. */
  readonly err: unknown;
  /** An in-stream ERROR event with code 410 (the resourceVersion was compacted away). */
  readonly gone: boolean;
  /** Any other in-stream ERROR event's message. */
  readonly errorEvent?: string;
  /** We ended it because the periodic full relist was due. */
  readonly resync: boolean;
  readonly events: number;
  readonly durationMs: number;
}

/** What to do next: watch again from the last resourceVersion, relist, or back off. */
export type WatchDecision = 'rewatch' | 'relist-expired' | 'relist-resync' | 'fail';

/** The HTTP status carried by an error from a list (AppError), a watch (statusCode) or an ApiException. */
export function httpStatusOf(err: unknown): number | undefined {
  if (AppError.is(err)) {
    const status = err.details.status;
    return typeof status === 'number' ? status : undefined;
  }
  if (typeof err !== 'object' || err === null || err instanceof DOMException) return undefined;
  const e = err as { statusCode?: unknown; code?: unknown };
  if (typeof e.statusCode === 'number') return e.statusCode;
  return typeof e.code === 'number' && e.code >= 100 && e.code <= 599 ? e.code : undefined;
}

/** 410 Gone / Expired: the requested resourceVersion is older than etcd keeps. */
export const isGone = (err: unknown): boolean => AppError.is(err, 'K8S.GONE') || httpStatusOf(err) === 410;

/** 403: the credentials may not list or watch this kind here. */
export const isForbidden = (err: unknown): boolean =>
  AppError.is(err, 'K8S.FORBIDDEN') || httpStatusOf(err) === 403;

/** client-node's Watch ends a stream silent for its inactivity timeout with this DOMException. */
const isInactivityTimeout = (err: unknown): boolean =>
  err instanceof DOMException ? err.name === 'TimeoutError' : (err as Error | null)?.name === 'TimeoutError';

/** client-go's rules for a finished watch (reflector.go watchHandler / ListAndWatch). */
export function decideWatchEnd(o: WatchOutcome): WatchDecision {
  if (o.gone || isGone(o.err)) return 'relist-expired';
  if (o.errorEvent !== undefined) return 'fail';
  if (o.resync) return 'relist-resync';
  // Inactivity just means "nothing happened": watch again from where we were.
  if (o.err && isInactivityTimeout(o.err)) return 'rewatch';
  if (o.err) return 'fail';
  if (o.events === 0 && o.durationMs < SHORT_WATCH_MS) return 'fail';
  return 'rewatch';
}

/**
 * The timeoutSeconds of the next watch: uniform in [0.5, 1.0] × WATCH_TIMEOUT, so the watches of
 * many kinds and replicas do not all renew at the same moment (client-go randomises likewise).
 */
export function randomWatchTimeout(watchTimeoutSeconds: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(watchTimeoutSeconds * (0.5 + 0.5 * random())));
}
