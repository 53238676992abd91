import type { ClusterSnapshot } from '../cluster-snapshot.js';
import type { SummaryGraph } from '../summary-graph.js';

/** How bad a finding is. */
export type Severity = 'critical' | 'warning' | 'info';

/** Severities, worst first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/** One problem found in the cluster, with the evidence behind it. */
export interface Finding {
  /** Name of the detector that found it. */
  readonly detector: string;
  readonly severity: Severity;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** The condition in a word or two: "CrashLoopBackOff", "NotReady", "NoEndpoints". */
  readonly reason: string;
  /** The object's own words (status message, scheduler message, last termination message). */
  readonly message?: string;
  /** A count behind the finding (restarts, unavailable replicas, events, ...). */
  readonly count?: number;
  /** What count counts ("restarts", "missing replicas"); the count is shown only with it. */
  readonly countOf?: string;
  /** Since when the condition holds (ISO time), when known. */
  readonly since?: string;
  /** What to check or do next, with the calls that show the facts it names (rendered by the MCP layer). */
  readonly hint: Hint;
  /** Set by root-cause grouping: other pods of the same owner failing the same way (names). */
  readonly alike?: readonly string[];
  /** Set by root-cause grouping: what this cause takes down, in the order the relations run. */
  readonly takesDown?: readonly AffectedObject[];
  /** Set by root-cause grouping: the findings this cause explains (listed under it, not ranked). */
  readonly explains?: readonly Finding[];
  /**
   * Set from the change journal (change-context.ts): changes to the object, its owners or what it
   * depends on shortly before the finding began, one object a line, newest first.
   */
  readonly changedBefore?: readonly string[];
}

/** A tool call as data: the MCP layer writes it as the model calls it (mcp/rendering/tool-call.ts). */
export interface SuggestedCall {
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** One step of a hint: words, or what a call shows and the call. */
export type HintStep = string | { readonly shows: string; readonly call: SuggestedCall };

/** What to check or do next, step by step. */
export type Hint = readonly HintStep[];

/** A hint step naming the call that shows a fact. */
export function shownBy(shows: string, tool: string, args: Readonly<Record<string, unknown>>): HintStep {
  return { shows, call: { tool, args } };
}

/** The namespace and name of a pod, as the pod tools take them. */
export function podArgs(pod: { metadata: { namespace?: string; name: string } }): Record<string, unknown> {
  return { namespace: pod.metadata.namespace, name: pod.metadata.name };
}

/** An object a cause takes down, with its state in a few words ("0/1 available"). */
export interface AffectedObject {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly state?: string;
}

/** Time thresholds the detectors use; defaults in DEFAULT_THRESHOLDS. */
export interface DetectorThresholds {
  /** A pod Pending (not unschedulable) this long is reported. */
  readonly pendingSeconds: number;
  /** An Unschedulable pod is reported once it has been so this long (autoscalers need a moment). */
  readonly unschedulableSeconds: number;
  /** Restarts at or above this count are "high". */
  readonly restartCount: number;
  /** A pod Terminating longer than its grace period plus this is stuck. */
  readonly terminatingGraceSeconds: number;
  /** A Running pod not ready for this long is reported. */
  readonly notReadySeconds: number;
  /** Warning events of one reason within the window at or above this count make a burst. */
  readonly eventBurstCount: number;
  /** The window of warning events considered (also the overview's "last hour"). */
  readonly eventWindowSeconds: number;
}

/**
 * Defaults: pending 5 min (image pulls and volume attachment take minutes on real clusters);
 * unschedulable 30 s (long enough for a cluster autoscaler's first reaction, short enough to show
 * in the first summary after a bad rollout); 5 restarts (k8sgpt and kubectl users read that as
 * "crashing"); 5 min past the grace period for Terminating; 2 min not ready; 20 warnings of a
 * reason per hour as a burst.
 */
export const DEFAULT_THRESHOLDS: DetectorThresholds = {
  pendingSeconds: 300,
  unschedulableSeconds: 30,
  restartCount: 5,
  terminatingGraceSeconds: 300,
  notReadySeconds: 120,
  eventBurstCount: 20,
  eventWindowSeconds: 3600,
};

/** What a detector reads. */
export interface DetectContext {
  readonly snapshot: ClusterSnapshot;
  readonly graph: SummaryGraph;
  readonly thresholds: DetectorThresholds;
}

/** One condition (or a family of closely related ones) detected from the cache. */
export interface Detector {
  /** Unique, kebab-case; shown with each finding. */
  readonly name: string;
  /** One line for docs: what it looks for. */
  readonly description: string;
  detect(ctx: DetectContext): Finding[];
}

/** Seconds since an ISO time (Infinity when unknown, so "for longer than" checks pass). */
export function secondsSince(iso: string | undefined, now: number): number {
  if (!iso) return Infinity;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Infinity : (now - t) / 1000;
}

/**
 * A message cut to a length a summary line can carry, from the middle: the start says what
 * failed, the end carries the decisive words ("… not found", the image name, the exit code), and
 * a middle part (repeated image references, stack frames) is what can go.
 */
export function clip(text: string | undefined, max = 240): string | undefined {
  if (!text) return undefined;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return clipMiddle(oneLine, max);
}

/** `text` within `max` characters, its middle replaced by "…" (the tail keeps about 40 %). */
export function clipMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 2) return text.slice(0, max);
  const tail = Math.floor((max - 1) * 0.4);
  const head = max - 1 - tail;
  return `${text.slice(0, head).trimEnd()}…${text.slice(text.length - tail).trimStart()}`;
}
