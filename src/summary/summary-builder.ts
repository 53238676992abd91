import { namespaceNotFound } from '../common/errors/not-found.js';
import { similarNames } from '../common/similar-names.js';
import type { ClusterSnapshot, Freshness, HiddenCounts, PolicyCounts } from './cluster-snapshot.js';
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
  anomaliesData,
  eventsData,
  type FindingScope,
  namespacesData,
  nodesData,
  podsData,
  pvcsData,
  restartsData,
  servicesData,
  type SummarySection,
  workloadsData,
} from './summary-sections.js';

/** The summary types of k8s-cluster-summary. */
export const SUMMARY_TYPES = ['overview', 'namespace', 'workloads', 'nodes', 'anomalies'] as const;
export type SummaryType = (typeof SUMMARY_TYPES)[number];

/** One summary request, validated. */
export interface SummaryRequest {
  readonly type: SummaryType;
  /** Scope (required for "namespace"); undefined: the whole visible cluster. */
  readonly namespace?: string;
  readonly includeAnomalies: boolean;
}

/**
 * One summary as data: where it comes from and how fresh it is, what the namespace policy hides,
 * and the sections of its type in reading order. The MCP layer renders it (text within a byte
 * budget, structured content, the calls that show more: mcp/rendering/summary-text.ts).
 */
export interface Summary {
  readonly type: SummaryType;
  readonly namespace?: string;
  /** The snapshot's time (epoch ms). */
  readonly now: number;
  /** The API server's version, when known. */
  readonly version?: string;
  /** Nodes in the cluster, and pods in the summary's scope. */
  readonly nodes: number;
  readonly pods: number;
  readonly freshness?: Freshness;
  /** Objects of hidden namespaces that were in the cache anyway (counted, never named). */
  readonly hidden: HiddenCounts;
  /** The size of the namespace policy's allow-list / deny-list. */
  readonly policy?: PolicyCounts;
  readonly sections: readonly SummarySection[];
  /** The findings of the summary's scope, ranked (namespace filter applied, kind filters not). */
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
        hint: ['a bug in the server: the other detectors still ran'],
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

/** Builds one summary as data: the sections of its type, from the snapshot. */
export function buildSummary(
  input: SummaryInput,
  req: SummaryRequest,
  precomputed?: readonly RankedFinding[],
): Summary {
  const { snapshot } = input;
  if (req.type === 'namespace' && !req.namespace) throw new Error('a namespace summary needs a namespace');
  if (req.namespace) assertNamespaceExists(snapshot, req.namespace);
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const all = precomputed ?? detectAnomalies(input);
  const ns = req.namespace;
  const inScope = ns ? all.filter((f) => f.namespace === ns) : all;
  const sections: SummarySection[] = [];
  // A kind filter keeps the summary's namespace except for Nodes, which belong to none.
  const anomalies = (list: readonly RankedFinding[], kinds: FindingScope['kinds']) =>
    anomaliesData(list, ns, {
      kinds,
      ...(ns && kinds !== 'Node' ? { namespace: ns } : {}),
      clusterTotal: all.length,
    });
  switch (req.type) {
    case 'overview':
      if (req.includeAnomalies) sections.push(anomalies(inScope, 'all'));
      if (ns) sections.push(podsData(snapshot, ns));
      else sections.push(nodesData(snapshot, false), namespacesData(snapshot));
      sections.push(
        workloadsData(snapshot, { namespace: ns, onlyUnhealthy: true }),
        servicesData(snapshot, { namespace: ns, all: false }),
        pvcsData(snapshot, ns),
        eventsData(snapshot, thresholds.eventWindowSeconds, ns),
        restartsData(snapshot, ns),
      );
      break;
    case 'namespace':
      if (req.includeAnomalies) sections.push(anomalies(inScope, 'all'));
      sections.push(
        podsData(snapshot, ns!),
        workloadsData(snapshot, { namespace: ns, onlyUnhealthy: false }),
        servicesData(snapshot, { namespace: ns, all: true }),
        pvcsData(snapshot, ns),
        eventsData(snapshot, thresholds.eventWindowSeconds, ns),
        restartsData(snapshot, ns),
      );
      break;
    case 'workloads':
      if (req.includeAnomalies)
        sections.push(
          anomalies(
            inScope.filter((f) => WORKLOAD_FINDING_KINDS.has(f.kind)),
            'Workload',
          ),
        );
      sections.push(workloadsData(snapshot, { namespace: ns, onlyUnhealthy: false }));
      break;
    case 'nodes':
      // Nodes belong to no namespace: node findings are the whole cluster's whatever the namespace.
      if (req.includeAnomalies)
        sections.push(
          anomalies(
            all.filter((f) => f.kind === 'Node'),
            'Node',
          ),
        );
      sections.push(nodesData(snapshot, true));
      break;
    case 'anomalies':
      sections.push(anomalies(inScope, 'all'));
      break;
  }

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
  return {
    type: req.type,
    ...(ns ? { namespace: ns } : {}),
    now: snapshot.now,
    version: snapshot.extras.version,
    nodes: snapshot.all('Node').length,
    // The nodes view counts the pods its nodes run: all of them (nodes belong to no namespace).
    pods: ns && req.type !== 'nodes' ? snapshot.inNamespace('Pod', ns).length : snapshot.all('Pod').length,
    freshness: snapshot.extras.freshness,
    hidden,
    policy: snapshot.extras.policy,
    sections,
    findings: inScope,
  };
}
