import type { HiddenCounts, PolicyCounts } from '../../summary/cluster-snapshot.js';
import { clip } from '../../summary/detectors/detector.js';
import type { Summary, SummaryType } from '../../summary/summary-builder.js';
import {
  type AnomaliesData,
  type EventsData,
  type FindingScope,
  type NamespacesData,
  type NodeFacts,
  type NodesData,
  type PhaseCounts,
  POD_PHASES,
  type PodsData,
  type PvcsData,
  type RestartsData,
  type ServicesData,
  severityCounts,
  type SummarySection,
  type WorkloadRow,
  type WorkloadsData,
} from '../../summary/summary-sections.js';
import { type Rendered, renderWithinBudget, type Section, type SectionItem } from './budget-renderer.js';
import { findingData, findingForms } from './finding-text.js';
import { formatBytes, formatCpu } from './quantity-text.js';
import { summaryCall, toolCall } from './tool-call.js';

// A summary (summary/summary-builder.ts returns it as data) as the MCP layer answers with it:
// text for the model within a byte budget, the same facts as structured content, and the tool
// calls that show what was cut or what a section only counts.

const nsArg = (namespace: string | undefined) => (namespace ? { namespace } : {});
const ref = (ns: string | undefined, name: string) => (ns ? `${ns}/${name}` : name);
const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '-');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---- anomalies ---------------------------------------------------------------------------------

/** What the filter of a filtered anomalies view keeps, as a reader says it. */
function scopeLabel(scope: FindingScope): string {
  switch (scope.kinds) {
    case 'Node':
      return 'Node';
    case 'Workload':
      return scope.namespace ? `Workload (namespace ${scope.namespace})` : 'Workload';
    case 'all':
      return scope.namespace ? `Namespace ${scope.namespace}` : 'Listed';
  }
}

/**
 * The filter in words, so that "0 of 12 in the cluster" cannot be read as "nothing wrong": what
 * this view keeps (the label says the namespace), the rest being outside it.
 */
function scopeFilter(scope: FindingScope): string {
  switch (scope.kinds) {
    case 'Node':
      return 'only findings about Nodes';
    case 'Workload':
      return 'only findings about workloads and their pods, HPAs and PDBs';
    case 'all':
      return `only findings in namespace ${scope.namespace ?? '?'}`;
  }
}

/** How a findings section is laid out: in the overview and filtered views compact, hints in the anomalies view. */
interface FindingsLayout {
  readonly withHint: boolean;
  /** At most this share of the budget (the overview keeps room for the rest of the picture). */
  readonly maxShare?: number;
}

/** The anomalies section, ranked. */
export function anomaliesSection(d: AnomaliesData, now: number, layout: FindingsLayout): Section {
  const { findings, counts, scope } = d;
  const counted = `${counts.critical} critical, ${counts.warning} warning, ${counts.info} info`;
  const all = summaryCall({ summary_type: 'anomalies', max_size_kb: 50 });
  const title = scope
    ? `${scopeLabel(scope)} anomalies: ${findings.length} of ${scope.clusterTotal} in the cluster (${scopeFilter(scope)}; ${counted}; all of them: ${all})`
    : `Anomalies: ${counted} (worst first: severity × blast radius; [affects N] = objects it takes down)`;
  const drillDown = summaryCall({ summary_type: 'anomalies', ...nsArg(d.namespace), max_size_kb: 50 });
  return {
    id: 'anomalies',
    title,
    lead:
      findings.length === 0
        ? [
            scope
              ? `none here: all ${scope.clusterTotal} of the cluster's findings are outside this filter`
              : 'none detected',
          ]
        : [],
    facts: { total: findings.length, ...counts, ...(scope ? { clusterTotal: scope.clusterTotal } : {}) },
    items: findings.map((f) => {
      const [line, ...shorter] = findingForms(f, now, layout.withHint);
      return { line: line!, shorter, data: findingData(f), essential: f.severity === 'critical' };
    }),
    priority: 0,
    maxShare: layout.maxShare,
    more: (n) => {
      const rest = severityCounts(findings.slice(findings.length - n));
      return `… and ${n} more findings (${rest.critical} critical, ${rest.warning} warning, ${rest.info} info) → ${drillDown}`;
    },
    drillDown,
  };
}

// ---- nodes ----------------------------------------------------------------------------------------

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
export function nodesSection(d: NodesData): Section {
  const total = d.resources;
  const hiddenNote = d.visiblePodsOnly ? ' (requests of visible pods only)' : '';
  return {
    id: 'nodes',
    title: `Nodes: ${d.total} total, ${d.ready} ready, ${d.notReady} not ready, ${d.cordoned} cordoned; pressure: ${d.pressure.length ? d.pressure.join(', ') : 'none'}`,
    lead: [
      `Total requested/allocatable/capacity${hiddenNote}: cpu ${formatCpu(total.cpu.requested)}/${formatCpu(total.cpu.allocatable)}/${formatCpu(total.cpu.capacity)} (${pct(total.cpu.requested, total.cpu.allocatable)})` +
        ` · memory ${formatBytes(total.memory.requested)}/${formatBytes(total.memory.allocatable)}/${formatBytes(total.memory.capacity)} (${pct(total.memory.requested, total.memory.allocatable)})` +
        ` · pods ${total.pods.running}/${total.pods.allocatable}/${total.pods.capacity}`,
    ],
    facts: {
      total: d.total,
      ready: d.ready,
      notReady: d.notReady,
      cordoned: d.cordoned,
      pressure: d.pressure,
      resources: total,
    },
    items: d.rows.map((n) => ({ line: nodeLine(n, d.detailed), data: { ...n } })),
    more: (n) =>
      `… and ${n} more nodes${d.detailed ? '' : ' with problems'} → ${summaryCall({ summary_type: 'nodes', max_size_kb: 50 })}`,
    drillDown: summaryCall({ summary_type: 'nodes', max_size_kb: 50 }),
  };
}

// ---- namespaces -------------------------------------------------------------------------------------

const phaseText = (c: PhaseCounts) =>
  POD_PHASES.filter((p) => (c[p] ?? 0) > 0)
    .map((p) => `${c[p]} ${p}`)
    .join(', ') || 'no pods';

function sumPhases(list: readonly PhaseCounts[]): PhaseCounts {
  const c: PhaseCounts = {};
  for (const p of list) for (const [k, v] of Object.entries(p)) c[k] = (c[k] ?? 0) + v;
  return c;
}

/** Namespaces with workload and pod counts by phase; namespaces with failing pods first. */
export function namespacesSection(d: NamespacesData): Section {
  const rows = d.rows;
  return {
    id: 'namespaces',
    title: `Namespaces: ${rows.length}${d.hidden ? ` (+${d.hidden} hidden by policy)` : ''}, ${d.pods} pods`,
    facts: { total: rows.length, hidden: d.hidden, pods: d.pods },
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

// ---- workloads -------------------------------------------------------------------------------------

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
export function workloadsSection(d: WorkloadsData): Section {
  const listed = d.rows;
  const call = summaryCall({ summary_type: 'workloads', ...nsArg(d.namespace), max_size_kb: 50 });
  return {
    id: 'workloads',
    title: `Workloads: ${d.total} total (${
      Object.entries(d.byKind)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ') || 'none'
    }), ${d.healthy} healthy, ${d.unhealthy} unhealthy${
      // The overview lists only what is wrong: a reader must not take the list for every workload.
      d.onlyUnhealthy
        ? d.unhealthy
          ? ' (only the unhealthy are listed)'
          : ' (none unhealthy, so none listed)'
        : ''
    }`,
    facts: { total: d.total, healthy: d.healthy, unhealthy: d.unhealthy, byKind: d.byKind },
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
export function servicesSection(d: ServicesData): Section {
  const call = toolCall('k8s-get-services', { namespace: d.namespace ?? 'all' });
  return {
    id: 'services',
    title: d.all
      ? `Services: ${d.total}, ${d.withoutReadyEndpoints} without ready endpoints`
      : `Services without ready endpoints: ${d.withoutReadyEndpoints} of ${d.total}`,
    facts: { total: d.total, withoutReadyEndpoints: d.withoutReadyEndpoints },
    items: d.rows.map((r) => ({
      line: `- ${ref(r.namespace, r.name)} (${r.type}): ${r.readyEndpoints}/${r.endpoints} endpoints ready${r.selectedPods === undefined ? ', no selector' : `, selector matches ${plural(r.selectedPods, 'pod')}`}`,
      data: { ...r },
    })),
    more: (n) => `… and ${n} more services → ${call}`,
    drillDown: call,
  };
}

// ---- PVCs --------------------------------------------------------------------------------------------

/** Claims by phase; claims not Bound listed. */
export function pvcsSection(d: PvcsData): Section {
  const call = toolCall('k8s-list-resources', {
    kind: 'persistentvolumeclaims',
    namespace: d.namespace ?? 'all',
  });
  return {
    id: 'pvcs',
    title: `PersistentVolumeClaims: ${d.total}${
      d.total
        ? ` (${Object.entries(d.phases)
            .sort()
            .map(([p, n]) => `${n} ${p}`)
            .join(', ')})`
        : ''
    }`,
    facts: { total: d.total, phases: d.phases },
    items: d.rows.map((c) => ({
      line: `- ${ref(c.namespace, c.name)} ${c.phase} (class ${c.storageClass ?? 'default'})`,
      data: { namespace: c.namespace, name: c.name, phase: c.phase, storageClass: c.storageClass },
    })),
    more: (n) => `… and ${n} more claims not Bound → ${call}`,
    drillDown: call,
  };
}

// ---- events ------------------------------------------------------------------------------------------

/** An event's message in full up to this many characters; longer ones lose their middle. */
const EVENT_MESSAGE_MAX = 240;

/** Warning events of the window grouped by reason, most frequent first. */
export function eventsSection(d: EventsData): Section {
  const call = toolCall('k8s-get-events', { namespace: d.namespace ?? 'all', type: 'Warning' });
  return {
    id: 'events',
    title: `Warning events, last ${Math.round(d.windowSeconds / 60)} min: ${d.total} in ${plural(d.rows.length, 'reason')}`,
    facts: { total: d.total, reasons: d.rows.length },
    items: d.rows.map((r) => {
      // The message is shortened from its middle, never its end: the end holds the decisive words
      // (the image "not found", the missing volume's name, the exit code).
      const line = (max: number) =>
        `- ${r.reason} ×${r.count} on ${plural(r.objects, 'object')}; latest ${r.latest.kind ?? '?'} ${ref(r.latest.namespace, r.latest.name ?? '?')}: ${clip(r.latest.message, max) ?? ''}`;
      const [first, ...shorter] = [...new Set([line(EVENT_MESSAGE_MAX), line(160), line(80)])];
      return {
        line: first!,
        shorter,
        data: { reason: r.reason, count: r.count, objects: r.objects, latest: { ...r.latest } },
      };
    }),
    more: (n) =>
      `… and ${n} more reasons with ${d.rows.slice(d.rows.length - n).reduce((s, r) => s + r.count, 0)} events → ${call}`,
    drillDown: call,
  };
}

// ---- restarts -----------------------------------------------------------------------------------------

/** Pods by restart count, highest first (pods without restarts are not listed). */
export function restartsSection(d: RestartsData): Section {
  const call = toolCall('k8s-get-pods', { namespace: d.namespace ?? 'all' });
  return {
    id: 'restarts',
    title: `Top restarting pods: ${d.rows.length} pods with restarts`,
    facts: { podsWithRestarts: d.rows.length },
    items: d.rows.map((r) => ({
      line: `- ${ref(r.namespace, r.name)}: ${r.restarts} restarts${r.lastTerminationReason ? ` (last: ${r.lastTerminationReason})` : ''}`,
      data: {
        namespace: r.namespace,
        name: r.name,
        restarts: r.restarts,
        lastTerminationReason: r.lastTerminationReason,
      },
    })),
    more: (n) => `… and ${n} more pods with fewer restarts → ${call}`,
    drillDown: call,
  };
}

// ---- pods of one namespace -------------------------------------------------------------------------

/** Pods of a namespace: counts by phase, pods that are not Running and ready listed. */
export function podsSection(d: PodsData): Section {
  const call = toolCall('k8s-get-pods', { namespace: d.namespace });
  return {
    id: 'pods',
    title: `Pods: ${d.total} (${phaseText(d.phases)}), ${d.notReady} not running and ready`,
    facts: { total: d.total, phases: d.phases, notReady: d.notReady },
    items: d.rows.map((p) => ({
      line: `- ${p.name}: ${p.status}${p.node ? ` on ${p.node}` : ''}, ${p.restarts} restarts`,
      data: { name: p.name, status: p.status, node: p.node, restarts: p.restarts },
    })),
    more: (n) => `… and ${n} more pods not running and ready → ${call}`,
    drillDown: call,
  };
}

// ---- the whole summary -------------------------------------------------------------------------

/** One section of the summary as the budget renderer lays it out. */
export function sectionText(d: SummarySection, summary: Pick<Summary, 'type' | 'now'>): Section {
  switch (d.id) {
    case 'anomalies':
      // In the overview and the filtered views findings take at most half the budget, so that the
      // rest of the picture shows; the anomalies type gives them everything, with hints.
      return anomaliesSection(
        d,
        summary.now,
        summary.type === 'anomalies' ? { withHint: true } : { withHint: false, maxShare: 0.5 },
      );
    case 'nodes':
      return nodesSection(d);
    case 'namespaces':
      return namespacesSection(d);
    case 'workloads':
      return workloadsSection(d);
    case 'services':
      return servicesSection(d);
    case 'pvcs':
      return pvcsSection(d);
    case 'events':
      return eventsSection(d);
    case 'restarts':
      return restartsSection(d);
    case 'pods':
      return podsSection(d);
  }
}

/**
 * What keeps its place under a small budget (see Section.priority): findings (set by their
 * section), then lists of what is wrong (the overview's unhealthy workloads and Services without
 * ready endpoints), then informational sections, and sections with nothing in them last.
 */
function prioritise(sections: Section[], type: SummaryType): void {
  const problemLists = type === 'overview' ? new Set(['workloads', 'services']) : new Set<string>();
  sections.forEach((s, i) => {
    if (s.priority !== undefined) return;
    const priority = s.items.length === 0 ? 3 : problemLists.has(s.id) ? 1 : 2;
    sections[i] = { ...s, priority };
  });
}

/**
 * What the header says about hidden namespaces. The sync does not watch hidden namespaces at all,
 * so an allow-list hides an unknown number of them; a deny-list hides as many as it lists. Objects
 * of hidden namespaces that are in the cache anyway (e.g. a policy stricter than the watch) are counted.
 */
function policyLines(hidden: HiddenCounts, policy: PolicyCounts | undefined): string[] {
  const lines: string[] = [];
  if (policy?.allowed !== undefined)
    lines.push(
      `Namespace policy: only ${policy.allowed} allowed namespaces are watched and shown; others are not counted`,
    );
  else if (policy && policy.denied > 0)
    lines.push(
      `Namespace policy: ${policy.denied} denied namespace${policy.denied === 1 ? ' is' : 's are'} hidden (not watched, not named)`,
    );
  if (hidden.namespaces > 0)
    lines.push(
      `Hidden by the namespace policy: ${hidden.namespaces} namespace${hidden.namespaces === 1 ? '' : 's'}, ${hidden.objects} objects (counted, not shown)`,
    );
  return lines;
}

function age(iso: string | undefined, now: number): string {
  if (!iso) return 'no events yet';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}

/** The header: what was summarised, from which data, how fresh, what the policy hides. */
export function headerLines(s: Summary): string[] {
  const ns = s.namespace;
  const fresh = s.freshness;
  // Nodes belong to no namespace: the nodes view answers for the whole cluster whatever was asked.
  const scope =
    s.type === 'namespace'
      ? `namespace ${ns}`
      : s.type === 'nodes'
        ? `nodes (whole cluster${ns ? `: nodes belong to no namespace, so namespace ${ns} filters nothing here` : ''})`
        : `${s.type}${ns ? ` (namespace ${ns})` : ''}`;
  return [
    `Cluster summary: ${scope} · Kubernetes ${s.version ?? 'version unknown'} · ${s.nodes} nodes, ${s.pods} pods`,
    `Data: watch cache, ${fresh?.phase ?? 'synced'}, last change ${age(fresh?.lastEventAt, s.now)}, as of ${new Date(s.now).toISOString()}${fresh?.staleKinds.length ? `; not synced: ${fresh.staleKinds.join(', ')}` : ''}`,
    ...policyLines(s.hidden, s.policy),
  ];
}

/** A summary as the tool and the resources answer: text within the budget and the same facts as data. */
export interface SummaryAnswer {
  readonly text: string;
  readonly structured: Record<string, unknown>;
  readonly rendered: Rendered;
}

/** Items as data (for structuredContent), limited to the ones shown. */
function shownData(items: readonly SectionItem[], shown: number): Record<string, unknown>[] {
  return items.slice(0, shown).map((i) => i.data);
}

/** Renders a summary within `maxBytes` (UTF-8) of text, with its structured content. */
export function renderSummary(summary: Summary, maxBytes: number): SummaryAnswer {
  const ns = summary.namespace;
  const sections = summary.sections.map((d) => sectionText(d, summary));
  prioritise(sections, summary.type);
  const fullCall = toolCall('k8s-cluster-summary', {
    summary_type: summary.type,
    ...nsArg(ns),
    max_size_kb: 50,
  });
  const rendered = renderWithinBudget(headerLines(summary), sections, maxBytes, fullCall);
  const fresh = summary.freshness;
  const structured: Record<string, unknown> = {
    summaryType: summary.type,
    ...nsArg(ns),
    generatedAt: new Date(summary.now).toISOString(),
    kubernetesVersion: summary.version,
    data: {
      source: 'watch-cache',
      phase: fresh?.phase ?? 'synced',
      lastEventAt: fresh?.lastEventAt,
      staleKinds: fresh?.staleKinds ?? [],
    },
    hidden: {
      namespaces: summary.hidden.namespaces,
      objects: summary.hidden.objects,
      ...(summary.policy ?? {}),
    },
    maxBytes,
    bytes: rendered.bytes,
    truncated: rendered.truncated,
    sections: Object.fromEntries(
      sections.map((s) => {
        const shown = rendered.shown.get(s.id) ?? 0;
        return [
          s.id,
          {
            title: s.title,
            ...(s.facts ?? {}),
            included: rendered.shown.has(s.id),
            listed: s.items.length,
            shown,
            items: shownData(s.items, shown),
          },
        ];
      }),
    ),
    omitted: rendered.omissions,
  };
  return { text: rendered.text, structured, rendered };
}
