import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { JOBS, startInterval, stopInterval } from '../common/scheduling/intervals.js';
import { AppError } from '../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { classifyK8sError } from './k8s-error.classifier.js';
import { buildClients, importClientNode, type KubeClients, loadKubeConfig } from './kube-clients.js';
import { describeSource, type KubeconfigSource, resolveKubeconfigSource } from './kubeconfig-source.js';
import type { KubeRequestObservation, KubeRequestObserver } from './kube-request-info.js';

/** Reachability of the API server as last seen. */
export type ClusterState = 'connecting' | 'up' | 'down';

/** What /health, the banner and tools say about the cluster connection. */
export interface ClusterStatus {
  readonly state: ClusterState;
  readonly kubeconfig: string;
  readonly context?: string;
  readonly server?: string;
  readonly version?: string;
  readonly error?: string;
  readonly checkedAt?: string;
}

/**
 * Owns the cluster connection: resolves the kubeconfig like kubectl, loads client-node lazily,
 * and probes the API server periodically. Nothing here throws at start-up: a broken kubeconfig
 * or a dead API server is reported through status() and as errors of the calls that need it.
 */
@Injectable()
export class K8sService implements OnApplicationShutdown {
  private readonly logger = new Logger(K8sService.name);
  private readonly source: KubeconfigSource;
  private clientsPromise?: Promise<KubeClients>;
  private current: ClusterStatus;
  private kubeconfigServer?: string;
  private warmedUp = false;
  private probing?: Promise<ClusterStatus>;
  private readonly requestObservers = new Set<KubeRequestObserver>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly scheduler: SchedulerRegistry = new SchedulerRegistry(),
  ) {
    this.source = resolveKubeconfigSource(config);
    this.current = {
      state: 'connecting',
      kubeconfig: describeSource(this.source),
      context: config.K8S_CONTEXT,
    };
  }

  /**
   * Starts loading clients and probing in the background; idempotent and non-blocking. With
   * HEALTH_CHECK_ENABLED=false there is one probe and no periodic ones: /health then probes
   * when it is asked (see periodicChecks).
   */
  warmUp(): void {
    if (this.warmedUp) return;
    this.warmedUp = true;
    if (this.config.HEALTH_CHECK_ENABLED) {
      startInterval(
        this.scheduler,
        JOBS.apiProbe,
        this.config.HEALTH_CHECK_INTERVAL * 1000,
        () => void this.probe(),
      );
    }
    void this.probe();
  }

  /** True when the API server is probed every HEALTH_CHECK_INTERVAL seconds (HEALTH_CHECK_ENABLED). */
  periodicChecks(): boolean {
    return this.config.HEALTH_CHECK_ENABLED;
  }

  /** The API clients; rejects with a K8S.CONFIG AppError when the kubeconfig is unusable. */
  clients(): Promise<KubeClients> {
    this.clientsPromise ??= importClientNode().then((lib) => {
      const kc = loadKubeConfig(lib, this.source, this.config.K8S_CONTEXT);
      const clients = buildClients(lib, kc, this.config.K8S_REQUEST_TIMEOUT * 1000, (o) => this.observed(o));
      this.kubeconfigServer = clients.server;
      return clients;
    });
    return this.clientsPromise;
  }

  /**
   * The API server's URL from the kubeconfig once the clients are loaded, before any probe has
   * answered: an error about a server that never answered can still name it.
   */
  loadedServer(): string | undefined {
    return this.kubeconfigServer;
  }

  /** Tells `observer` of every request to the API server (monitoring counts them); never throws into the call. */
  onKubeRequest(observer: KubeRequestObserver): void {
    this.requestObservers.add(observer);
  }

  private observed(observation: KubeRequestObservation): void {
    for (const observer of this.requestObservers) {
      try {
        observer(observation);
      } catch (err) {
        this.logger.warn(`request observer failed: ${(err as Error).message}`);
      }
    }
  }

  /** Last known connection status (never waits). */
  status(): ClusterStatus {
    return this.current;
  }

  /** Asks the API server for /version and records the outcome; concurrent callers share one probe. */
  probe(): Promise<ClusterStatus> {
    this.probing ??= this.runProbe().finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async runProbe(): Promise<ClusterStatus> {
    const previous = this.current.state;
    let clients: KubeClients | undefined;
    try {
      clients = await this.clients();
      const version = await clients.kc.makeApiClient(clients.lib.VersionApi).getCode();
      this.current = {
        state: 'up',
        kubeconfig: describeSource(this.source),
        context: clients.context,
        server: clients.server,
        version: version.gitVersion,
        checkedAt: new Date().toISOString(),
      };
    } catch (err) {
      const error = AppError.is(err)
        ? err
        : classifyK8sError(err, { verb: 'reach', resource: 'the API server', server: clients?.server });
      this.current = {
        state: 'down',
        kubeconfig: describeSource(this.source),
        context: clients?.context ?? this.config.K8S_CONTEXT,
        server: clients?.server,
        error: error.describe(),
        checkedAt: new Date().toISOString(),
      };
    }
    if (this.current.state !== previous) {
      if (this.current.state === 'up')
        this.logger.log(`cluster up: ${this.current.server} (${this.current.version})`);
      else this.logger.warn(`cluster down: ${this.current.error}`);
    }
    return this.current;
  }

  onApplicationShutdown(): void {
    stopInterval(this.scheduler, JOBS.apiProbe);
  }
}
