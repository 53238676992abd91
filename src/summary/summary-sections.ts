import type { ClusterSnapshot } from './cluster-snapshot.js';
import { eventCount, eventTime, nodeReadiness, podFacts, podRestarts } from '../k8s/objects/index.js';
import { endpointCounts } from './detectors/service-endpoints.detector.js';
import { replicaCounts, WORKLOAD_KINDS } from './detectors/workload-unavailable.detector.js';
import {
  conditionOf,
  type CronJob,
  type Job,
  type KubeEvent,
  type Node,
  type PersistentVolumeClaim,
  type Pod,
  type Service,
  type Workload,
} from '../k8s/objects/index.js';
import { parseQuantity } from './quantity.js';
import type { RankedFinding } from './ranking.js';
import type { Severity } from './detectors/detector.js';
import { taintText } from './scheduling.js';

// The summary's sections as data, from a snapshot: totals and the rows a reader should see, in
// the order they should see them. Pure functions: same snapshot, same data. Turning them into
// text within a byte budget, with the calls that show more, is the MCP layer's work
// (mcp/rendering/summary-text.ts); the console reads the same data through the tool's
// structured content.

const PHASES = ['Running', 'Pending', 'Succeeded', 'Failed', 'Unknown'] as const;
const PRESSURES = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Order by namespace, then name (no string building: sorts see thousands of objects). */
const byName = (
  a: { metadata: { namespace?: string; name: string } },
  b: { metadata: { namespace?: string; name: string } },
): number => {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
};

// ---- anomalies ---------------------------------------------------------------------------------

export type SeverityCounts = Record<Severity, number>;

export function severityCounts(findings: readonly RankedFinding[]): SeverityCounts {
  const c = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

/**
 * What a filtered anomalies section was drawn from, so that a filtered view never reads as
 * "all clear": present only when the section holds fewer findings than the visible cluster.
 */
export interface FindingScope {
  /** The kinds kept: every kind, Nodes only, or workloads (and their pods, HPAs, PDBs) only. */
  readonly kinds: 'all' | 'Node' | 'Workload';
  /** The namespace kept, when the view is limited to one. */
  readonly namespace?: string;
  /** Findings in the whole visible cluster. */
  readonly clusterTotal: number;
}

export interface AnomaliesData {
  readonly id: 'anomalies';
  /** Ranked, worst first. */
  readonly findings: readonly RankedFinding[];
  readonly counts: SeverityCounts;
  /** The summary's namespace (the drill-down keeps it). */
  readonly namespace?: string;
  readonly scope?: FindingScope;
}

/** The anomalies section: ranked findings and, when they are a filtered part, of what. */
export function anomaliesData(
  findings: readonly RankedFinding[],
  namespace: string | undefined,
  scope: FindingScope,
): AnomaliesData {
  return {
    id: 'anomalies',
    findings,
    counts: severityCounts(findings),
    ...(namespace ? { namespace } : {}),
    ...(scope.clusterTotal !== findings.length ? { scope } : {}),
  };
}

// ---- nodes ----------------------------------------------------------------------------------------

export interface NodeFacts {
  readonly name: string;
  readonly ready: string;
  readonly cordoned: boolean;
  readonly pressure: string[];
  readonly cpu: { capacity: number; allocatable: number; requested: number };
  readonly memory: { capacity: number; allocatable: number; requested: number };
  readonly pods: { capacity: number; allocatable: number; running: number };
  readonly kubelet?: string;
  /** Taints as kubectl writes them (key=value:Effect). */
  readonly taints: string[];
  /** Labels outside the kubernetes.io and k8s.io prefixes (key=value), and how many are left out. */
  readonly labels: string[];
  readonly systemLabels: number;
}

export interface NodeTotals {
  readonly cpu: { capacity: number; allocatable: number; requested: number };
  readonly memory: { capacity: number; allocatable: number; requested: number };
  readonly pods: { capacity: number; allocatable: number; running: number };
}

export interface NodesData {
  readonly id: 'nodes';
  /** Every node listed with labels and capacity (the nodes view), or only troubled ones (overview). */
  readonly detailed: boolean;
  readonly total: number;
  readonly ready: number;
  readonly notReady: number;
  readonly cordoned: number;
  readonly pressure: string[];
  readonly resources: NodeTotals;
  /** True when hidden namespaces hold pods: the requests are the visible pods' only. */
  readonly visiblePodsOnly: boolean;
  /** Troubled nodes first. */
  readonly rows: readonly NodeFacts[];
}

// The nodes view names the labels a person sets (pools, accelerators, zones of their own) in full,
// and only counts the ones Kubernetes sets on every node (kubernetes.io/hostname, .../os, ...): they
// are alike on every node and would double a node's line. k8s-get-nodes with a labelSelector
// answers for any label.
const SYSTEM_LABEL = /^([^/]+\.)?(kubernetes\.io|k8s\.io)\//;

/** Cached objects are replaced, never changed, on update: their requests can be remembered. */
const requestsOf = new WeakMap<Pod, { cpu: number; memory: number }>();

function podRequests(pod: Pod): { cpu: number; memory: number } {
  const known = requestsOf.get(pod);
  if (known) return known;
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += parseQuantity(c.resources?.requests?.cpu);
    memory += parseQuantity(c.resources?.requests?.memory);
  }
  const r = { cpu, memory };
  requestsOf.set(pod, r);
  return r;
}

const isActive = (p: Pod) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

/** Requests and pod counts per node, from one pass over the visible pods. */
function nodeUsage(snapshot: ClusterSnapshot): Map<string, { cpu: number; memory: number; pods: number }> {
  return snapshot.memo('node-usage', () => {
    const usage = new Map<string, { cpu: number; memory: number; pods: number }>();
    for (const p of snapshot.all<Pod>('Pod')) {
      const node = p.spec?.nodeName;
      if (!node || !isActive(p)) continue;
      const u = usage.get(node) ?? { cpu: 0, memory: 0, pods: 0 };
      const r = podRequests(p);
      u.cpu += r.cpu;
      u.memory += r.memory;
      u.pods++;
      usage.set(node, u);
    }
    return usage;
  });
}

function nodeFacts(snapshot: ClusterSnapshot, node: Node): NodeFacts {
  const { cpu, memory, pods } = nodeUsage(snapshot).get(node.metadata.name) ?? { cpu: 0, memory: 0, pods: 0 };
  const cap = node.status?.capacity ?? {};
  const alloc = node.status?.allocatable ?? {};
  return {
    name: node.metadata.name,
    ready: nodeReadiness(node),
    cordoned: !!node.spec?.unschedulable,
    pressure: PRESSURES.filter((t) => conditionOf(node, t)?.status === 'True'),
    cpu: { capacity: parseQuantity(cap.cpu), allocatable: parseQuantity(alloc.cpu), requested: cpu },
    memory: {
      capacity: parseQuantity(cap.memory),
      allocatable: parseQuantity(alloc.memory),
      requested: memory,
    },
    pods: { capacity: parseQuantity(cap.pods), allocatable: parseQuantity(alloc.pods), running: pods },
    kubelet: node.status?.nodeInfo?.kubeletVersion,
    taints: (node.spec?.taints ?? []).map(taintText),
    labels: Object.entries(node.metadata.labels ?? {})
      .filter(([k]) => !SYSTEM_LABEL.test(k))
      .map(([k, v]) => `${k}=${v}`),
    systemLabels: Object.keys(node.metadata.labels ?? {}).filter((k) => SYSTEM_LABEL.test(k)).length,
  };
}

const nodeTrouble = (n: NodeFacts) =>
  (n.ready !== 'Ready' ? 3 : 0) + (n.pressure.length ? 2 : 0) + (n.cordoned ? 1 : 0);

/** Nodes: counts, totals, then the nodes, troubled nodes first. */
export function nodesData(snapshot: ClusterSnapshot, detailed: boolean): NodesData {
  const facts = snapshot.all<Node>('Node').map((n) => nodeFacts(snapshot, n));
  facts.sort((a, b) => nodeTrouble(b) - nodeTrouble(a) || (a.name < b.name ? -1 : 1));
  const sum = (f: (n: NodeFacts) => number) => facts.reduce((s, n) => s + f(n), 0);
  const resources: NodeTotals = {
    cpu: {
      capacity: sum((n) => n.cpu.capacity),
      allocatable: sum((n) => n.cpu.allocatable),
      requested: sum((n) => n.cpu.requested),
    },
    memory: {
      capacity: sum((n) => n.memory.capacity),
      allocatable: sum((n) => n.memory.allocatable),
      requested: sum((n) => n.memory.requested),
    },
    pods: {
      capacity: sum((n) => n.pods.capacity),
      allocatable: sum((n) => n.pods.allocatable),
      running: sum((n) => n.pods.running),
    },
  };
  const ready = facts.filter((n) => n.ready === 'Ready').length;
  return {
    id: 'nodes',
    detailed,
    total: facts.length,
    ready,
    notReady: facts.length - ready,
    cordoned: facts.filter((n) => n.cordoned).length,
    pressure: [...new Set(facts.flatMap((n) => n.pressure))].sort(),
    resources,
    visiblePodsOnly: snapshot.hidden(['Pod']).objects > 0,
    // Healthy nodes add little in an overview: list only troubled ones there, all of them in "nodes".
    rows: detailed ? facts : facts.filter((n) => nodeTrouble(n) > 0),
  };
}

// ---- namespaces -------------------------------------------------------------------------------------

export type PhaseCounts = Record<string, number>;

function phaseCounts(pods: readonly Pod[]): PhaseCounts {
  const c: PhaseCounts = Object.fromEntries(PHASES.map((p) => [p, 0]));
  for (const p of pods) {
    const phase = p.status?.phase ?? 'Unknown';
    c[phase] = (c[phase] ?? 0) + 1;
  }
  return c;
}

/** Pod phases in their usual order (Running first), for those who list them. */
export const POD_PHASES: readonly string[] = PHASES;

export interface NamespaceRow {
  readonly namespace: string;
  readonly workloads: number;
  readonly pods: number;
  readonly phases: PhaseCounts;
}

export interface NamespacesData {
  readonly id: 'namespaces';
  /** Namespaces hidden by the policy that hold objects in the cache anyway. */
  readonly hidden: number;
  readonly pods: number;
  /** Namespaces with failing pods first. */
  readonly rows: readonly NamespaceRow[];
}

/** Namespaces with workload and pod counts by phase; namespaces with failing pods first. */
export function namespacesData(snapshot: ClusterSnapshot): NamespacesData {
  const hidden = snapshot.hidden(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Service', 'Job']);
  const rows = snapshot.namespaces().map((ns) => {
    const pods = snapshot.inNamespace<Pod>('Pod', ns);
    const phases = phaseCounts(pods);
    const workloads =
      WORKLOAD_KINDS.reduce((n, k) => n + snapshot.inNamespace(k, ns).length, 0) +
      snapshot.inNamespace('CronJob', ns).length;
    const trouble = (phases.Pending ?? 0) + (phases.Failed ?? 0) + (phases.Unknown ?? 0);
    return { namespace: ns, workloads, pods: pods.length, phases, trouble };
  });
  rows.sort((a, b) => b.trouble - a.trouble || b.pods - a.pods || (a.namespace < b.namespace ? -1 : 1));
  return {
    id: 'namespaces',
    hidden: hidden.namespaces,
    pods: rows.reduce((n, r) => n + r.pods, 0),
    rows: rows.map((r) => ({
      namespace: r.namespace,
      workloads: r.workloads,
      pods: r.pods,
      phases: r.phases,
    })),
  };
}

// ---- workloads -------------------------------------------------------------------------------------

export interface WorkloadRow {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly desired: number;
  readonly ready: number;
  readonly available: number;
  readonly healthy: boolean;
  readonly detail?: string;
}

function workloadRows(snapshot: ClusterSnapshot, namespace?: string): WorkloadRow[] {
  const rows: WorkloadRow[] = [];
  const list = <T extends Workload | Job | CronJob>(kind: string) =>
    namespace ? snapshot.inNamespace<T>(kind, namespace) : snapshot.all<T>(kind);
  for (const kind of WORKLOAD_KINDS) {
    for (const w of list<Workload>(kind)) {
      const c = replicaCounts({ ...w, kind });
      rows.push({
        kind,
        namespace: w.metadata.namespace ?? '',
        name: w.metadata.name,
        ...c,
        healthy: c.available >= c.desired,
      });
    }
  }
  for (const j of list<Job>('Job')) {
    const failed = conditionOf(j, 'Failed')?.status === 'True';
    const complete = conditionOf(j, 'Complete')?.status === 'True';
    rows.push({
      kind: 'Job',
      namespace: j.metadata.namespace ?? '',
      name: j.metadata.name,
      desired: j.spec?.completions ?? 1,
      ready: j.status?.succeeded ?? 0,
      available: j.status?.succeeded ?? 0,
      healthy: !failed,
      detail: failed ? 'Failed' : complete ? 'Complete' : `${j.status?.active ?? 0} active`,
    });
  }
  for (const cj of list<CronJob>('CronJob')) {
    rows.push({
      kind: 'CronJob',
      namespace: cj.metadata.namespace ?? '',
      name: cj.metadata.name,
      desired: 0,
      ready: 0,
      available: 0,
      healthy: true,
      detail: `"${cj.spec?.schedule ?? ''}"${cj.spec?.suspend ? ' suspended' : ''}, last run ${cj.status?.lastScheduleTime ?? 'never'}`,
    });
  }
  rows.sort(
    (a, b) =>
      Number(a.healthy) - Number(b.healthy) ||
      b.desired - b.available - (a.desired - a.available) ||
      cmp(a.namespace, b.namespace) ||
      cmp(a.name, b.name) ||
      cmp(a.kind, b.kind),
  );
  return rows;
}

export interface WorkloadsData {
  readonly id: 'workloads';
  readonly namespace?: string;
  /** Only the unhealthy ones are listed (the overview). */
  readonly onlyUnhealthy: boolean;
  readonly total: number;
  readonly healthy: number;
  readonly unhealthy: number;
  readonly byKind: Record<string, number>;
  /** Unhealthy first. */
  readonly rows: readonly WorkloadRow[];
}

/** Workload health: unhealthy first; in the overview only the unhealthy ones are listed. */
export function workloadsData(
  snapshot: ClusterSnapshot,
  opts: { namespace?: string; onlyUnhealthy: boolean },
): WorkloadsData {
  const rows = workloadRows(snapshot, opts.namespace);
  const unhealthy = rows.filter((r) => !r.healthy).length;
  const byKind: Record<string, number> = {};
  for (const r of rows) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
  return {
    id: 'workloads',
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    onlyUnhealthy: opts.onlyUnhealthy,
    total: rows.length,
    healthy: rows.length - unhealthy,
    unhealthy,
    byKind,
    rows: opts.onlyUnhealthy ? rows.filter((r) => !r.healthy) : rows,
  };
}

// ---- services --------------------------------------------------------------------------------------

export interface ServiceRow {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly readyEndpoints: number;
  readonly endpoints: number;
  /** Pods its selector matches; undefined for a Service without a selector. */
  readonly selectedPods: number | undefined;
}

export interface ServicesData {
  readonly id: 'services';
  readonly namespace?: string;
  /** Every Service listed (those without ready endpoints first), or only those without. */
  readonly all: boolean;
  readonly total: number;
  readonly withoutReadyEndpoints: number;
  readonly rows: readonly ServiceRow[];
}

/** Services without ready endpoints (or, with `all`, every Service with its endpoint counts). */
export function servicesData(
  snapshot: ClusterSnapshot,
  opts: { namespace?: string; all: boolean },
): ServicesData {
  const services = (
    opts.namespace
      ? snapshot.inNamespace<Service>('Service', opts.namespace)
      : snapshot.all<Service>('Service')
  )
    .filter((s) => s.spec?.type !== 'ExternalName')
    .sort(byName); // filter() made a copy: the snapshot's memoised list stays as it was
  const rows = services.map((s) => {
    const { ready, total } = endpointCounts(snapshot, s);
    return {
      namespace: s.metadata.namespace ?? '',
      name: s.metadata.name,
      type: s.spec?.type ?? 'ClusterIP',
      selector: s.spec?.selector,
      readyEndpoints: ready,
      endpoints: total,
    };
  });
  const without = rows.filter((r) => r.readyEndpoints === 0 && r.name !== 'kubernetes');
  // Selected pods are counted for listed Services only: the lookup is the costly part.
  const listed = (opts.all ? [...without, ...rows.filter((r) => !without.includes(r))] : without).map(
    ({ selector, ...r }) => ({
      ...r,
      selectedPods:
        selector && Object.keys(selector).length
          ? snapshot.podsSelectedBy(r.namespace, selector).length
          : undefined,
    }),
  );
  return {
    id: 'services',
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    all: opts.all,
    total: rows.length,
    withoutReadyEndpoints: without.length,
    rows: listed,
  };
}

// ---- PVCs --------------------------------------------------------------------------------------------

export interface ClaimRow {
  readonly namespace?: string;
  readonly name: string;
  readonly phase: string;
  readonly storageClass?: string;
}

export interface PvcsData {
  readonly id: 'pvcs';
  readonly namespace?: string;
  readonly total: number;
  readonly phases: Record<string, number>;
  /** Claims not Bound, by namespace and name. */
  readonly rows: readonly ClaimRow[];
}

/** Claims by phase; claims not Bound listed. */
export function pvcsData(snapshot: ClusterSnapshot, namespace?: string): PvcsData {
  const claims = (
    namespace
      ? snapshot.inNamespace<PersistentVolumeClaim>('PersistentVolumeClaim', namespace)
      : snapshot.all<PersistentVolumeClaim>('PersistentVolumeClaim')
  )
    .slice()
    .sort(byName);
  const phases: Record<string, number> = {};
  for (const c of claims)
    phases[c.status?.phase ?? 'Pending'] = (phases[c.status?.phase ?? 'Pending'] ?? 0) + 1;
  return {
    id: 'pvcs',
    ...(namespace ? { namespace } : {}),
    total: claims.length,
    phases,
    rows: claims
      .filter((c) => (c.status?.phase ?? 'Pending') !== 'Bound')
      .map((c) => ({
        namespace: c.metadata.namespace,
        name: c.metadata.name,
        phase: c.status?.phase ?? 'Pending',
        storageClass: c.spec?.storageClassName,
      })),
  };
}

// ---- events ------------------------------------------------------------------------------------------

export interface EventReasonRow {
  readonly reason: string;
  /** Events of the reason in the window (an event's count included). */
  readonly count: number;
  /** Objects they were about. */
  readonly objects: number;
  /** The newest of them. */
  readonly latest: {
    readonly kind?: string;
    readonly namespace?: string;
    readonly name?: string;
    readonly message?: string;
    readonly time: string;
  };
}

export interface EventsData {
  readonly id: 'events';
  readonly namespace?: string;
  readonly windowSeconds: number;
  readonly total: number;
  /** Most frequent first. */
  readonly rows: readonly EventReasonRow[];
}

/** Warning events of the window grouped by reason, most frequent first. */
export function eventsData(snapshot: ClusterSnapshot, windowSeconds: number, namespace?: string): EventsData {
  const events = (
    namespace ? snapshot.inNamespace<KubeEvent>('Event', namespace) : snapshot.all<KubeEvent>('Event')
  ).filter(
    (e) => e.type === 'Warning' && snapshot.now - Date.parse(eventTime(e) || '0') <= windowSeconds * 1000,
  );
  const groups = new Map<
    string,
    { reason: string; count: number; objects: Set<string>; latest: KubeEvent }
  >();
  for (const e of events) {
    const reason = e.reason ?? '?';
    const g = groups.get(reason) ?? { reason, count: 0, objects: new Set<string>(), latest: e };
    g.count += eventCount(e);
    g.objects.add(
      `${e.involvedObject?.kind ?? '?'} ${e.metadata.namespace ?? ''}/${e.involvedObject?.name ?? '?'}`,
    );
    if (
      eventTime(g.latest) < eventTime(e) ||
      (eventTime(g.latest) === eventTime(e) && byName(e, g.latest) < 0)
    )
      g.latest = e;
    groups.set(reason, g);
  }
  const rows = [...groups.values()].sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
  return {
    id: 'events',
    ...(namespace ? { namespace } : {}),
    windowSeconds,
    total: rows.reduce((n, r) => n + r.count, 0),
    rows: rows.map((r) => ({
      reason: r.reason,
      count: r.count,
      objects: r.objects.size,
      latest: {
        kind: r.latest.involvedObject?.kind,
        namespace: r.latest.metadata.namespace,
        name: r.latest.involvedObject?.name,
        message: r.latest.message,
        time: eventTime(r.latest),
      },
    })),
  };
}

// ---- restarts -----------------------------------------------------------------------------------------

export interface RestartRow {
  readonly namespace?: string;
  readonly name: string;
  readonly restarts: number;
  readonly lastTerminationReason?: string;
}

export interface RestartsData {
  readonly id: 'restarts';
  readonly namespace?: string;
  /** Pods with restarts, most first. */
  readonly rows: readonly RestartRow[];
}

/** Pods by restart count, highest first (pods without restarts are not listed). */
export function restartsData(snapshot: ClusterSnapshot, namespace?: string): RestartsData {
  // Restarted pods are never quiet, so the pods of interest hold them all.
  const pods = snapshot
    .podsOfInterest()
    .filter((p) => !namespace || p.metadata.namespace === namespace)
    .map((p) => ({ pod: p, restarts: podRestarts(p) }))
    .filter((r) => r.restarts > 0)
    .sort((a, b) => b.restarts - a.restarts || byName(a.pod, b.pod));
  return {
    id: 'restarts',
    ...(namespace ? { namespace } : {}),
    rows: pods.map(({ pod, restarts }) => ({
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      restarts,
      lastTerminationReason: (pod.status?.containerStatuses ?? [])
        .map((c) => c.lastState?.terminated?.reason)
        .find(Boolean),
    })),
  };
}

// ---- pods of one namespace -------------------------------------------------------------------------

export interface PodRow {
  readonly name: string;
  /** kubectl's STATUS. */
  readonly status: string;
  readonly node?: string;
  readonly restarts: number;
}

export interface PodsData {
  readonly id: 'pods';
  readonly namespace: string;
  readonly total: number;
  readonly phases: PhaseCounts;
  readonly notReady: number;
  /** Pods that are not Running and ready (Succeeded ones left out). */
  readonly rows: readonly PodRow[];
}

/** Pods of a namespace: counts by phase, pods that are not Running and ready listed. */
export function podsData(snapshot: ClusterSnapshot, namespace: string): PodsData {
  const pods = snapshot.inNamespace<Pod>('Pod', namespace).slice().sort(byName);
  const notOk = pods.filter(
    (p) =>
      p.status?.phase !== 'Succeeded' &&
      !(p.status?.phase === 'Running' && conditionOf(p, 'Ready')?.status === 'True'),
  );
  return {
    id: 'pods',
    namespace,
    total: pods.length,
    phases: phaseCounts(pods),
    notReady: notOk.length,
    rows: notOk.map((p) => {
      const { status, restarts } = podFacts(p);
      return { name: p.metadata.name, status, node: p.spec?.nodeName, restarts };
    }),
  };
}

/** One section of a summary, as data. */
export type SummarySection =
  | AnomaliesData
  | NodesData
  | NamespacesData
  | WorkloadsData
  | ServicesData
  | PvcsData
  | EventsData
  | RestartsData
  | PodsData;
