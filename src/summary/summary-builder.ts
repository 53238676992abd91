import { namespaceNotFound } from '../common/errors/not-found.js';
import { similarNames } from '../common/similar-names.js';
import { type Rendered, renderWithinBudget, type Section } from './budget-renderer.js';
import type { ClusterSnapshot, HiddenCounts, PolicyCounts } from './cluster-snapshot.js';
import {
  DEFAULT_THRESHOLDS,
  type Detector,
  type DetectorThresholds,
  type Finding,
} from './detectors/detector.js';
import { DETECTORS } from './detectors/index.js';
import { type ChangeSource, withChangeContext } from './change-context.js';
import { rankFindings, type RankedFinding } from './ranking.js';
import { groupRootCauses } from './root-causes.js';
import { SnapshotSummaryGraph, type SummaryGraph } from './summary-graph.js';
import {
  anomaliesSection,
  eventsSection,
  namespacesSection,
  nodesSection,
  podsSection,
  pvcsSection,
  restartsSection,
  servicesSection,
  shownData,
  toolCall,
  workloadsSection,
} from './summary-sections.js';

/** The summary types of k8s-cluster-summary. */
export const SUMMARY_TYPES = ['overview', 'namespace', 'workloads', 'nodes', 'anomalies'] as const;
export type SummaryType = (typeof SUMMARY_TYPES)[number];

/** One summary request, validated. */
export interface SummaryRequest {
  readonly type: SummaryType;
  /** Scope (required for "namespace"); undefined: the whole visible cluster. */
  readonly namespace?: string;
  readonly maxBytes: number;
  readonly includeAnomalies: boolean;
}

/** The text for the model and the same facts as data. */
export interface SummaryResult {
  readonly text: string;
  readonly structured: Record<string, unknown>;
  readonly rendered: Rendered;
  readonly findings: readonly RankedFinding[];
}

/** What a summary is computed from. */
export interface SummaryInput {
  readonly snapshot: ClusterSnapshot;
  /** The relationship graph; the store-based fallback when absent. */
  readonly graph?: SummaryGraph;
  readonly thresholds?: DetectorThresholds;
  readonly detectors?: readonly Detector[];
  /** The change journal: findings then say what changed shortly before them. */
  readonly changes?: ChangeSource;
}

const WORKLOAD_FINDING_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
]);

/** Runs every detector (a failing detector is reported as a finding, not thrown) and ranks. */
export function detectAnomalies(input: SummaryInput): RankedFinding[] {
  const graph = input.graph ?? new SnapshotSummaryGraph(input.snapshot);
  const ctx = { snapshot: input.snapshot, graph, thresholds: input.thresholds ?? DEFAULT_THRESHOLDS };
  const detectors = input.detectors ?? DETECTORS;
  const findings: Finding[] = [];
  for (const d of detectors) {
    try {
      findings.push(...d.detect(ctx));
    } catch (err) {
      findings.push({
        detector: d.name,
        severity: 'info',
        kind: 'Detector',
        name: d.name,
        reason: 'DetectorFailed',
        message: (err as Error).message,
        hint: 'a bug in the server: the other detectors still ran',
      });
    }
  }
  // A finding must never name an object of a hidden namespace, whatever a detector or graph returns.
  const visible = findings.filter((f) => input.snapshot.isVisible(f.namespace));
  const order = detectors.map((d) => d.name);
  const ranked = rankFindings(groupRootCauses(visible, input.snapshot, order), graph, order);
  return input.changes ? withChangeContext(ranked, input.snapshot, input.changes) : ranked;
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
 * A summary of a namespace that does not exist would read "none detected": an error instead, with
 * the visible namespaces most like it. Only when the cache holds Namespaces at all (a server that
 * may not list them cannot tell a missing namespace from an unseen one).
 */
function assertNamespaceExists(snapshot: ClusterSnapshot, namespace: string): void {
  if (!snapshot.watches('Namespace')) return;
  // A hidden namespace reads exactly as a missing one.
  if (snapshot.isVisible(namespace) && snapshot.get('Namespace', undefined, namespace)) return;
  const visible = snapshot.all('Namespace').map((n) => n.metadata.name);
  if (visible.length === 0) return;
  throw namespaceNotFound(namespace, similarNames(namespace, visible));
}

/** Builds one summary: sections for the type, rendered within the byte budget. */
export function buildSummary(
  input: SummaryInput,
  req: SummaryRequest,
  precomputed?: readonly RankedFinding[],
): SummaryResult {
  const { snapshot } = input;
  if (req.type === 'namespace' && !req.namespace) throw new Error('a namespace summary needs a namespace');
  if (req.namespace) assertNamespaceExists(snapshot, req.namespace);
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const now = snapshot.now;
  const all = precomputed ?? detectAnomalies(input);
  const ns = req.namespace;
  const inScope = ns ? all.filter((f) => f.namespace === ns) : all;
  const sections: Section[] = [];
  // In the overview anomalies take at most half the budget, so that the rest of the picture shows;
  // the anomalies type gives them everything, with hints.
  const anomalies = (list: readonly RankedFinding[], compact = true, label?: string) =>
    anomaliesSection(list, now, ns, {
      ...(compact ? { withHint: false, maxShare: 0.5 } : { withHint: true }),
      scope: { label: label ?? (ns ? `Namespace ${ns}` : 'Listed'), total: all.length },
    });
  switch (req.type) {
    case 'overview':
      if (req.includeAnomalies) sections.push(anomalies(inScope));
      if (ns) sections.push(podsSection(snapshot, ns));
      else sections.push(nodesSection(snapshot, false), namespacesSection(snapshot));
      sections.push(
        workloadsSection(snapshot, { namespace: ns, onlyUnhealthy: true }),
        servicesSection(snapshot, { namespace: ns, all: false }),
        pvcsSection(snapshot, ns),
        eventsSection(snapshot, thresholds.eventWindowSeconds, ns),
        restartsSection(snapshot, ns),
      );
      break;
    case 'namespace':
      if (req.includeAnomalies) sections.push(anomalies(inScope));
      sections.push(
        podsSection(snapshot, ns!),
        workloadsSection(snapshot, { namespace: ns, onlyUnhealthy: false }),
        servicesSection(snapshot, { namespace: ns, all: true }),
        pvcsSection(snapshot, ns),
        eventsSection(snapshot, thresholds.eventWindowSeconds, ns),
        restartsSection(snapshot, ns),
      );
      break;
    case 'workloads':
      if (req.includeAnomalies)
        sections.push(
          anomalies(
            inScope.filter((f) => WORKLOAD_FINDING_KINDS.has(f.kind)),
            true,
            ns ? `Workload (namespace ${ns})` : 'Workload',
          ),
        );
      sections.push(workloadsSection(snapshot, { namespace: ns, onlyUnhealthy: false }));
      break;
    case 'nodes':
      if (req.includeAnomalies)
        sections.push(
          anomalies(
            all.filter((f) => f.kind === 'Node'),
            true,
            'Node',
          ),
        );
      sections.push(nodesSection(snapshot, true));
      break;
    case 'anomalies':
      sections.push(anomalies(inScope, false));
      break;
  }

  prioritise(sections, req.type);

  const fresh = snapshot.extras.freshness;
  const hidden = snapshot.hidden([
    'Pod',
    'Deployment',
    'StatefulSet',
    'DaemonSet',
    'Service',
    'Job',
    'CronJob',
    'ConfigMap',
    'Secret',
    'PersistentVolumeClaim',
    'Ingress',
    'Event',
  ]);
  const header = [
    `Cluster summary: ${req.type === 'namespace' ? `namespace ${ns}` : `${req.type}${ns ? ` (namespace ${ns})` : ''}`} · Kubernetes ${snapshot.extras.version ?? 'version unknown'} · ${snapshot.all('Node').length} nodes, ${ns ? snapshot.inNamespace('Pod', ns).length : snapshot.all('Pod').length} pods`,
    `Data: watch cache, ${fresh?.phase ?? 'synced'}, last change ${age(fresh?.lastEventAt, now)}, as of ${new Date(now).toISOString()}${fresh?.staleKinds.length ? `; not synced: ${fresh.staleKinds.join(', ')}` : ''}`,
    ...policyLines(hidden, snapshot.extras.policy),
  ];
  const fullCall = toolCall('k8s-cluster-summary', {
    summary_type: req.type,
    ...(ns ? { namespace: ns } : {}),
    max_size_kb: 50,
  });
  const rendered = renderWithinBudget(header, sections, req.maxBytes, fullCall);
  const structured: Record<string, unknown> = {
    summaryType: req.type,
    ...(ns ? { namespace: ns } : {}),
    generatedAt: new Date(now).toISOString(),
    kubernetesVersion: snapshot.extras.version,
    data: {
      source: 'watch-cache',
      phase: fresh?.phase ?? 'synced',
      lastEventAt: fresh?.lastEventAt,
      staleKinds: fresh?.staleKinds ?? [],
    },
    hidden: { namespaces: hidden.namespaces, objects: hidden.objects, ...(snapshot.extras.policy ?? {}) },
    maxBytes: req.maxBytes,
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
  return { text: rendered.text, structured, rendered, findings: inScope };
}
