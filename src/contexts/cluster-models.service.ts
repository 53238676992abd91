import {
  Inject,
  Injectable,
  type INestApplicationContext,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppError } from '../common/errors/app-error.js';
import { runOutsideRequest } from '../common/logging/request-context.js';
import { JOBS, startInterval, stopInterval } from '../common/scheduling/intervals.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { configForContext, multiContext, parseContextNamespaces } from '../config/context-settings.js';
import { GraphService } from '../graph/graph.service.js';
import { StatusExtras } from '../graph/status-extras.js';
import { K8sService } from '../k8s/k8s.service.js';
import { KubeApi } from '../k8s/kube-api.service.js';
import { readKubeconfigContexts } from '../k8s/kubeconfig-contexts.js';
import { ResourceCatalogue } from '../k8s/resource-catalogue.js';
import { NamespacePolicy } from '../security/namespace-policy.js';
import { SummaryService } from '../summary/summary.service.js';
import { CachedReads } from '../sync/cached-reads.service.js';
import { InformerRegistry } from '../sync/informer-registry.js';
import { ChangeJournalService } from '../timeline/change-journal.service.js';
import { type AllowedContexts, resolveAllowedContexts } from './allowed-contexts.js';
import type { ClusterModel } from './cluster-model.js';
import { PersonViews } from '../sync/person-views.service.js';
import { ClusterModelModule } from './cluster-model.module.js';
import { type ContextStatus, contextStatus } from './context-status.js';

/** A model lent to one call; release() marks it idle again (idle models may be stopped). */
export interface ModelLease {
  readonly model: ClusterModel;
  release(): void;
}

/** A context other than the default: its Nest application context, once started. */
interface Entry {
  readonly ready: Promise<ClusterModel>;
  app?: INestApplicationContext;
  model?: ClusterModel;
  lastUsed: number;
  /** Calls holding the model: an idle sweep never stops a model under a running call. */
  inFlight: number;
}

const NO_LEASE = (): void => undefined;

/**
 * The live model of every allowed kubeconfig context. The default context is the application's
 * own singletons, unchanged (a single-context server pays nothing here). Each other context gets
 * the same modules in a Nest application context of its own, started on its first call (or at
 * start-up with K8S_CONTEXTS_EAGER) and stopped after K8S_CONTEXT_IDLE_STOP seconds without a
 * call. Models share nothing but the process: a hung API server stalls only its own model's
 * requests, which the call deadline (K8S_REQUEST_TIMEOUT) bounds.
 */
@Injectable()
export class ClusterModels implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Contexts');
  private readonly home: ClusterModel;
  private allowed?: AllowedContexts;
  private readonly entries = new Map<string, Entry>();
  private readonly stopListeners = new Set<(model: ClusterModel) => void>();
  private closed = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    k8s: K8sService,
    kube: KubeApi,
    reads: CachedReads,
    catalogue: ResourceCatalogue,
    policy: NamespacePolicy,
    registry: InformerRegistry,
    graph: GraphService,
    summary: SummaryService,
    changes: ChangeJournalService,
    views: PersonViews,
    private readonly extras: StatusExtras,
    @Optional() private readonly scheduler: SchedulerRegistry = new SchedulerRegistry(),
  ) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getter below reads the registry
    const models = this;
    this.home = {
      // Known once the kubeconfig is read (at once with K8S_CONTEXTS, else on first use).
      get context() {
        return models.defaultContext() ?? '';
      },
      config,
      k8s,
      kube,
      reads,
      catalogue,
      policy,
      registry,
      graph,
      summary,
      changes,
      views,
    };
  }

  /** With K8S_CONTEXTS set, checks it against the kubeconfig: a wrong name fails start-up. */
  async onModuleInit(): Promise<void> {
    if (!multiContext(this.config)) return;
    const kubeconfig = await readKubeconfigContexts(this.config);
    const namespaces = parseContextNamespaces(this.config.K8S_CONTEXT_NAMESPACES);
    this.allowed = resolveAllowedContexts(this.config.K8S_CONTEXTS, namespaces, kubeconfig);
    this.extras.add('contexts', () => this.status());
    const idle = this.config.K8S_CONTEXT_IDLE_STOP;
    if (idle > 0) {
      // A quarter of the idle time (1 s to 60 s): a model stops at most 25% later than promised.
      const every = Math.min(60, Math.max(1, idle / 4)) * 1000;
      startInterval(this.scheduler, JOBS.contextIdleStop, every, () => void this.stopIdle());
    }
  }

  /** Starts every allowed context's model now (K8S_CONTEXTS_EAGER); called after bootstrap. */
  startEager(): void {
    if (!this.config.K8S_CONTEXTS_EAGER || !this.allowed) return;
    for (const name of this.allowed.names)
      if (name !== this.allowed.defaultContext) this.entry(name).ready.catch(() => undefined);
  }

  /** The default context's name; undefined until the kubeconfig was read (single-context server). */
  defaultContext(): string | undefined {
    return this.allowed?.defaultContext ?? this.config.K8S_CONTEXT ?? this.home.k8s.status().context;
  }

  /** The default context's model (the application's own services). */
  defaultModel(): ClusterModel {
    return this.home;
  }

  /**
   * Calls listener with a model about to stop (idle or shutdown), so what was built on it from
   * above (resource subscriptions) is let go with it; returns the function that ends it.
   */
  onModelStopping(listener: (model: ClusterModel) => void): () => void {
    this.stopListeners.add(listener);
    return () => this.stopListeners.delete(listener);
  }

  /** With K8S_CONTEXTS: the allowed contexts, the default first (known from start-up on). */
  allowedNames(): readonly string[] | undefined {
    return this.allowed?.names;
  }

  /** The contexts calls may name, the default first. */
  async names(): Promise<readonly string[]> {
    if (this.allowed) return this.allowed.names;
    // Single context: its name is the kubeconfig's current one, known once the clients load.
    const loaded = await this.home.k8s.clients().catch(() => undefined);
    const name = loaded?.context ?? this.defaultContext();
    return name ? [name] : [];
  }

  /**
   * The model a call runs against: the default one for no `context`, else that context's own,
   * started if need be. A context outside the allow-list (unknown ones included: the answer must
   * not tell the kubeconfig's other names) is refused naming the allowed ones.
   */
  async acquire(context: string | undefined): Promise<ModelLease> {
    if (context === undefined || context === '') return { model: this.home, release: NO_LEASE };
    const names = await this.names();
    if (!names.includes(context)) throw this.denied(context, names);
    if (context === (this.allowed?.defaultContext ?? names[0]))
      return { model: this.home, release: NO_LEASE };
    const entry = this.entry(context);
    entry.inFlight++;
    entry.lastUsed = Date.now();
    const model = await entry.ready.catch((err: unknown) => {
      entry.inFlight--;
      throw err;
    });
    return {
      model,
      release: () => {
        entry.inFlight--;
        entry.lastUsed = Date.now();
      },
    };
  }

  /** Every allowed context with its model's state; never starts a model. */
  async status(): Promise<ContextStatus[]> {
    const names = await this.names();
    // Single context: the one name is the default (defaultContext() may not know it before the
    // first API probe, which listed it as another, stopped context).
    const defaultName = this.allowed?.defaultContext ?? names[0];
    return names.map((name) => {
      const isDefault = name === defaultName;
      if (isDefault) return contextStatus(name, true, 'running', this.home);
      const entry = this.entries.get(name);
      const state = !entry ? 'stopped' : entry.model ? 'running' : 'starting';
      return contextStatus(name, false, state, entry?.model, entry?.lastUsed);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    stopInterval(this.scheduler, JOBS.contextIdleStop);
    const names = [...this.entries.keys()];
    await Promise.all(names.map((name) => this.stop(name)));
  }

  private entry(name: string): Entry {
    const existing = this.entries.get(name);
    if (existing) return existing;
    // Outside the call that asks first (a resource read or prompt runs as its person): the model's
    // LISTs would otherwise carry that person's Impersonate-* for good, and fill everyone's cache.
    const ready = runOutsideRequest(() => this.start(name));
    const entry: Entry = { ready, lastUsed: Date.now(), inFlight: 0 };
    this.entries.set(name, entry);
    // A model that failed to start is forgotten, so the next call tries again.
    entry.ready.catch(() => {
      if (this.entries.get(name) === entry) this.entries.delete(name);
    });
    return entry;
  }

  private async start(name: string): Promise<ClusterModel> {
    const started = Date.now();
    const config = configForContext(this.config, name);
    // No `logger` option: Nest would install it process-wide (false would silence the server).
    const app = await NestFactory.createApplicationContext(ClusterModelModule.forContext(config), {
      abortOnError: false,
    });
    const model: ClusterModel = {
      context: name,
      config,
      k8s: app.get(K8sService),
      kube: app.get(KubeApi),
      reads: app.get(CachedReads),
      catalogue: app.get(ResourceCatalogue),
      policy: app.get(NamespacePolicy),
      registry: app.get(InformerRegistry),
      graph: app.get(GraphService),
      summary: app.get(SummaryService),
      changes: app.get(ChangeJournalService),
      views: app.get(PersonViews),
    };
    const entry = this.entries.get(name);
    if (this.closed || !entry) {
      await app.close();
      throw new AppError('K8S.UNREACHABLE', `context '${name}': the server is shutting down`);
    }
    entry.app = app;
    entry.model = model;
    model.k8s.warmUp();
    model.registry.start();
    this.logger.log(`context '${name}': model started in ${Date.now() - started} ms, syncing`);
    return model;
  }

  private async stop(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    this.entries.delete(name);
    const app = entry.app ?? (await entry.ready.then(() => entry.app).catch(() => undefined));
    const model = entry.model;
    if (model)
      for (const listener of this.stopListeners) {
        try {
          listener(model);
        } catch (err) {
          this.logger.error(`context '${name}': a stop listener failed: ${(err as Error).message}`);
        }
      }
    await app?.close();
  }

  private async stopIdle(): Promise<void> {
    const limit = this.config.K8S_CONTEXT_IDLE_STOP * 1000;
    const now = Date.now();
    for (const [name, entry] of this.entries) {
      if (!entry.model || entry.inFlight > 0 || now - entry.lastUsed < limit) continue;
      this.logger.log(
        `context '${name}': no call for ${Math.round((now - entry.lastUsed) / 1000)} s, model stopped`,
      );
      await this.stop(name);
    }
  }

  private denied(context: string, names: readonly string[]): AppError {
    const listed = names.map((n) => `'${n}'`).join(', ') || 'none (the kubeconfig could not be read)';
    return new AppError('POLICY.CONTEXT_DENIED', `context '${context}' is not one this server may reach`, {
      hint: `allowed contexts: ${listed}; leave context out for the default (k8s-list-contexts lists them)`,
    });
  }
}
