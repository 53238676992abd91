import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { runOutsideRequest } from '../common/logging/request-context.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { K8sService } from '../k8s/k8s.service.js';
import { NamespacePolicy } from '../security/namespace-policy.js';
import { InformerRegistry } from '../sync/informer-registry.js';
import { ChangeJournalService } from '../timeline/change-journal.service.js';
import { changesAround, type ChangeSource } from './change-context.js';
import { ClusterSnapshot, type Freshness } from './cluster-snapshot.js';
import { DEFAULT_THRESHOLDS, type DetectorThresholds } from './detectors/detector.js';
import type { RankedFinding } from './ranking.js';
import { buildSummary, detectAnomalies, type Summary, type SummaryRequest } from './summary-builder.js';
import { SUMMARY_GRAPH, type SummaryGraph } from './summary-graph.js';
import { WebhookSource } from './webhook-source.js';
import {
  assertCallerSeesNamespace,
  callerSeesNamespace,
  callerView,
  loadCallerView,
} from '../security/caller-view.js';
import { personStore } from './person-stores.js';

/**
 * A summary asked for during the first sync waits this long for it (the first sync of a
 * thousand-pod cluster takes about a second), then fails with SYNC.NOT_READY.
 */
export const SYNC_WAIT_MS = 5_000;

/** The one-off version probe may delay a summary by this much at most. */
const VERSION_WAIT_MS = 1_000;

/** DI token of detector threshold overrides (tests shorten the waiting times). */
export const SUMMARY_THRESHOLDS = Symbol('SUMMARY_THRESHOLDS');

/**
 * Cluster summaries and anomalies from the watch cache. Nothing here calls the API server per
 * summary except for the webhook configurations (short cache) and the version (K8sService probe).
 */
@Injectable()
export class SummaryService {
  private readonly thresholds: DetectorThresholds;
  /** The relationship graph; undefined: the store-based fallback. */
  private readonly graph?: SummaryGraph;
  private versionAsked = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: InformerRegistry,
    private readonly k8s: K8sService,
    private readonly policy: NamespacePolicy,
    private readonly webhooks: WebhookSource,
    @Optional() @Inject(SUMMARY_GRAPH) graph?: SummaryGraph | null,
    @Optional() @Inject(SUMMARY_THRESHOLDS) thresholds?: Partial<DetectorThresholds>,
    @Optional() private readonly journal?: ChangeJournalService,
  ) {
    this.graph = graph ?? undefined;
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
  }

  /** True once the first sync has completed. */
  isReady(): boolean {
    return this.registry.hasSynced();
  }

  /** Waits up to SYNC_WAIT_MS for the first sync; SYNC.NOT_READY after that. */
  async whenReady(waitMs = SYNC_WAIT_MS): Promise<void> {
    if (this.registry.hasSynced()) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), waitMs)));
    const outcome = await Promise.race([this.registry.ready().then(() => 'ready' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'ready') return;
    const status = this.registry.status();
    const pending = status.kinds.filter((k) => !k.synced && k.state !== 'forbidden').map((k) => k.kind);
    throw new AppError(
      'SYNC.NOT_READY',
      status.phase === 'stopped'
        ? `the watch cache is not running${status.error ? `: ${status.error}` : ''}`
        : `the watch cache is still on its first sync after ${waitMs / 1000} s (waiting for ${pending.slice(0, 5).join(', ')}${pending.length > 5 ? ', …' : ''})`,
      { hint: 'try again in a few seconds; /intelligent/status shows the sync progress' },
    );
  }

  /**
   * Whether a namespace exists in the watch cache and the policy shows it: 'unknown' until the
   * Namespace informer has synced. When Namespaces may not be listed (namespace-scoped RBAC), the
   * policy alone decides.
   */
  namespaceVisible(name: string): 'yes' | 'no' | 'unknown' {
    if (!this.policy.isAllowed(name)) return 'no';
    const informer = this.registry.informer('Namespace');
    if (!informer) return 'yes';
    const status = informer.status();
    if (status.state === 'forbidden') return 'yes';
    if (!informer.hasSynced()) return 'unknown';
    return informer.store.get(name) ? 'yes' : 'no';
  }

  /** A snapshot of the cache now, with the namespace policy applied. */
  snapshot(now = Date.now()): ClusterSnapshot {
    // A person sees the cache through their view (what they may list, kind by kind).
    const view = callerView();
    const store = (kind: string) => {
      const s = this.registry.informer(kind)?.store;
      return s && view ? personStore(s, kind, view) : s;
    };
    const visibility = view
      ? { isAllowed: (ns: string) => callerSeesNamespace(this.policy, ns), unrestricted: false }
      : this.policy;
    return new ClusterSnapshot({ store }, visibility, {
      now,
      version: this.k8s.status().version,
      // Read as the server: a person is shown only the configurations their view lets them list
      // (it holds the watched kinds, which webhook configurations are not, so none for now).
      webhooks: view
        ? this.webhooks.current()?.filter((w) => view.mayRead(w.kind ?? '', undefined))
        : this.webhooks.current(),
      freshness: this.freshness(),
      policy: {
        allowed: this.policy.explicitNamespaces()?.length,
        denied: this.config.K8S_FORBIDDEN_NAMESPACES.length,
      },
    });
  }

  /** One summary as data (waits for the first sync and a fresh webhook read, both bounded). */
  async summarize(req: SummaryRequest): Promise<Summary> {
    await loadCallerView();
    if (req.namespace) this.policy.assertVisible(req.namespace);
    await this.whenReady();
    await Promise.all([this.webhooks.refreshIfStale(), this.versionOnce()]);
    return this.summarizeNow(req);
  }

  /** One summary from the cache as it is (no waiting): for resources and benchmarks. */
  summarizeNow(req: SummaryRequest, now = Date.now()): Summary {
    if (req.namespace) assertCallerSeesNamespace(this.policy, req.namespace);
    return buildSummary(
      {
        snapshot: this.snapshot(now),
        graph: this.graph,
        thresholds: this.thresholds,
        changes: this.changes(),
      },
      req,
    );
  }

  /** Ranked findings now (whole visible cluster, or one namespace). */
  anomalies(namespace?: string, now = Date.now()): RankedFinding[] {
    const all = detectAnomalies({
      snapshot: this.snapshot(now),
      graph: this.graph,
      thresholds: this.thresholds,
      changes: this.changes(),
    });
    return namespace ? all.filter((f) => f.namespace === namespace) : all;
  }

  /**
   * The journal's changes to an object, its owners and what its pods name, newest first, as lines
   * (change-context.ts); undefined when the journal is off.
   */
  changesAround(
    snapshot: ClusterSnapshot,
    kind: string,
    namespace: string,
    name: string,
    windowMs: number,
  ): string[] | undefined {
    const source = this.changes();
    return source && changesAround({ kind, namespace, name }, snapshot, source, windowMs);
  }

  /** The change journal when it records (TIMELINE_ENABLED). */
  private changes(): ChangeSource | undefined {
    return this.journal?.enabled ? this.journal : undefined;
  }

  /**
   * Calls `listener` on every change the watch cache sees (any kind). The listener runs on the
   * watch path, so it must only mark things dirty. Returns the function that stops it.
   */
  onChange(listener: () => void): () => void {
    const handlers = { add: listener, update: listener, delete: listener };
    const removers = this.registry.informers().map((i) => i.addHandlers(handlers));
    return () => removers.forEach((remove) => remove());
  }

  /** Starts a background webhook read when the cached one is stale (never waits). */
  touchWebhooks(): void {
    void this.webhooks.refreshIfStale();
  }

  /** The version comes from K8sService's /version probe; ask once if it has not run yet (bounded). */
  private async versionOnce(): Promise<void> {
    if (this.k8s.status().version || this.versionAsked) return;
    this.versionAsked = true;
    // The probe's answer is every caller's cluster status: asked as the server, not as this caller.
    await Promise.race([
      runOutsideRequest(() => this.k8s.probe()),
      new Promise((r) => setTimeout(r, VERSION_WAIT_MS).unref()),
    ]);
  }

  private freshness(): Freshness {
    const status = this.registry.status();
    return {
      phase: status.phase,
      lastEventAt: status.kinds
        .map((k) => k.lastEventAt)
        .filter((t): t is string => !!t)
        .sort()
        .pop(),
      staleKinds: status.kinds
        .filter((k) => k.state !== 'forbidden' && (!k.synced || k.state === 'degraded'))
        .map((k) => k.kind),
    };
  }
}
