import type { ClusterSnapshot } from './cluster-snapshot.js';
import { eventCount, eventTime, nodeReadiness, podFacts, podRestarts } from '../k8s/objects/index.js';
import { endpointCounts } from './detectors/service-endpoints.detector.js';
import { replicaCounts, WORKLOAD_KINDS } from './detectors/workload-unavailable.detector.js';
import type { Section, SectionItem } from './budget-renderer.js';
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
import { formatBytes, formatCpu, parseQuantity } from './quantity.js';
import type { RankedFinding } from './ranking.js';
import { type AffectedObject, clip } from './detectors/detector.js';
import { taintText } from './scheduling.js';

// Builders of the summary sections from a snapshot. Pure functions: same snapshot, same text.

const PHASES = ['Running', 'Pending', 'Succeeded', 'Failed', 'Unknown'] as const;
const PRESSURES = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

/** A tool call as the model would write it. */
export function toolCall(tool: string, args: Record<string, unknown>): string {
  return `${tool} ${JSON.stringify(args)}`;
}

const summaryCall = (args: Record<string, unknown>) => toolCall('k8s-cluster-summary', args);
const nsArg = (namespace: string | undefined) => (namespace ? { namespace } : {});
const ref = (ns: string | undefined, name: string) => (ns ? `${ns}/${name}` : name);
const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '-');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
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

/** The time as "02:31:04Z" today, or a date for older times; short on purpose. */
export function shortTime(iso: string | undefined, now: number): string {
  if (!iso) return '?';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = new Date(t).toISOString();
  return now - t < 86_400_000 ? `${s.slice(11, 19)}Z` : s.slice(0, 10);
}

// ---- anomalies ---------------------------------------------------------------------------------

/** An object as a finding names it: "Deployment shop/payment (0/1 available)". */
function affectedText(o: AffectedObject): string {
  return `${o.kind} ${ref(o.namespace, o.name)}${o.state ? ` (${o.state})` : ''}`;
}

/** What a cause takes down, at most `max` objects named; the rest counted. */
function takesDownLine(f: RankedFinding, max = Infinity): string | undefined {
  const objects = f.takesDown ?? [];
  if (objects.length === 0 || max === 0) return undefined;
  const named = objects.slice(0, max).map(affectedText);
  const rest = objects.length - named.length;
  return `  takes down: ${named.join(' → ')}${rest > 0 ? ` → ${rest} more` : ''}`;
}

/**
 * One finding as text: severity, object (and the pods failing alike), reason, evidence, since,
 * blast radius; then what it takes down, what changed shortly before, then the hint with the call that shows the evidence.
 */
export function findingLine(f: RankedFinding, now: number, withHint = true): string {
  return findingForms(f, now, withHint)[0]!;
}

/**
 * The forms of a finding, longest first, each intact (object, reason and the message's decisive
 * end kept): the budget renderer takes the first that fits. Shorter forms drop the hint, then
 * name fewer of the objects taken down and of the changes before, then shorten the message from its middle.
 */
export function findingForms(f: RankedFinding, now: number, withHint = true): string[] {
  const head = (messageMax: number) => {
    const parts = [`- [${f.severity}] ${f.kind} ${ref(f.namespace, f.name)}`];
    if (f.alike?.length) parts.push(` (+${f.alike.length} more pod${f.alike.length === 1 ? '' : 's'} alike)`);
    parts.push(`: ${f.reason}`);
    if (f.count !== undefined && f.countOf) parts.push(` (${f.count} ${f.countOf})`);
    if (f.since) parts.push(` since ${shortTime(f.since, now)}`);
    if (f.message) parts.push(` — ${clip(f.message, messageMax)}`);
    if (f.blastRadius > 1) parts.push(` [affects ${f.blastRadius}]`);
    return parts.join('');
  };
  // What changed shortly before comes after what it takes down and goes before it, line by line.
  const lines = (messageMax: number, takesDownMax: number, hint: boolean, changesMax = Infinity) =>
    [
      head(messageMax),
      takesDownLine(f, takesDownMax),
      ...(f.changedBefore ?? []).slice(0, changesMax).map((c) => `  changed shortly before: ${c}`),
      hint ? `  → ${f.hint}` : undefined,
    ]
      .filter((l): l is string => l !== undefined)
      .join('\n');
  const forms = [
    ...(withHint ? [lines(1000, Infinity, true)] : []),
    lines(withHint ? 1000 : 240, Infinity, false),
    lines(240, 3, false),
    lines(240, 3, false, 1),
    lines(140, 1, false, 1),
    lines(140, 1, false, 0),
    lines(80, 0, false, 0),
  ];
  return [...new Set(forms)];
}

/** Findings as data for structuredContent. */
export function findingData(f: RankedFinding): Record<string, unknown> {
  return { ...f };
}

function severityCounts(findings: readonly RankedFinding[]): Record<string, number> {
  const c = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

/**
 * What a filtered anomalies section was drawn from, so that a filtered view never reads as
 * "all clear" ("Node anomalies: 0 of 12 in the cluster").
 */
export interface FindingScope {
  /** What the filter keeps, as a reader says it: "Node", "Workload", "Namespace shop". */
  readonly label: string;
  /** Findings in the whole visible cluster. */
  readonly total: number;
}

/** The anomalies section, ranked. */
export function anomaliesSection(
  findings: readonly RankedFinding[],
  now: number,
  namespace?: string,
  opts: { withHint?: boolean; maxShare?: number; scope?: FindingScope } = {},
): Section {
  const counts = severityCounts(findings);
  const scope = opts.scope && opts.scope.total !== findings.length ? opts.scope : undefined;
  const counted = `${counts.critical} critical, ${counts.warning} warning, ${counts.info} info`;
  const all = summaryCall({ summary_type: 'anomalies', max_size_kb: 50 });
  const title = scope
    ? `${scope.label} anomalies: ${findings.length} of ${scope.total} in the cluster (${counted}; all of them: ${all})`
    : `Anomalies: ${counted} (worst first: severity × blast radius; [affects N] = objects it takes down)`;
  return {
    id: 'anomalies',
    title,
    lead: findings.length === 0 ? [scope ? `none of these; ${scope.total} elsewhere` : 'none detected'] : [],
    facts: { total: findings.length, ...counts, ...(scope ? { clusterTotal: scope.total } : {}) },
    items: findings.map((f) => {
      const [line, ...shorter] = findingForms(f, now, opts.withHint ?? true);
      return { line: line!, shorter, data: findingData(f), essential: f.severity === 'critical' };
    }),
    priority: 0,
    maxShare: opts.maxShare,
    more: (n) => {
      const rest = severityCounts(findings.slice(findings.length - n));
      return `… and ${n} more findings (${rest.critical} critical, ${rest.warning} warning, ${rest.info} info) → ${summaryCall({ summary_type: 'anomalies', ...nsArg(namespace), max_size_kb: 50 })}`;
    },
    drillDown: summaryCall({ summary_type: 'anomalies', ...nsArg(namespace), max_size_kb: 50 }),
  };
}

// ---- nodes ----------------------------------------------------------------------------------------

interface NodeFacts {
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

function nodeLine(n: NodeFacts, detailed: boolean): string {
  const flags = [n.ready, ...(n.cordoned ? ['Cordoned'] : []), ...n.pressure].join(',');
  const base =
    `- ${n.name} ${flags} · cpu ${formatCpu(n.cpu.requested)}/${formatCpu(n.cpu.allocatable)} (${pct(n.cpu.requested, n.cpu.allocatable)})` +
    ` · mem ${formatBytes(n.memory.requested)}/${formatBytes(n.memory.allocatable)} (${pct(n.memory.requested, n.memory.allocatable)})` +
    ` · pods ${n.pods.running}/${n.pods.allocatable}` +
    // Taints decide where pods go: shown in the overview too (a node has few).
    ` · taints ${n.taints.join(', ') || '<none>'}`;
  return detailed
    ? `${base} · labels ${n.labels.join(', ') || '<none>'}${n.systemLabels ? ` (+${n.systemLabels} kubernetes.io)` : ''}` +
        ` · capacity cpu ${formatCpu(n.cpu.capacity)} mem ${formatBytes(n.memory.capacity)} pods ${n.pods.capacity}${n.kubelet ? ` · kubelet ${n.kubelet}` : ''}`
    : base;
}

/** Nodes: counts, totals, then one line per node, troubled nodes first. */
export function nodesSection(snapshot: ClusterSnapshot, detailed: boolean): Section {
  const facts = snapshot.all<Node>('Node').map((n) => nodeFacts(snapshot, n));
  facts.sort((a, b) => nodeTrouble(b) - nodeTrouble(a) || (a.name < b.name ? -1 : 1));
  const sum = (f: (n: NodeFacts) => number) => facts.reduce((s, n) => s + f(n), 0);
  const total = {
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
  const cordoned = facts.filter((n) => n.cordoned).length;
  const pressure = [...new Set(facts.flatMap((n) => n.pressure))].sort();
  // Healthy nodes add little in an overview: list only troubled ones there, all of them in "nodes".
  const listed = detailed ? facts : facts.filter((n) => nodeTrouble(n) > 0);
  const hiddenNote = snapshot.hidden(['Pod']).objects > 0 ? ' (requests of visible pods only)' : '';
  return {
    id: 'nodes',
    title: `Nodes: ${facts.length} total, ${ready} ready, ${facts.length - ready} not ready, ${cordoned} cordoned; pressure: ${pressure.length ? pressure.join(', ') : 'none'}`,
    lead: [
      `Total requested/allocatable/capacity${hiddenNote}: cpu ${formatCpu(total.cpu.requested)}/${formatCpu(total.cpu.allocatable)}/${formatCpu(total.cpu.capacity)} (${pct(total.cpu.requested, total.cpu.allocatable)})` +
        ` · memory ${formatBytes(total.memory.requested)}/${formatBytes(total.memory.allocatable)}/${formatBytes(total.memory.capacity)} (${pct(total.memory.requested, total.memory.allocatable)})` +
        ` · pods ${total.pods.running}/${total.pods.allocatable}/${total.pods.capacity}`,
    ],
    facts: {
      total: facts.length,
      ready,
      notReady: facts.length - ready,
      cordoned,
      pressure,
      resources: total,
    },
    items: listed.map((n) => ({ line: nodeLine(n, detailed), data: { ...n } })),
    more: (n) =>
      `… and ${n} more nodes${detailed ? '' : ' with problems'} → ${summaryCall({ summary_type: 'nodes', max_size_kb: 50 })}`,
    drillDown: summaryCall({ summary_type: 'nodes', max_size_kb: 50 }),
  };
}

// ---- namespaces -------------------------------------------------------------------------------------

function phaseCounts(pods: readonly Pod[]): Record<string, number> {
  const c: Record<string, number> = Object.fromEntries(PHASES.map((p) => [p, 0]));
  for (const p of pods) {
    const phase = p.status?.phase ?? 'Unknown';
    c[phase] = (c[phase] ?? 0) + 1;
  }
  return c;
}

const phaseText = (c: Record<string, number>) =>
  PHASES.filter((p) => (c[p] ?? 0) > 0)
    .map((p) => `${c[p]} ${p}`)
    .join(', ') || 'no pods';

/** Namespaces with workload and pod counts by phase; namespaces with failing pods first. */
export function namespacesSection(snapshot: ClusterSnapshot): Section {
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
  const allPods = rows.reduce((n, r) => n + r.pods, 0);
  return {
    id: 'namespaces',
    title: `Namespaces: ${rows.length}${hidden.namespaces ? ` (+${hidden.namespaces} hidden by policy)` : ''}, ${allPods} pods`,
    facts: { total: rows.length, hidden: hidden.namespaces, pods: allPods },
    items: rows.map((r) => ({
      line: `- ${r.namespace}: ${plural(r.workloads, 'workload')}; pods ${phaseText(r.phases)}`,
      data: { namespace: r.namespace, workloads: r.workloads, pods: r.pods, phases: r.phases },
    })),
    more: (n) => {
      const rest = rows.slice(rows.length - n);
      return `… and ${n} more namespaces with ${rest.reduce((s, r) => s + r.pods, 0)} pods (${phaseText(sumPhases(rest.map((r) => r.phases)))}) → ${summaryCall({ summary_type: 'namespace', namespace: '<name>' })}`;
    },
    drillDown: toolCall('k8s-list-resources', { kind: 'namespaces' }),
  };
}

function sumPhases(list: readonly Record<string, number>[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const p of list) for (const [k, v] of Object.entries(p)) c[k] = (c[k] ?? 0) + v;
  return c;
}

// ---- workloads -------------------------------------------------------------------------------------

interface WorkloadRow {
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

function workloadLine(r: WorkloadRow): string {
  const counts =
    r.kind === 'CronJob'
      ? ''
      : r.kind === 'Job'
        ? ` ${r.available}/${r.desired} succeeded`
        : ` desired ${r.desired}, ready ${r.ready}, available ${r.available}`;
  return `- ${r.kind} ${ref(r.namespace, r.name)}:${counts}${r.detail ? ` (${r.detail})` : ''}${r.healthy ? '' : ' UNHEALTHY'}`;
}

/** Workload health: unhealthy first; in the overview only the unhealthy ones are listed. */
export function workloadsSection(
  snapshot: ClusterSnapshot,
  opts: { namespace?: string; onlyUnhealthy: boolean },
): Section {
  const rows = workloadRows(snapshot, opts.namespace);
  const unhealthy = rows.filter((r) => !r.healthy).length;
  const byKind: Record<string, number> = {};
  for (const r of rows) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
  const listed = opts.onlyUnhealthy ? rows.filter((r) => !r.healthy) : rows;
  const call = summaryCall({ summary_type: 'workloads', ...nsArg(opts.namespace), max_size_kb: 50 });
  return {
    id: 'workloads',
    title: `Workloads: ${rows.length} total (${
      Object.entries(byKind)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ') || 'none'
    }), ${rows.length - unhealthy} healthy, ${unhealthy} unhealthy`,
    facts: { total: rows.length, healthy: rows.length - unhealthy, unhealthy, byKind },
    items: listed.map((r) => ({ line: workloadLine(r), data: { ...r } })),
    more: (n) => {
      const rest = listed.slice(listed.length - n);
      const bad = rest.filter((r) => !r.healthy).length;
      return `… and ${n} more workloads (${bad} unhealthy, ${n - bad} healthy) → ${call}`;
    },
    drillDown: call,
  };
}

// ---- services --------------------------------------------------------------------------------------

/** Services without ready endpoints (or, with `all`, every Service with its endpoint counts). */
export function servicesSection(
  snapshot: ClusterSnapshot,
  opts: { namespace?: string; all: boolean },
): Section {
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
  const call = toolCall('k8s-get-services', { namespace: opts.namespace ?? 'all' });
  return {
    id: 'services',
    title: opts.all
      ? `Services: ${rows.length}, ${without.length} without ready endpoints`
      : `Services without ready endpoints: ${without.length} of ${rows.length}`,
    facts: { total: rows.length, withoutReadyEndpoints: without.length },
    items: listed.map((r) => ({
      line: `- ${ref(r.namespace, r.name)} (${r.type}): ${r.readyEndpoints}/${r.endpoints} endpoints ready${r.selectedPods === undefined ? ', no selector' : `, selector matches ${plural(r.selectedPods, 'pod')}`}`,
      data: r,
    })),
    more: (n) => `… and ${n} more services → ${call}`,
    drillDown: call,
  };
}

// ---- PVCs --------------------------------------------------------------------------------------------

/** Claims by phase; claims not Bound listed. */
export function pvcsSection(snapshot: ClusterSnapshot, namespace?: string): Section {
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
  const notBound = claims.filter((c) => (c.status?.phase ?? 'Pending') !== 'Bound');
  const call = toolCall('k8s-list-resources', {
    kind: 'persistentvolumeclaims',
    namespace: namespace ?? 'all',
  });
  return {
    id: 'pvcs',
    title: `PersistentVolumeClaims: ${claims.length}${
      claims.length
        ? ` (${Object.entries(phases)
            .sort()
            .map(([p, n]) => `${n} ${p}`)
            .join(', ')})`
        : ''
    }`,
    facts: { total: claims.length, phases },
    items: notBound.map((c) => ({
      line: `- ${ref(c.metadata.namespace, c.metadata.name)} ${c.status?.phase ?? 'Pending'} (class ${c.spec?.storageClassName ?? 'default'})`,
      data: {
        namespace: c.metadata.namespace,
        name: c.metadata.name,
        phase: c.status?.phase ?? 'Pending',
        storageClass: c.spec?.storageClassName,
      },
    })),
    more: (n) => `… and ${n} more claims not Bound → ${call}`,
    drillDown: call,
  };
}

// ---- events ------------------------------------------------------------------------------------------

/** Warning events of the window grouped by reason, most frequent first. */
export function eventsSection(snapshot: ClusterSnapshot, windowSeconds: number, namespace?: string): Section {
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
      `${e.involvedObject?.kind ?? '?'} ${ref(e.metadata.namespace, e.involvedObject?.name ?? '?')}`,
    );
    if (
      eventTime(g.latest) < eventTime(e) ||
      (eventTime(g.latest) === eventTime(e) && byName(e, g.latest) < 0)
    )
      g.latest = e;
    groups.set(reason, g);
  }
  const rows = [...groups.values()].sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
  const total = rows.reduce((n, r) => n + r.count, 0);
  const call = toolCall('k8s-get-events', { namespace: namespace ?? 'all', type: 'Warning' });
  return {
    id: 'events',
    title: `Warning events, last ${Math.round(windowSeconds / 60)} min: ${total} in ${plural(rows.length, 'reason')}`,
    facts: { total, reasons: rows.length },
    items: rows.map((r) => ({
      line: `- ${r.reason} ×${r.count} on ${plural(r.objects.size, 'object')}; latest ${r.latest.involvedObject?.kind ?? '?'} ${ref(r.latest.metadata.namespace, r.latest.involvedObject?.name ?? '?')}: ${(r.latest.message ?? '').replace(/\s+/g, ' ').slice(0, 160)}`,
      data: {
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
      },
    })),
    more: (n) =>
      `… and ${n} more reasons with ${rows.slice(rows.length - n).reduce((s, r) => s + r.count, 0)} events → ${call}`,
    drillDown: call,
  };
}

// ---- restarts -----------------------------------------------------------------------------------------

/** Pods by restart count, highest first (pods without restarts are not listed). */
export function restartsSection(snapshot: ClusterSnapshot, namespace?: string): Section {
  // Restarted pods are never quiet, so the pods of interest hold them all.
  const pods = snapshot
    .podsOfInterest()
    .filter((p) => !namespace || p.metadata.namespace === namespace)
    .map((p) => ({ pod: p, restarts: podRestarts(p) }))
    .filter((r) => r.restarts > 0)
    .sort((a, b) => b.restarts - a.restarts || byName(a.pod, b.pod));
  const call = toolCall('k8s-get-pods', { namespace: namespace ?? 'all' });
  return {
    id: 'restarts',
    title: `Top restarting pods: ${pods.length} pods with restarts`,
    facts: { podsWithRestarts: pods.length },
    items: pods.map(({ pod, restarts }) => {
      const last = (pod.status?.containerStatuses ?? [])
        .map((c) => c.lastState?.terminated?.reason)
        .find(Boolean);
      return {
        line: `- ${ref(pod.metadata.namespace, pod.metadata.name)}: ${restarts} restarts${last ? ` (last: ${last})` : ''}`,
        data: {
          namespace: pod.metadata.namespace,
          name: pod.metadata.name,
          restarts,
          lastTerminationReason: last,
        },
      };
    }),
    more: (n) => `… and ${n} more pods with fewer restarts → ${call}`,
    drillDown: call,
  };
}

// ---- pods of one namespace -------------------------------------------------------------------------

/** Pods of a namespace: counts by phase, pods that are not Running and ready listed. */
export function podsSection(snapshot: ClusterSnapshot, namespace: string): Section {
  const pods = snapshot.inNamespace<Pod>('Pod', namespace).slice().sort(byName);
  const phases = phaseCounts(pods);
  const notOk = pods.filter(
    (p) =>
      p.status?.phase !== 'Succeeded' &&
      !(p.status?.phase === 'Running' && conditionOf(p, 'Ready')?.status === 'True'),
  );
  const call = toolCall('k8s-get-pods', { namespace });
  return {
    id: 'pods',
    title: `Pods: ${pods.length} (${phaseText(phases)}), ${notOk.length} not running and ready`,
    facts: { total: pods.length, phases, notReady: notOk.length },
    items: notOk.map((p) => {
      const { status, restarts } = podFacts(p);
      return {
        line: `- ${p.metadata.name}: ${status}${p.spec?.nodeName ? ` on ${p.spec.nodeName}` : ''}, ${restarts} restarts`,
        data: { name: p.metadata.name, status, node: p.spec?.nodeName, restarts },
      };
    }),
    more: (n) => `… and ${n} more pods not running and ready → ${call}`,
    drillDown: call,
  };
}

/** Items as data (for structuredContent), limited to the ones shown. */
export function shownData(items: readonly SectionItem[], shown: number): Record<string, unknown>[] {
  return items.slice(0, shown).map((i) => i.data);
}
