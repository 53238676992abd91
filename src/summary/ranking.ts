import { DETECTORS } from './detectors/index.js';
import type { Finding, Severity } from './detectors/detector.js';
import type { SummaryGraph } from './summary-graph.js';

/**
 * Severity weights: a factor of 10 between levels, so a warning needs a blast radius ten times
 * larger than a critical finding's to outrank it (a node NotReady with 10+ pods, say).
 */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { critical: 100, warning: 10, info: 1 };

/** A finding with its place in the ranking. */
export interface RankedFinding extends Finding {
  /**
   * Objects affected, itself included: the graph's impact query, or what root-cause grouping found
   * it takes down (with the pods that fail alike), whichever reaches further.
   */
  readonly blastRadius: number;
  /** severity weight × blast radius. */
  readonly score: number;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { critical: 0, warning: 1, info: 2 };

/** Ranks findings by severity × blast radius; ties are broken by severity, detector order, then name. */
export function rankFindings(
  findings: readonly Finding[],
  graph: SummaryGraph,
  detectorOrder: readonly string[] = DETECTORS.map((d) => d.name),
): RankedFinding[] {
  const order = new Map(detectorOrder.map((n, i) => [n, i]));
  const ranked = findings.map((f) => {
    const grouped = 1 + (f.alike?.length ?? 0) + (f.takesDown?.length ?? 0);
    const blastRadius = Math.max(grouped, graph.impactCount(f.kind, f.namespace, f.name));
    return { ...f, blastRadius, score: SEVERITY_WEIGHT[f.severity] * blastRadius };
  });
  return ranked.sort(
    (a, b) =>
      b.score - a.score ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (order.get(a.detector) ?? 999) - (order.get(b.detector) ?? 999) ||
      cmp(a.namespace ?? '', b.namespace ?? '') ||
      cmp(a.kind, b.kind) ||
      cmp(a.name, b.name) ||
      cmp(a.reason, b.reason),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
