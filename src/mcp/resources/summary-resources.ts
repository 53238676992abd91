import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { intervalRunning, JOBS, startInterval, stopInterval } from '../../common/scheduling/intervals.js';
import {
  ErrorCode,
  McpError,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { namespaceNotFound } from '../../common/errors/not-found.js';
import { similarNames } from '../../common/similar-names.js';
import { namespaceNameProblem } from '../../security/namespace-name.js';
import { NamespacePolicy } from '../../security/namespace-policy.js';
import type { SummaryRequest } from '../../summary/summary-builder.js';
import { SummaryService } from '../../summary/summary.service.js';
import type { ResourceSource } from '../mcp-server.js';
import { assertCallerSeesNamespace, loadCallerView } from '../../security/caller-view.js';
import { currentContext, runOutsideRequest } from '../../common/logging/request-context.js';
import { toMcpError } from './resource-error.js';
import { renderSummary, type SummaryAnswer } from '../rendering/summary-text.js';

/** The cluster overview. */
export const CLUSTER_SUMMARY_URI = 'k8s://cluster/summary';
/** Every finding, ranked. */
export const ANOMALIES_URI = 'k8s://anomalies';
/** One namespace in detail (RFC 6570 template). */
export const NAMESPACE_SUMMARY_TEMPLATE = 'k8s://namespaces/{namespace}/summary';

const NAMESPACE_URI = /^k8s:\/\/namespaces\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/summary$/;

/** The rule: at most one notifications/resources/updated per resource per 5 s. */
export const MIN_NOTIFY_INTERVAL_MS = 5_000;
/** Changes come in bursts (a rollout touches pods, ReplicaSets, EndpointSlices, events): wait for the burst to settle. */
const SETTLE_MS = 500;
/** Findings also change with time alone (a pod Pending past its threshold): re-check this often. */
const TICK_MS = 15_000;

type Target =
  | { readonly kind: 'cluster' }
  | { readonly kind: 'anomalies' }
  | { readonly kind: 'namespace'; readonly namespace: string };

interface Watch {
  readonly target: Target;
  readonly listeners: Set<() => void>;
  lastHash?: string;
  lastNotifiedAt: number;
  timer?: NodeJS.Timeout;
}

/**
 * The summary resources and their subscriptions. Sync events mark subscribed resources dirty;
 * each is then recomputed (debounced) and subscribers are told only when its facts changed.
 * Contents are the same summaries the k8s-cluster-summary tool returns, at the default budget.
 */
@Injectable()
export class SummaryResources implements ResourceSource, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SummaryResources.name);
  private readonly watches = new Map<string, Watch>();
  private readonly removers: (() => void)[] = [];

  constructor(
    private readonly summary: SummaryService,
    private readonly policy: NamespacePolicy,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'MAX_SUMMARY_SIZE_KB'>,
    @Optional() private readonly scheduler: SchedulerRegistry = new SchedulerRegistry(),
  ) {}

  /** Follows every change of the watch cache (the handler only marks resources dirty). */
  onModuleInit(): void {
    this.removers.push(this.summary.onChange(() => this.markDirty()));
  }

  onApplicationShutdown(): void {
    for (const remove of this.removers) remove();
    stopInterval(this.scheduler, JOBS.summaryTick);
    for (const w of this.watches.values()) clearTimeout(w.timer);
    this.watches.clear();
  }

  list(): Resource[] {
    return [
      {
        uri: CLUSTER_SUMMARY_URI,
        name: 'cluster-summary',
        title: 'Cluster summary',
        description:
          'Overview of the cluster within the default size budget, anomalies first (subscribe for changes).',
        mimeType: 'text/plain',
      },
      {
        uri: ANOMALIES_URI,
        name: 'anomalies',
        title: 'Cluster anomalies',
        description:
          'Every detected problem, ranked by severity × blast radius, with evidence and hints (subscribe for changes).',
        mimeType: 'text/plain',
      },
    ];
  }

  templates(): ResourceTemplate[] {
    return [
      {
        uriTemplate: NAMESPACE_SUMMARY_TEMPLATE,
        name: 'namespace-summary',
        title: 'Namespace summary',
        description:
          'One namespace in detail: anomalies, pods, workloads, services, claims, events (subscribe for changes).',
        mimeType: 'text/plain',
      },
    ];
  }

  async read(uri: string): Promise<ReadResourceResult> {
    // A person reads the cache through their own view (fail closed until it is loaded).
    await loadCallerView();
    this.parse(uri, true);
    try {
      await this.summary.whenReady();
    } catch (err) {
      throw toMcpError(err);
    }
    // Parsed again once synced: whether the namespace exists is known now.
    const target = this.parse(uri);
    this.summary.touchWebhooks();
    const result = this.compute(target);
    return {
      contents: [
        { uri, mimeType: 'text/plain', text: this.policy.redactDeniedNames(result.text) },
        {
          uri,
          mimeType: 'application/json',
          text: this.policy.redactDeniedNames(JSON.stringify(result.structured)),
        },
      ],
    };
  }

  subscribe(uri: string, onUpdated: () => void): (() => void) | Promise<() => void> {
    // A person may follow only what they may read: their view is loaded first, and decides.
    if (currentContext()?.kubeUser) return loadCallerView().then(() => this.follow(uri, onUpdated));
    return this.follow(uri, onUpdated);
  }

  private follow(uri: string, onUpdated: () => void): () => void {
    const target = this.parse(uri);
    // The watch is shared by every subscriber of the URI and recomputed on the watch path: its
    // baseline and its timer belong to the server, not to the call that happened to come first.
    return runOutsideRequest(() => this.watch(uri, target, onUpdated));
  }

  private watch(uri: string, target: Target, onUpdated: () => void): () => void {
    let w = this.watches.get(uri);
    if (!w) {
      w = { target, listeners: new Set(), lastNotifiedAt: 0 };
      // The baseline: the first notification is for the first change after subscribing.
      if (this.summary.isReady()) w.lastHash = this.hash(target);
      this.watches.set(uri, w);
      if (!intervalRunning(this.scheduler, JOBS.summaryTick))
        startInterval(this.scheduler, JOBS.summaryTick, TICK_MS, () => this.markDirty());
    }
    w.listeners.add(onUpdated);
    const watch = w;
    return () => {
      watch.listeners.delete(onUpdated);
      if (watch.listeners.size === 0 && this.watches.get(uri) === watch) {
        clearTimeout(watch.timer);
        this.watches.delete(uri);
        if (this.watches.size === 0) stopInterval(this.scheduler, JOBS.summaryTick);
      }
    };
  }

  /** Number of resources with subscribers (for tests and status). */
  get subscribedCount(): number {
    return this.watches.size;
  }

  private markDirty(): void {
    if (this.watches.size === 0) return;
    const now = Date.now();
    for (const [uri, w] of this.watches) {
      if (w.timer) continue;
      const delay = Math.max(SETTLE_MS, w.lastNotifiedAt + MIN_NOTIFY_INTERVAL_MS - now);
      w.timer = setTimeout(() => this.check(uri), delay);
      w.timer.unref();
    }
  }

  private check(uri: string): void {
    const w = this.watches.get(uri);
    if (!w) return;
    w.timer = undefined;
    if (!this.summary.isReady()) return;
    try {
      const hash = this.hash(w.target);
      if (hash === w.lastHash) return;
      w.lastHash = hash;
      w.lastNotifiedAt = Date.now();
      for (const listener of w.listeners) listener();
    } catch (err) {
      this.logger.error(`resource ${uri} check failed: ${(err as Error).message}`);
    }
  }

  /** A fingerprint of the facts (not of the header's clock): equal facts, no notification. */
  private hash(target: Target): string {
    const { structured } = this.compute(target);
    return createHash('sha1').update(JSON.stringify(structured.sections)).digest('hex');
  }

  /** The summary at the default budget (MAX_SUMMARY_SIZE_KB), as the tool renders it. */
  private compute(target: Target): SummaryAnswer {
    const base = { includeAnomalies: true };
    const req: SummaryRequest =
      target.kind === 'cluster'
        ? { ...base, type: 'overview' }
        : target.kind === 'anomalies'
          ? { ...base, type: 'anomalies' }
          : { ...base, type: 'namespace', namespace: target.namespace };
    return renderSummary(this.summary.summarizeNow(req), Math.floor(this.config.MAX_SUMMARY_SIZE_KB * 1024));
  }

  /** `whileSyncing`: accept a namespace not known yet (read() parses again once synced). */
  private parse(uri: string, whileSyncing = false): Target {
    if (uri === CLUSTER_SUMMARY_URI) return { kind: 'cluster' };
    if (uri === ANOMALIES_URI) return { kind: 'anomalies' };
    const m = NAMESPACE_URI.exec(uri);
    if (!m) {
      // The URI is echoed cut short: a caller's 1 MB string does not come back in the error.
      const shown = uri.length > 80 ? `${uri.slice(0, 80)}… (${uri.length} characters)` : uri;
      throw new McpError(
        ErrorCode.InvalidParams,
        `uri: unknown resource ${JSON.stringify(shown)} (resources: ${CLUSTER_SUMMARY_URI}, ${ANOMALIES_URI}, ${NAMESPACE_SUMMARY_TEMPLATE})`,
        { code: 'INPUT.INVALID' },
      );
    }
    const namespace = m[1]!;
    const problem = namespaceNameProblem(namespace, false);
    if (problem)
      throw new McpError(ErrorCode.InvalidParams, `uri: namespace: ${problem}`, { code: 'INPUT.INVALID' });
    // A person is refused a namespace they may not read before its existence is looked at, so a
    // missing one and someone else's answer alike (as the API server answers them).
    try {
      assertCallerSeesNamespace(this.policy, namespace);
    } catch (err) {
      throw toMcpError(err);
    }
    // Only namespaces that exist and may be shown: a summary (and a watch) per made-up name would
    // let a caller grow the server without bound. A hidden namespace reads as a missing one, with
    // the visible namespaces like it.
    const visible = this.summary.namespaceVisible(namespace);
    if (visible === 'no') {
      const names = this.summary
        .snapshot()
        .all('Namespace')
        .map((n) => n.metadata.name);
      throw toMcpError(namespaceNotFound(namespace, similarNames(namespace, names)));
    }
    if (visible === 'unknown' && !whileSyncing) {
      throw toMcpError(
        new AppError('SYNC.NOT_READY', 'the namespace list is still syncing', {
          hint: 'try again in a few seconds',
        }),
      );
    }
    return { kind: 'namespace', namespace };
  }
}
