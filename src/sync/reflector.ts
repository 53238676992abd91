import { Logger } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import type { KubeObject } from '../k8s/kube-object.js';
import { Backoff } from './backoff.js';
import type { RecoveryBeacon } from './recovery-beacon.js';
import type { ListWatchSource, WatchHandle } from './list-watch.js';
import {
  decideWatchEnd,
  isForbidden,
  isGone,
  randomWatchTimeout,
  type WatchOutcome,
} from './watch-decision.js';

/** Where a reflector delivers what it sees (the informer: store plus handlers). */
export interface ReflectorSink {
  replace(items: readonly KubeObject[], owns?: (obj: KubeObject) => boolean): void;
  upsert(obj: KubeObject): void;
  delete(obj: KubeObject): void;
}

/** healthy: syncing or synced; degraded: MAX_RETRY_COUNT failures in a row (still retrying); forbidden: skipped. */
export type ReflectorState = 'healthy' | 'degraded' | 'forbidden';

/** Counters and state of one reflector, for SyncStatus. */
export interface ReflectorStats {
  synced: boolean;
  state: ReflectorState;
  resourceVersion: string;
  /** When the last watch event or bookmark arrived. */
  lastEventAt?: string;
  /** When the API server last accepted a watch (response headers). */
  lastOpenedAt?: string;
  /** When the last LIST replaced the store (the data was as fresh as the server then). */
  listedAt?: string;
  relists: number;
  watchRestarts: number;
  errors: number;
  consecutiveFailures: number;
  lastError?: string;
}

export interface ReflectorOptions {
  /** Label for logs, e.g. "pods in default". */
  readonly name: string;
  /** The part of the store a relist replaces (undefined: all of it), when several reflectors share it. */
  readonly owns?: (obj: KubeObject) => boolean;
  readonly watchTimeoutSeconds: number;
  /** Seconds between full relists (0: never). */
  readonly resyncSeconds: number;
  readonly maxRetryCount: number;
  /** Wait between retries once degraded (default DEGRADED_RETRY_MS). */
  readonly degradedRetryMs?: number;
  readonly backoff?: Backoff;
  /** Shared with the other reflectors of the same API server (see RecoveryBeacon). */
  readonly beacon?: RecoveryBeacon;
  readonly random?: () => number;
}

/** How long a watch must stay open (or deliver one event) before the backoff starts over. */
export const HEALTHY_WATCH_MS = 5000;
/** Retry pace of a degraded kind: client-go's backoff cap, twice a minute. */
export const DEGRADED_RETRY_MS = 30_000;

const describeError = (err: unknown): string =>
  AppError.is(err) ? err.describe() : err instanceof Error ? err.message : String(err);

/**
 * client-go's reflector for one kind in one scope: LIST (paginated) → replace the store → WATCH
 * from the list's resourceVersion with bookmarks; re-watch from the last resourceVersion when a
 * watch closes; relist on 410 Gone (from scratch if even that version is gone) so deletions missed
 * meanwhile are noticed; exponential backoff with jitter on failures; a full relist every
 * resyncSeconds as a safety net.
 */
export class Reflector {
  private readonly logger = new Logger(Reflector.name);
  private readonly backoff: Backoff;
  private readonly random: () => number;
  /**
   * The next LIST is a consistent read of the latest state ('' ) instead of "not older than the
   * last resourceVersion seen": after 410 (that version is compacted away) and for the periodic
   * resync.
   */
  private freshRead = true;
  private running = false;
  private stopped = false;
  /** Pages of a first LIST that failed later were stored: the next LIST must replace. */
  private partialFirstList = false;
  private handle?: WatchHandle;
  private abortReason?: 'stop' | 'resync' | 'error-event';
  private wake?: () => void;
  private resyncDueAt = Infinity;
  private resolveFirstSync!: () => void;
  /** Settles on the first successful LIST (or when the kind is forbidden, or stopped). */
  readonly firstSync = new Promise<void>((resolve) => (this.resolveFirstSync = resolve));
  readonly stats: ReflectorStats = {
    synced: false,
    state: 'healthy',
    resourceVersion: '',
    relists: 0,
    watchRestarts: 0,
    errors: 0,
    consecutiveFailures: 0,
  };

  constructor(
    private readonly source: ListWatchSource,
    private readonly sink: ReflectorSink,
    private readonly opts: ReflectorOptions,
  ) {
    this.backoff = opts.backoff ?? new Backoff();
    this.random = opts.random ?? Math.random;
  }

  /** Starts the list/watch loop in the background; idempotent. */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.loop();
  }

  /** Ends the watch and the loop. */
  stop(): void {
    this.stopped = true;
    this.abort('stop');
    this.wake?.();
    this.resolveFirstSync();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.listAndWatch();
      } catch (err) {
        if (this.stopped) break;
        if (!this.stats.synced && isForbidden(err)) {
          this.stats.state = 'forbidden';
          this.stats.lastError = describeError(err);
          this.logger.warn(`${this.opts.name}: skipped, ${this.stats.lastError}`);
          this.resolveFirstSync();
          return;
        }
        this.recordFailure(err);
        // MAX_RETRY_COUNT bounds the fast retries: a degraded kind still retries, at the slow pace.
        const delay = this.backoff.next();
        await this.sleep(
          this.stats.state === 'degraded'
            ? Math.max(delay, this.opts.degradedRetryMs ?? DEGRADED_RETRY_MS)
            : delay,
        );
      }
    }
  }

  private async listAndWatch(): Promise<void> {
    await this.relist();
    while (!this.stopped) {
      const outcome = await this.watchOnce();
      if (this.stopped) return;
      const decision = decideWatchEnd(outcome);
      if (decision === 'rewatch') {
        this.stats.watchRestarts++;
        continue;
      }
      if (decision === 'fail') throw outcome.err ?? new Error(outcome.errorEvent ?? 'watch closed at once');
      // 410: what we saw last is compacted away, so read the latest state; a resync reads fresh too.
      this.freshRead = true;
      return;
    }
  }

  private async relist(): Promise<void> {
    // The very first LIST fills an empty store: its pages are stored as they arrive, so storing
    // overlaps the wait for the next page (the initial sync of 10,000 pods was store-bound). A
    // first LIST that fails half-way has stored some pages, so the retry replaces as usual.
    const incremental = !this.stats.synced && !this.partialFirstList;
    const onPage = incremental
      ? (items: readonly KubeObject[]) => {
          this.partialFirstList = true;
          for (const item of items) this.sink.upsert(item);
        }
      : undefined;
    // client-go relists from the last resourceVersion seen (watch events and bookmarks move it),
    // asking for state not older than that: the store never goes back in time after a failure.
    const from = this.freshRead ? '' : this.stats.resourceVersion;
    let listed;
    try {
      listed = await this.source.list(from, onPage);
    } catch (err) {
      if (from === '' || !isGone(err)) throw err;
      // That version is compacted away: read the latest state instead.
      this.freshRead = true;
      listed = await this.source.list('');
    }
    if (this.stopped) return;
    // Every LIST after the first is a relist: after 410, a resync, or a failed watch or list (the
    // status must show that an outage was recovered by relisting, not only the 410 path).
    if (this.stats.synced) this.stats.relists++;
    if (!incremental || !this.partialFirstList) this.sink.replace(listed.items, this.opts.owns);
    this.partialFirstList = false;
    this.stats.resourceVersion = listed.resourceVersion;
    this.stats.listedAt = new Date().toISOString();
    this.freshRead = false;
    this.stats.synced = true;
    if (this.stats.consecutiveFailures > 0) this.opts.beacon?.recovered();
    this.stats.consecutiveFailures = 0;
    this.stats.state = 'healthy';
    this.resyncDueAt = this.opts.resyncSeconds > 0 ? Date.now() + this.opts.resyncSeconds * 1000 : Infinity;
    this.resolveFirstSync();
  }

  private watchOnce(): Promise<WatchOutcome> {
    const started = Date.now();
    let events = 0;
    let gone = false;
    let errorEvent: string | undefined;
    this.abortReason = undefined;
    const timeout = randomWatchTimeout(this.opts.watchTimeoutSeconds, this.random);
    return new Promise<WatchOutcome>((resolve) => {
      let resyncTimer: NodeJS.Timeout | undefined;
      if (this.resyncDueAt !== Infinity) {
        resyncTimer = setTimeout(() => this.abort('resync'), Math.max(0, this.resyncDueAt - Date.now()));
        resyncTimer.unref();
      }
      // A watch still open after HEALTHY_WATCH_MS is healthy even if the kind is quiet: without
      // this a burst of faults would leave every later recovery waiting up to the 30 s cap.
      const healthyTimer = setTimeout(() => this.backoff.reset(), HEALTHY_WATCH_MS);
      healthyTimer.unref();
      let finished = false;
      const finish = (err: unknown): void => {
        if (finished) return;
        finished = true;
        clearTimeout(resyncTimer);
        clearTimeout(healthyTimer);
        this.handle = undefined;
        const resync = this.abortReason === 'resync';
        resolve({
          err: this.abortReason ? null : err,
          gone,
          errorEvent,
          resync,
          events,
          durationMs: Date.now() - started,
        });
      };
      this.source
        .watch(
          this.stats.resourceVersion,
          timeout,
          (event) => {
            events++;
            this.stats.lastEventAt = new Date().toISOString();
            if (event.type === 'ERROR') {
              const status = event.object as unknown as { code?: number; message?: string };
              if (status.code === 410) gone = true;
              else errorEvent = status.message ?? `watch error ${status.code ?? ''}`.trim();
              this.abort('error-event');
              return;
            }
            // A watch that delivers is healthy: the next failure starts the backoff over.
            if (events === 1) this.backoff.reset();
            const rv = event.object.metadata?.resourceVersion;
            if (event.type === 'ADDED' || event.type === 'MODIFIED') this.sink.upsert(event.object);
            else if (event.type === 'DELETED') this.sink.delete(event.object);
            // Bookmarks carry nothing but the resourceVersion to resume from.
            if (rv) this.stats.resourceVersion = rv;
            this.stats.consecutiveFailures = 0;
            if (this.stats.state === 'degraded') this.stats.state = 'healthy';
          },
          finish,
          () => {
            // Accepted by the server: it is there and the watch is current from here on.
            this.stats.lastOpenedAt = new Date().toISOString();
          },
        )
        .then((handle) => {
          // The handle comes before the response headers, so even a watch that hangs can be aborted.
          if (finished) return;
          this.handle = handle;
          if (this.stopped || this.abortReason) handle.abort();
        }, finish);
    });
  }

  private abort(reason: 'stop' | 'resync' | 'error-event'): void {
    this.abortReason ??= reason;
    this.handle?.abort();
  }

  private recordFailure(err: unknown): void {
    this.stats.errors++;
    this.stats.consecutiveFailures++;
    this.stats.lastError = describeError(err);
    if (this.stats.consecutiveFailures >= this.opts.maxRetryCount && this.stats.state !== 'degraded') {
      this.stats.state = 'degraded';
      this.logger.warn(
        `${this.opts.name}: degraded after ${this.stats.consecutiveFailures} failures: ${this.stats.lastError}`,
      );
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      // onRecovered never calls back synchronously, so `leave` is set before `done` can run.
      const done = (): void => {
        clearTimeout(timer);
        leave?.();
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wake = done;
      const leave = this.opts.beacon?.onRecovered(done);
    });
  }
}
