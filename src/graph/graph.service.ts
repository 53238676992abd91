import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { JOBS, startInterval, stopInterval } from '../common/scheduling/intervals.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { KubeObject } from '../k8s/kube-object.js';
import { InformerRegistry } from '../sync/informer-registry.js';
import { WATCHED_KINDS } from '../sync/watched-kinds.js';
import { type ObjectLookup, refOf } from './edges/edge-rule.js';
import {
  GraphQueryEngine,
  type QueryOptions,
  type QueryResult,
  type QueryType,
} from './graph-query.engine.js';
import { type NodeLabel, type NodeRef, nodeId, plainRef } from './graph.types.js';
import { objectStatus } from './node-status.js';
import { type DanglingEdge, type GraphCounts, RelationGraph } from './relation-graph.js';

/**
 * Estimated heap per node. With EDGE_BYTES (graphlib's own maps, the labels, the derived-edge
 * index and the query adjacency), calibrated with bench/graph-query.mjs: on 15,200 nodes and 61,000
 * edges the measured heap was 65.9 MB. It only has to be right within the headroom GRAPH_MEMORY_LIMIT leaves.
 */
export const NODE_BYTES = 600;
/** Estimated heap per edge (see NODE_BYTES). */
export const EDGE_BYTES = 930;

/**
 * Kinds dropped, in this order, when the estimate exceeds GRAPH_MEMORY_LIMIT: the least useful to
 * relation queries first (Events have no edges; RBAC and EndpointSlices are numerous and rarely
 * asked about). Workloads, pods, Services and their config are never dropped.
 */
export const DEGRADE_ORDER: readonly string[] = [
  'Event',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'EndpointSlice',
  'ServiceAccount',
  'NetworkPolicy',
  'PodDisruptionBudget',
  'IngressClass',
  'StorageClass',
];

/**
 * Changes applied per event-loop turn: the initial sync of a big cluster reports tens of thousands
 * of objects at once, and a thousand recomputes take a few milliseconds, so HTTP and MCP traffic
 * keeps flowing meanwhile.
 */
const FLUSH_BATCH = 1000;

/** Longest pause between TTL sweeps; a short GRAPH_TTL sweeps as often as it is long. */
const MAX_SWEEP_SECONDS = 60;

/** What changed in the graph, for subscribers (the summary). */
export interface GraphChange {
  readonly op: 'upsert' | 'delete';
  readonly node: NodeRef;
}

/** The graph's part of /intelligent/status. */
export interface GraphStatus extends Partial<GraphCounts> {
  readonly enabled: boolean;
  /** The initial sync has completed, so the graph holds the whole (allowed) cluster. */
  readonly ready: boolean;
  readonly danglingEdges?: number;
  readonly estimatedBytes?: number;
  readonly memoryLimitBytes?: number;
  /** Kinds dropped to stay within GRAPH_MEMORY_LIMIT; relation queries do not see them. */
  readonly droppedKinds?: string[];
  /** Kinds the sync may not read (RBAC): not in the graph, and references to them are not dangling. */
  readonly unavailableKinds?: string[];
  readonly degraded?: boolean;
  readonly note?: string;
  readonly ttlSeconds?: number;
  /** Nodes evicted because sync did not confirm them within GRAPH_TTL (a missed deletion, healed). */
  readonly evictedByTtl?: number;
}

/** A node as an answer shows it. */
export interface NodeInfo extends NodeRef {
  readonly status?: string;
  readonly missing?: boolean;
}

const sameLabels = (a: KubeObject, b: KubeObject) =>
  JSON.stringify(a.metadata.labels ?? {}) === JSON.stringify(b.metadata.labels ?? {});

/**
 * The resource-relationship graph, kept current by the informers' handlers: each change recomputes
 * the changed object's edges from the cache (and, when labels changed, the selector edges pointing
 * at it). A periodic sweep re-checks every node against the cache and evicts what sync no longer
 * confirms after GRAPH_TTL. Off entirely when ENABLE_KNOWLEDGE_GRAPH=false.
 */
@Injectable()
export class GraphService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(GraphService.name);
  private readonly graph: RelationGraph;
  private readonly engine: GraphQueryEngine;
  private readonly lookup: ObjectLookup;
  private readonly listeners = new Set<(change: GraphChange) => void>();
  private readonly unsubscribe: (() => void)[] = [];
  /** Objects the informers reported since the last flush, by node id (bursts collapse to one recompute). */
  private readonly pending = new Map<string, { kind: string; ref: NodeRef; labelsChanged: boolean }>();
  private flushScheduled = false;
  private evicted = 0;

  constructor(
    @Inject(APP_CONFIG)
    private readonly config: Pick<
      AppConfig,
      'ENABLE_KNOWLEDGE_GRAPH' | 'GRAPH_TTL' | 'GRAPH_MEMORY_LIMIT' | 'GRAPH_MAX_DEPTH'
    >,
    private readonly registry: InformerRegistry,
    @Optional() private readonly scheduler: SchedulerRegistry = new SchedulerRegistry(),
  ) {
    this.lookup = {
      list: (kind, namespace) => {
        const store = registry.informer(kind)?.store;
        if (!store) return [];
        return namespace ? store.byIndex('namespace', namespace) : store.list();
      },
      withLabel: (kind, key, value) =>
        registry.informer(kind)?.store.byIndex('label', `${key}=${value}`) ?? [],
      get: (kind, namespace, name) =>
        registry.informer(kind)?.store.get(namespace ? `${namespace}/${name}` : name),
    };
    this.graph = new RelationGraph(this.lookup, new Set(WATCHED_KINDS.map((k) => k.ref.kind)));
    this.engine = new GraphQueryEngine(this.graph);
  }

  /** False when ENABLE_KNOWLEDGE_GRAPH=false: nothing is built and queries are refused. */
  get enabled(): boolean {
    return this.config.ENABLE_KNOWLEDGE_GRAPH;
  }

  /** Subscribes to the informers and builds from what they already hold. */
  onModuleInit(): void {
    if (!this.enabled) return;
    for (const informer of this.registry.informers()) {
      const kind = informer.kind.ref.kind;
      this.unsubscribe.push(
        informer.addHandlers({
          add: (obj) => this.enqueue(obj, kind, true),
          update: (old, obj) => this.enqueue(obj, kind, !sameLabels(old, obj)),
          delete: (obj) => this.enqueue(obj, kind, true),
        }),
      );
      for (const obj of informer.store.list()) this.graph.upsert(obj, kind);
    }
    // Kinds RBAC forbids are skipped by the sync; the graph stops expecting their objects.
    void this.registry.ready().then(() => {
      for (const informer of this.registry.informers()) {
        if (informer.status().state === 'forbidden') this.graph.markUnavailable(informer.kind.ref.kind);
      }
      this.scheduleFlush();
    });
    if (this.config.GRAPH_TTL > 0) {
      const every = Math.min(this.config.GRAPH_TTL, MAX_SWEEP_SECONDS) * 1000;
      startInterval(this.scheduler, JOBS.graphSweep, every, () => this.sweep());
    }
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    stopInterval(this.scheduler, JOBS.graphSweep);
    this.pending.clear();
  }

  /** True while informer changes wait to be applied (e.g. the initial build after the sync). */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** True once the graph holds the whole (allowed) cluster: enabled and the initial sync done. */
  isReady(): boolean {
    return this.enabled && this.registry.hasSynced();
  }

  /** Waits up to `timeoutMs` for isReady(); resolves to whether it became ready. */
  async whenReady(timeoutMs: number): Promise<boolean> {
    if (!this.enabled) return false;
    if (this.isReady()) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const ready = await Promise.race([this.registry.ready().then(() => true as const), timeout]);
    clearTimeout(timer);
    return ready;
  }

  /** Node and edge counts, memory estimate, degradation: the graph's part of /intelligent/status. */
  status(): GraphStatus {
    this.flush();
    if (!this.enabled) return { enabled: false, ready: false, note: 'ENABLE_KNOWLEDGE_GRAPH=false' };
    const counts = this.graph.counts();
    const dropped = this.graph.droppedKinds();
    return {
      enabled: true,
      ready: this.isReady(),
      ...counts,
      danglingEdges: this.graph.danglingEdges().length,
      estimatedBytes: this.estimatedBytes(),
      memoryLimitBytes: this.limitBytes(),
      degraded: dropped.length > 0,
      droppedKinds: dropped,
      unavailableKinds: this.graph.unavailableKinds(),
      ...(dropped.length > 0
        ? { note: `over GRAPH_MEMORY_LIMIT: ${dropped.join(', ')} dropped from the graph` }
        : {}),
      ttlSeconds: this.config.GRAPH_TTL,
      evictedByTtl: this.evicted,
    };
  }

  /** Node and edge counts only (cheap: for metrics). */
  counts(): GraphCounts {
    this.flush();
    return this.graph.counts();
  }

  /**
   * What breaks if the object fails or is deleted, up to maxDepth (GRAPH_MAX_DEPTH by default and
   * at most): kind/namespace/name of every impacted node, the object itself excluded.
   */
  impact(ref: NodeRef, maxDepth = this.config.GRAPH_MAX_DEPTH): NodeRef[] {
    const id = nodeId(ref);
    this.flush();
    if (!this.enabled || !this.graph.node(id)) return [];
    const depth = Math.min(maxDepth, this.config.GRAPH_MAX_DEPTH);
    return this.engine
      .run('impact', id, { maxDepth: depth })
      .nodes.slice(1)
      .map((n) => n.ref);
  }

  /** Every reference to an object that does not exist (`optional: true` references excluded). */
  danglingEdges(): DanglingEdge[] {
    this.flush();
    return this.enabled ? this.graph.danglingEdges() : [];
  }

  /** Calls `listener` after every change the graph applies; returns the unsubscribe function. */
  onChange(listener: (change: GraphChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The node of an object (a placeholder when it is only referred to), or undefined. */
  node(ref: NodeRef): NodeLabel | undefined {
    this.flush();
    return this.graph.node(nodeId(ref));
  }

  /** Names of the nodes of a kind (in a namespace), for "did you mean" hints. */
  names(kind: string, namespace?: string): string[] {
    const store = this.registry.informer(kind)?.store;
    if (!store) return [];
    return (namespace ? store.byIndex('namespace', namespace) : store.list()).map((o) => o.metadata.name);
  }

  /** True when objects of the kind are in the graph. */
  holds(kind: string): boolean {
    return this.graph.holds(kind);
  }

  /** Runs a relation query from an existing node (see GraphQueryEngine). */
  query(type: QueryType, root: NodeRef, options: QueryOptions): QueryResult {
    this.flush();
    return this.engine.run(type, nodeId(root), options);
  }

  /** A node as answers show it: ref, status from the cached object, missing flag. */
  info(ref: NodeRef): NodeInfo {
    const label = this.graph.node(nodeId(ref));
    if (!label || label.missing) return { ...plainRef(ref), missing: true };
    const obj = this.lookup.get(ref.kind, ref.namespace, ref.name);
    const status = obj ? objectStatus(ref.kind, obj) : undefined;
    return { ...plainRef(ref), ...(status ? { status } : {}) };
  }

  /**
   * Applies what the informers reported (all of it, or the `limit` oldest) from the cache's current
   * state: an object still cached is recomputed, one gone is removed. Reads call this first, so
   * answers always reflect every event delivered so far.
   */
  flush(limit = Infinity): void {
    if (this.pending.size === 0) return;
    let done = 0;
    for (const [id, change] of this.pending) {
      if (done++ >= limit) break;
      this.pending.delete(id);
      const obj = this.lookup.get(change.kind, change.ref.namespace, change.ref.name);
      if (obj) this.graph.upsert(obj, change.kind, change.labelsChanged);
      else this.graph.remove(change.ref);
      this.notify({ op: obj ? 'upsert' : 'delete', node: change.ref });
    }
    this.enforceMemoryLimit();
  }

  /** Informer handler: cheap (the watch path waits for it); the work happens in flush(). */
  private enqueue(obj: KubeObject, kind: string, labelsChanged: boolean): void {
    const ref = refOf(obj, kind);
    const id = nodeId(ref);
    const earlier = this.pending.get(id);
    this.pending.set(id, { kind, ref, labelsChanged: labelsChanged || (earlier?.labelsChanged ?? false) });
    // During the initial sync the graph waits (reads still flush first): building it batch by batch
    // between the sync's pages made the initial sync of 10,000 pods markedly slower.
    if (this.registry.hasSynced()) this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.pending.size === 0) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushInBatches());
  }

  private flushInBatches(): void {
    this.flush(FLUSH_BATCH);
    if (this.pending.size > 0) setImmediate(() => this.flushInBatches());
    else this.flushScheduled = false;
  }

  private notify(change: GraphChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        this.logger.error(`graph listener failed: ${(err as Error).message}`);
      }
    }
  }

  private estimatedBytes(): number {
    return this.graph.g.nodeCount() * NODE_BYTES + this.graph.g.edgeCount() * EDGE_BYTES;
  }

  private limitBytes(): number {
    return this.config.GRAPH_MEMORY_LIMIT * 1024 * 1024;
  }

  /** Drops kinds in DEGRADE_ORDER until the estimate fits (kinds stay dropped until restart). */
  private enforceMemoryLimit(): void {
    while (this.estimatedBytes() > this.limitBytes()) {
      const next = DEGRADE_ORDER.find((k) => this.graph.holds(k));
      if (!next) return;
      this.logger.warn(
        `graph estimate above GRAPH_MEMORY_LIMIT (${this.config.GRAPH_MEMORY_LIMIT} MB): dropping ${next}`,
      );
      this.graph.dropKind(next);
    }
  }

  /**
   * Level-triggered safety net: every node is checked against the cache; a node whose object the
   * cache holds is confirmed (and recomputed if its resourceVersion moved on without an event
   * reaching us); one it does not hold is evicted once GRAPH_TTL has passed since its last
   * confirmation.
   */
  sweep(now = Date.now()): void {
    this.flush();
    const ttlMs = this.config.GRAPH_TTL * 1000;
    for (const id of this.graph.objectIds()) {
      const label = this.graph.node(id)!;
      const obj = this.lookup.get(label.kind, label.namespace, label.name);
      if (obj && obj.metadata.uid === label.uid) {
        if (obj.metadata.resourceVersion !== label.resourceVersion) this.graph.upsert(obj, label.kind);
        else this.graph.confirm(id);
      } else if (obj) {
        // Deleted and recreated under the same name without us seeing it: the new object wins now.
        this.graph.remove(label);
        this.graph.upsert(obj, label.kind);
      } else if (now - label.confirmedAt > ttlMs) {
        this.graph.remove(label);
        this.evicted++;
      }
    }
  }
}
