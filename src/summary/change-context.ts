import { clipMiddle } from './detectors/detector.js';
import type { ClusterSnapshot } from './cluster-snapshot.js';
import type { Finding } from './detectors/detector.js';
import { type Pod, podReferences } from '../k8s/objects/index.js';
import type { KubeObject } from '../k8s/kube-object.js';
import type { JournalPage, JournalQuery } from '../timeline/change-journal.js';
import { type ChangeRecord, renderChange } from '../timeline/change-record.js';

// "Changed shortly before": for each finding, the journal's changes to the object, its owners
// (ReplicaSet, Deployment, …) and what its pods depend on (ConfigMaps, Secrets, claims, the Node)
// in the half hour before the finding began. The question an engineer asks first ("what changed?"),
// answered where the anomaly is listed, in at most two lines.

/** What the context reads: the change journal (ChangeJournalService). */
export interface ChangeSource {
  query(q: JournalQuery): JournalPage;
}

/** How far before a finding's start a change still counts as "shortly before". */
export const CHANGE_WINDOW_MS = 30 * 60_000;
/**
 * A change seen this much after the finding's start still counts: a condition's time has
 * one-second resolution and the object that failed may be written a moment before its cause's
 * change reaches this server's watch.
 */
const SLACK_MS = 5_000;
/** Objects named per finding (one line each). */
export const MAX_CONTEXT_LINES = 2;
/** Field changes shown per object, and the characters of their text. */
const MAX_FIELDS = 2;
const MAX_DIFF_CHARS = 160;
/** Records read at most per summary (the window's newest first): bounds the cost on a busy cluster. */
const MAX_RECORDS_READ = 50_000;

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);
/** Kinds whose template spec carries the pod's references. */
const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);
/** Status lines of workloads: what follows a failure, not what causes it. */
const WORKLOAD_STATUS_FIELDS = new Set(['ready', 'desired', 'succeeded', 'failed', 'revision']);

const key = (kind: string, namespace: string | undefined, name: string) =>
  `${kind}/${namespace ?? ''}/${name}`;

type Owned = {
  metadata: { ownerReferences?: readonly { kind: string; name: string; controller?: boolean }[] };
};
const controllerOf = (o: Owned) => o.metadata.ownerReferences?.find((r) => r.controller);

/** The pod spec behind an object: a pod's own, a workload's template, a CronJob's job template. */
function podSpecOf(kind: string, obj: KubeObject): Pod | undefined {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (kind === 'Pod') return obj as Pod;
  if (TEMPLATE_KINDS.has(kind)) return { ...obj, spec: (spec?.template as { spec?: unknown })?.spec } as Pod;
  if (kind === 'CronJob') {
    const job = spec?.jobTemplate as { spec?: { template?: { spec?: unknown } } } | undefined;
    return { ...obj, spec: job?.spec?.template?.spec } as Pod;
  }
  return undefined;
}

/**
 * The objects whose changes may explain a finding, as `Kind/namespace/name` keys: the object
 * (not a Pod: a pod's own state lines are the symptom), its owner chain, the workloads it takes
 * down, the ConfigMaps, Secrets and claims its pods name, and the Node a pod runs on.
 */
export function relatedKeys(f: Finding, snapshot: ClusterSnapshot): Set<string> {
  const keys = new Set<string>();
  const ns = f.namespace;
  if (f.kind !== 'Pod') keys.add(key(f.kind, ns, f.name));
  for (const o of f.takesDown ?? [])
    if (WORKLOAD_KINDS.has(o.kind)) keys.add(key(o.kind, o.namespace, o.name));
  const obj = snapshot.get(f.kind, ns, f.name);
  if (!obj) return keys;
  let owner = controllerOf(obj);
  for (let depth = 0; owner && depth < 3; depth++) {
    keys.add(key(owner.kind, ns, owner.name));
    const next = snapshot.get(owner.kind, ns, owner.name);
    owner = next ? controllerOf(next) : undefined;
  }
  const pod = podSpecOf(f.kind, obj);
  if (pod) {
    for (const r of podReferences(pod)) if (r.kind !== 'ServiceAccount') keys.add(key(r.kind, ns, r.name));
    const node = f.kind === 'Pod' ? (obj as Pod).spec?.nodeName : undefined;
    if (node) keys.add(key('Node', undefined, node));
  }
  return keys;
}

/** The record's change lines that may cause a failure (a workload's ready counts and conditions follow one). */
function causeLines(r: ChangeRecord): string[] {
  if (r.op !== 'updated') return [];
  const lines = WORKLOAD_KINDS.has(r.kind)
    ? r.changes.filter((c) => !WORKLOAD_STATUS_FIELDS.has(c.field) && !/^[A-Z]/.test(c.field))
    : r.changes;
  return lines.map(renderChange);
}

function before(ms: number, since: boolean): string {
  if (ms < 1000) return since ? 'at the same time' : 'just now';
  const s = Math.round(ms / 1000);
  const amount = s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
  return `${amount} ${since ? 'before' : 'ago'}`;
}

/** One line: `Deployment shop/payment image pay:1.4 → pay:1.5 (3 min before)`. */
function contextLine(r: ChangeRecord, lines: readonly string[], anchor: number, since: boolean): string {
  const what =
    r.op === 'updated'
      ? clipMiddle(
          [
            ...lines.slice(0, MAX_FIELDS),
            ...(lines.length > MAX_FIELDS ? [`+${lines.length - MAX_FIELDS} more`] : []),
          ].join('; '),
          MAX_DIFF_CHARS,
        )
      : r.op;
  const by = r.manager ? ` by ${r.manager}` : '';
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name} ${what}${by} (${before(Math.max(0, anchor - r.time), since)})`;
}

/**
 * The findings with `changedBefore` set where the journal has changes to related objects in the
 * CHANGE_WINDOW_MS before each finding's start (its `since`, or now): newest first, one object a
 * line, at most MAX_CONTEXT_LINES. One pass over the journal's window serves every finding.
 */
export function withChangeContext<F extends Finding>(
  findings: readonly F[],
  snapshot: ClusterSnapshot,
  source: ChangeSource,
  now = snapshot.now,
): F[] {
  if (findings.length === 0) return [...findings];
  const anchors = findings.map((f) => {
    const t = f.since ? Date.parse(f.since) : NaN;
    return Number.isNaN(t) ? now : Math.min(t, now);
  });
  const byKey = new Map<string, number[]>();
  findings.forEach((f, i) => {
    for (const k of relatedKeys(f, snapshot)) {
      const list = byKey.get(k);
      if (list) list.push(i);
      else byKey.set(k, [i]);
    }
  });
  const namespaces = new Set([...byKey.keys()].map((k) => k.slice(k.indexOf('/') + 1, k.lastIndexOf('/'))));
  const found = findings.map(() => new Map<string, string>());
  let read = 0;
  source.query({
    sinceMs: Math.min(...anchors) - CHANGE_WINDOW_MS,
    limit: 1,
    match: (r) => {
      // Most records are pods (symptoms, never listed) or of other namespaces: turned away first.
      if (++read > MAX_RECORDS_READ || r.kind === 'Pod' || !namespaces.has(r.namespace ?? '')) return false;
      const k = key(r.kind, r.namespace, r.name);
      const indices = byKey.get(k);
      if (!indices) return false;
      let lines: string[] | undefined;
      for (const i of indices) {
        const seen = found[i]!;
        if (seen.size >= MAX_CONTEXT_LINES || seen.has(k)) continue;
        const anchor = anchors[i]!;
        if (r.time > anchor + SLACK_MS || r.time < anchor - CHANGE_WINDOW_MS) continue;
        lines ??= causeLines(r);
        if (r.op === 'updated' && lines.length === 0) continue;
        seen.set(k, contextLine(r, lines, anchor, findings[i]!.since !== undefined));
      }
      return false;
    },
  });
  return findings.map((f, i) => (found[i]!.size ? { ...f, changedBefore: [...found[i]!.values()] } : f));
}

/** Lines of changesAround at most. */
const MAX_AROUND_LINES = 10;

/**
 * The changes to an object, its owners, what it (its pod template, its pods) names and its pods'
 * Nodes, in the `windowMs`
 * before `now`, newest first, one change a line (a workload's own ready counts and conditions left
 * out: they follow a failure). For the diagnose-workload prompt.
 */
export function changesAround(
  ref: { kind: string; namespace: string; name: string },
  snapshot: ClusterSnapshot,
  source: ChangeSource,
  windowMs: number,
  now = snapshot.now,
): string[] {
  const pseudo: Finding = { ...ref, detector: '', severity: 'info', reason: '', hint: [] };
  const keys = relatedKeys(pseudo, snapshot);
  if (ref.kind === 'Pod') keys.add(key('Pod', ref.namespace, ref.name));
  // A workload's pods as they run now: what they name (a template may differ after a rollout) and their Nodes.
  const owners = new Set([`${ref.kind}/${ref.name}`]);
  for (const rs of snapshot.inNamespace('ReplicaSet', ref.namespace)) {
    const o = controllerOf(rs);
    if (o && owners.has(`${o.kind}/${o.name}`)) owners.add(`ReplicaSet/${rs.metadata.name}`);
  }
  for (const pod of snapshot.inNamespace<Pod>('Pod', ref.namespace)) {
    const o = controllerOf(pod);
    if (!o || !owners.has(`${o.kind}/${o.name}`)) continue;
    for (const r of podReferences(pod))
      if (r.kind !== 'ServiceAccount') keys.add(key(r.kind, ref.namespace, r.name));
    if (pod.spec?.nodeName) keys.add(key('Node', undefined, pod.spec.nodeName));
  }
  const out: string[] = [];
  source.query({
    sinceMs: now - windowMs,
    limit: 1,
    match: (r) => {
      if (out.length >= MAX_AROUND_LINES || r.time > now) return false;
      if (r.namespace !== undefined && r.namespace !== ref.namespace) return false;
      if (!keys.has(key(r.kind, r.namespace, r.name))) return false;
      const lines = causeLines(r);
      if (r.op === 'updated' && lines.length === 0) return false;
      out.push(`- ${new Date(r.time).toISOString().slice(11, 19)}Z ${contextLine(r, lines, now, false)}`);
      return false;
    },
  });
  return out;
}
