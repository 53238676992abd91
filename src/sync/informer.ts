import { Logger } from '@nestjs/common';
import type { KubeObject } from '../k8s/kube-object.js';
import type { Reflector, ReflectorSink, ReflectorState, ReflectorStats } from './reflector.js';
import { Store, type StoreDelta, objectKey } from './store.js';
import type { WatchedKind } from './watched-kinds.js';

/**
 * Change handlers; they run synchronously on the watch's path, so they must stay cheap. `raw` is the
 * object as the API server sent it, before the store trimmed it (managedFields included: who wrote
 * it); absent when the change was not an object of the watch (an eviction). Handlers must not keep it.
 */
export interface InformerHandlers {
  add?(obj: KubeObject, raw?: KubeObject): void;
  update?(old: KubeObject, obj: KubeObject, raw?: KubeObject): void;
  delete?(obj: KubeObject): void;
}

/** One scope (namespace or the whole cluster) of a kind, as SyncStatus shows it. */
export interface ScopeStatus {
  readonly namespace?: string;
  readonly synced: boolean;
  readonly state: ReflectorState;
  readonly resourceVersion: string;
  readonly lastError?: string;
  /** Seconds since this scope's watch last said anything (an event, a bookmark, a LIST, a watch accepted). */
  readonly silentSeconds?: number;
}

/** Sync status of one kind. */
export interface KindStatus {
  readonly kind: string;
  readonly synced: boolean;
  readonly objects: number;
  readonly lastEventAt?: string;
  /** When the latest LIST of any scope replaced the store. */
  readonly lastListAt?: string;
  /** Of the cluster-wide reflector; with one reflector per namespace, see scopes. */
  readonly resourceVersion?: string;
  readonly relists: number;
  readonly watchRestarts: number;
  readonly errors: number;
  /** Failures in a row of its worst scope; at MAX_RETRY_COUNT the kind is degraded (and keeps retrying). */
  readonly consecutiveFailures: number;
  readonly state: ReflectorState;
  readonly lastError?: string;
  /**
   * Seconds since the quietest scope last heard from the API server (a watch event, a bookmark, or
   * a LIST); undefined before the first sync and for forbidden kinds. The API server sends
   * bookmarks to idle watches, so a healthy watch is never silent for long: ALERT_SYNC_DELAY_MAX
   * compares against this.
   */
  readonly silentSeconds?: number;
  readonly scopes: readonly ScopeStatus[];
}

/**
 * Seconds since a reflector last heard from the API server (an event, a bookmark, a LIST, or a watch
 * accepted: a kind with no change since the API server started gets no bookmarks, and its watch is
 * renewed after WATCH_INACTIVITY_MS), to 0.1 s; undefined before its first sync.
 */
function silenceOf(
  stats: Pick<ReflectorStats, 'synced' | 'state' | 'lastEventAt' | 'listedAt' | 'lastOpenedAt'>,
  now: number,
): number | undefined {
  if (!stats.synced || stats.state === 'forbidden') return undefined;
  const heard = Math.max(
    ...[stats.lastEventAt, stats.listedAt, stats.lastOpenedAt].map((t) => Date.parse(t ?? '') || 0),
  );
  return Math.max(0, Math.round((now - heard) / 100) / 10);
}

/**
 * One kind's cache: a store fed by one reflector per scope, handlers told of every change, and
 * hasSynced once every reflector has listed once (client-go's shared informer, minus sharing).
 */
export class Informer implements ReflectorSink {
  private readonly logger = new Logger(Informer.name);
  readonly store: Store;
  private readonly handlers = new Set<InformerHandlers>();
  private readonly reflectors: { readonly namespace?: string; readonly reflector: Reflector }[] = [];

  constructor(readonly kind: WatchedKind) {
    this.store = new Store(kind.maxObjects);
  }

  /** Registers handlers; returns the function that removes them. */
  addHandlers(h: InformerHandlers): () => void {
    this.handlers.add(h);
    return () => this.handlers.delete(h);
  }

  /** Adds the reflector of one scope (before start()). */
  addReflector(reflector: Reflector, namespace?: string): void {
    this.reflectors.push({ reflector, namespace });
  }

  /** Starts every reflector. */
  start(): void {
    for (const r of this.reflectors) r.reflector.start();
  }

  /** Stops every reflector. */
  stop(): void {
    for (const r of this.reflectors) r.reflector.stop();
  }

  /** True once every reflector has listed once (forbidden ones are skipped, not waited for). */
  hasSynced(): boolean {
    return this.reflectors.every((r) => r.reflector.stats.synced || r.reflector.stats.state === 'forbidden');
  }

  /** Settles when hasSynced() first holds. */
  async ready(): Promise<void> {
    await Promise.all(this.reflectors.map((r) => r.reflector.firstSync));
  }

  /** ReflectorSink: applies a relist and tells handlers. */
  replace(items: readonly KubeObject[], owns?: (obj: KubeObject) => boolean): void {
    let byKey: Map<string, KubeObject> | undefined;
    this.dispatch(this.store.replace(items, owns), (obj) => {
      byKey ??= new Map(items.map((i) => [objectKey(i), i]));
      return byKey.get(objectKey(obj));
    });
  }

  /** ReflectorSink: applies an ADDED/MODIFIED event. */
  upsert(obj: KubeObject): void {
    this.dispatch(this.store.upsert(obj), () => obj);
  }

  /** ReflectorSink: applies a DELETED event. */
  delete(obj: KubeObject): void {
    this.dispatch(this.store.delete(obj));
  }

  /** This kind's part of SyncStatus, summed over its reflectors. */
  status(now = Date.now()): KindStatus {
    const stats = this.reflectors.map((r) => ({
      namespace: r.namespace,
      ...r.reflector.stats,
      silentSeconds: silenceOf(r.reflector.stats, now),
    }));
    const sum = (f: (s: (typeof stats)[number]) => number) => stats.reduce((n, s) => n + f(s), 0);
    const live = stats.filter((s) => s.state !== 'forbidden');
    const state: ReflectorState =
      live.length === 0 && stats.length > 0
        ? 'forbidden'
        : live.some((s) => s.state === 'degraded')
          ? 'degraded'
          : 'healthy';
    const lastEventAt = stats
      .map((s) => s.lastEventAt)
      .filter(Boolean)
      .sort()
      .pop();
    const lastListAt = stats
      .map((s) => s.listedAt)
      .filter(Boolean)
      .sort()
      .pop();
    return {
      kind: this.kind.ref.kind,
      synced: live.length > 0 && live.every((s) => s.synced),
      objects: this.store.size,
      lastEventAt,
      lastListAt,
      resourceVersion: stats.length === 1 ? stats[0]!.resourceVersion : undefined,
      relists: sum((s) => s.relists),
      watchRestarts: sum((s) => s.watchRestarts),
      errors: sum((s) => s.errors),
      consecutiveFailures: Math.max(0, ...stats.map((s) => s.consecutiveFailures)),
      state,
      lastError: stats.map((s) => s.lastError).find(Boolean),
      silentSeconds: live.some((s) => s.silentSeconds !== undefined)
        ? Math.max(...live.map((s) => s.silentSeconds ?? 0))
        : undefined,
      scopes: stats.map((s) => ({
        namespace: s.namespace,
        synced: s.synced,
        state: s.state,
        resourceVersion: s.resourceVersion,
        lastError: s.lastError,
        silentSeconds: s.silentSeconds,
      })),
    };
  }

  /** `rawOf` gives the untrimmed object the store stored `obj` from. */
  private dispatch(delta: StoreDelta, rawOf?: (obj: KubeObject) => KubeObject | undefined): void {
    if (this.handlers.size === 0) return;
    for (const h of this.handlers) {
      try {
        for (const obj of delta.added) h.add?.(obj, rawOf?.(obj));
        for (const { old, obj } of delta.updated) h.update?.(old, obj, rawOf?.(obj));
        for (const obj of delta.deleted) h.delete?.(obj);
      } catch (err) {
        // A broken handler must not stop the cache from following the cluster.
        this.logger.error(`${this.kind.ref.kind} handler failed: ${(err as Error).message}`);
      }
    }
  }
}
