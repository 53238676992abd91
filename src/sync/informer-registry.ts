import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { K8sService } from '../k8s/k8s.service.js';
import { KINDS } from '../k8s/resource-ref.js';
import { NamespacePolicy } from '../security/namespace-policy.js';
import { Informer } from './informer.js';
import { ApiListWatch } from './list-watch.js';
import { NamespaceNames } from './namespace-names.js';
import { RecoveryBeacon } from './recovery-beacon.js';
import { Reflector } from './reflector.js';
import { type SyncStatus, syncHealthScore } from './sync-status.js';
import { watchScopes } from './watch-scopes.js';
import { WATCHED_KINDS, type WatchedKind } from './watched-kinds.js';

/** The sync's settings, taken from AppConfig. */
type SyncConfig = Pick<
  AppConfig,
  'SYNC_INTERVAL' | 'WATCH_TIMEOUT' | 'MAX_RETRY_COUNT' | 'K8S_FORBIDDEN_NAMESPACES'
>;

/**
 * One informer per watched kind. Informers (and their stores) exist from construction so that
 * consumers can add handlers; start() begins listing in the background after bootstrap, as
 * K8sService.warmUp does, and never blocks start-up; shutdown stops every watch.
 */
@Injectable()
export class InformerRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(InformerRegistry.name);
  private readonly byKind = new Map<string, Informer>();
  private starting?: Promise<void>;
  private startedAt?: number;
  private syncedAfterMs?: number;
  private startError?: string;
  private stopped = false;
  /** The metadata-only watch of every Namespace name under an allow-list (see NamespaceNames). */
  private namesReflector?: Reflector;
  private resolveReady!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve));

  constructor(
    @Inject(APP_CONFIG) private readonly config: SyncConfig,
    private readonly k8s: K8sService,
    private readonly policy: NamespacePolicy,
  ) {
    for (const kind of WATCHED_KINDS) {
      if (this.byKind.has(kind.ref.kind)) throw new Error(`WATCHED_KINDS lists ${kind.ref.kind} twice`);
      this.byKind.set(kind.ref.kind, new Informer(kind));
    }
  }

  /** The informer of a kind (e.g. "Pod"), or undefined when it is not watched. */
  informer(kind: string): Informer | undefined {
    return this.byKind.get(kind);
  }

  /** Every informer, in WATCHED_KINDS order. */
  informers(): Informer[] {
    return [...this.byKind.values()];
  }

  /** Starts every informer in the background; idempotent and non-blocking. */
  start(): void {
    if (this.starting || this.stopped) return;
    this.startedAt = Date.now();
    this.starting = this.startInformers().catch((err: unknown) => {
      this.startError = AppError.is(err) ? err.describe() : (err as Error).message;
      this.logger.warn(`sync not started: ${this.startError}`);
    });
  }

  /** Settles when every informer has synced once (forbidden kinds skipped). */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  /** True once ready() has settled. */
  hasSynced(): boolean {
    return this.syncedAfterMs !== undefined;
  }

  /** The whole sync's state, for /intelligent/status. */
  status(): SyncStatus {
    const kinds = this.informers().map((i) => i.status());
    const weights = Object.fromEntries(this.informers().map((i) => [i.kind.ref.kind, i.kind.weight]));
    const started = this.startedAt !== undefined && !this.startError && !this.stopped;
    return {
      phase: !started ? 'stopped' : this.hasSynced() ? 'synced' : 'syncing',
      startedAt: this.startedAt ? new Date(this.startedAt).toISOString() : undefined,
      initialSyncMs: this.syncedAfterMs,
      healthScore: started ? syncHealthScore(kinds, weights) : 0,
      error: this.startError,
      maxRetryCount: this.config.MAX_RETRY_COUNT,
      kinds,
    };
  }

  /** Ends every watch. */
  onApplicationShutdown(): void {
    this.stopped = true;
    this.namesReflector?.stop();
    for (const informer of this.byKind.values()) informer.stop();
  }

  private async startInformers(): Promise<void> {
    const clients = await this.k8s.clients();
    if (this.stopped) return;
    const policy = {
      allowed: this.policy.explicitNamespaces(),
      forbidden: this.config.K8S_FORBIDDEN_NAMESPACES,
    };
    const beacon = new RecoveryBeacon();
    this.watchNamespaceNames(clients, beacon);
    for (const informer of this.byKind.values()) {
      for (const scope of watchScopes(informer.kind, policy)) {
        const source = new ApiListWatch(
          clients,
          informer.kind.ref,
          scope,
          informer.kind.metadataOnly ?? false,
        );
        const reflector = new Reflector(source, informer, {
          name: `${informer.kind.ref.plural} in ${scope.label}`,
          owns: scope.owns,
          watchTimeoutSeconds: this.config.WATCH_TIMEOUT,
          resyncSeconds: this.config.SYNC_INTERVAL,
          maxRetryCount: this.config.MAX_RETRY_COUNT,
          beacon,
        });
        informer.addReflector(reflector, scope.namespace ?? (scope.label === '*' ? undefined : scope.label));
      }
      informer.start();
    }
    await Promise.all(this.informers().map((i) => i.ready()));
    if (this.stopped) return;
    this.syncedAfterMs = Date.now() - this.startedAt!;
    this.logger.log(`initial sync of ${this.byKind.size} kinds in ${this.syncedAfterMs} ms`);
    this.resolveReady();
  }

  /**
   * Tells the namespace policy the cluster's namespace names (see NamespaceNames): from the
   * Namespace informer when it watches them all (no allow-list), else from a metadata-only watch.
   */
  private watchNamespaceNames(
    clients: Awaited<ReturnType<K8sService['clients']>>,
    beacon: RecoveryBeacon,
  ): void {
    if (this.policy.unrestricted) return;
    const sink = new NamespaceNames(this.policy);
    const namespaces = this.byKind.get('Namespace');
    if (!this.policy.explicitNamespaces() && namespaces) {
      namespaces.addHandlers({ add: (o) => sink.upsert(o), update: (_old, o) => sink.upsert(o) });
      void namespaces.ready().then(() => sink.replace(namespaces.store.list()));
      return;
    }
    this.namesReflector = new Reflector(new ApiListWatch(clients, KINDS.namespace, {}, true), sink, {
      name: 'namespace names (for masking)',
      watchTimeoutSeconds: this.config.WATCH_TIMEOUT,
      resyncSeconds: this.config.SYNC_INTERVAL,
      maxRetryCount: this.config.MAX_RETRY_COUNT,
      beacon,
    });
    this.namesReflector.start();
  }

  /** For tests and tools that must know what is watched. */
  static kinds(): readonly WatchedKind[] {
    return WATCHED_KINDS;
  }
}
