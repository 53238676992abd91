import type { KubeObject } from '../k8s/kube-object.js';
import { LAST_APPLIED } from '../common/kube/annotations.js';
import type { FieldChange } from './change-record.js';

// The rules that decide what a change of an object was, field by field. Everything not named here
// is left out on purpose: an update whose only differences are noise (heartbeats, probe times,
// observedGeneration, resourceVersion, managedFields) yields no change and no record.

/** Kinds not journalled: Events are their own history; EndpointSlices restate pod readiness and Service changes. */
export const UNJOURNALLED_KINDS: ReadonlySet<string> = new Set(['Event', 'EndpointSlice']);

/** The Deployment's (and its ReplicaSets') rollout revision. */
export const REVISION = 'deployment.kubernetes.io/revision';
/** Set on the pod template by `kubectl rollout restart`. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** Annotations that change without anyone changing the object's meaning. */
export const NOISY_ANNOTATIONS: ReadonlySet<string> = new Set([
  LAST_APPLIED,
  'control-plane.alpha.kubernetes.io/leader',
  'endpoints.kubernetes.io/last-change-trigger-time',
  'deprecated.daemonset.template.generation',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  // Shown as its own "revision" line.
  REVISION,
]);

/** Fields the generic rule never reports (times that move by themselves, bookkeeping). */
const NOISY_FIELDS: ReadonlySet<string> = new Set([
  'lastProbeTime',
  'lastHeartbeatTime',
  'lastTransitionTime',
  'lastUpdateTime',
  'observedGeneration',
  'resourceVersion',
  'managedFields',
]);

/** Pod conditions restating others (Ready covers ContainersReady; Initialized and PodReadyToStartContainers precede it). */
const FOLDED_POD_CONDITIONS: ReadonlySet<string> = new Set([
  'ContainersReady',
  'Initialized',
  'PodReadyToStartContainers',
]);

/** A value longer than this is cut (an annotation can hold kilobytes of JSON). */
export const MAX_VALUE_CHARS = 80;
/** Field changes kept per record; the rest is counted in one last line. */
export const MAX_CHANGES = 20;

type Json = unknown;
type Rec = Readonly<Record<string, Json>>;

const isRec = (v: Json): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const rec = (v: Json): Rec => (isRec(v) ? v : {});
const arr = (v: Json): readonly Json[] => (Array.isArray(v) ? v : []);

/** A value as a diff shows it, cut to MAX_VALUE_CHARS. */
export function show(v: Json): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS - 1)}…` : s;
}

/**
 * Where a field sits in managedFields' fieldsV1 (`f:spec`, `f:containers`, `k:{"name":"web"}`,
 * `f:image`): who owns the fields a change moved is who made it (writer.ts).
 */
export type FieldPath = readonly string[];

/** A field's fieldsV1 key. */
const f = (name: string) => `f:${name}`;
/** A list element's fieldsV1 key by its merge key: `k:{"name":"web"}`. */
const k = (mergeKey: string, value: string) => `k:${JSON.stringify({ [mergeKey]: value })}`;

const SPEC: FieldPath = ['f:spec'];
const STATUS: FieldPath = ['f:status'];
const LABELS: FieldPath = ['f:metadata', 'f:labels'];
const ANNOTATIONS: FieldPath = ['f:metadata', 'f:annotations'];
const CONDITIONS: FieldPath = ['f:status', 'f:conditions'];

class Diff {
  readonly out: FieldChange[] = [];
  /**
   * @param paths when given, receives the fieldsV1 path of each change in `out`'s order (undefined
   * for fields no manager owns, e.g. deletionTimestamp); only built for fields that changed.
   */
  constructor(readonly paths?: (FieldPath | undefined)[]) {}
  /** Records the field when it moved; `at` + `leaf` is where it sits in fieldsV1. */
  field(field: string, a: Json, b: Json, at?: FieldPath, leaf?: string): void {
    if (a === b) return;
    const from = show(a);
    const to = show(b);
    if (from === to) return;
    // One literal shape (no spread: V8's slow path); absent sides stay undefined.
    this.out.push({ field, from, to });
    this.paths?.push(at && leaf !== undefined ? [...at, leaf] : at);
  }
  /** Per key of two string maps (labels, selectors, annotations) kept at `at` in fieldsV1. */
  map(prefix: string, a: Json, b: Json, at: FieldPath, skip?: ReadonlySet<string>): void {
    if (a === b) return;
    const ra = rec(a);
    const rb = rec(b);
    for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
      if (skip?.has(key)) continue;
      this.field(`${prefix} ${key}`, ra[key], rb[key], at, f(key));
    }
  }
}

/** `a=1,b=2` for a string map (label selectors, node selectors). */
const pairs = (v: Json): string | undefined => {
  const entries = Object.entries(rec(v));
  return entries.length ? entries.map(([k, x]) => `${k}=${String(x)}`).join(',') : undefined;
};

/** A label selector on one line. */
function selectorText(v: Json): string | undefined {
  const s = rec(v);
  const parts = [pairs(s.matchLabels)];
  for (const e of arr(s.matchExpressions).map(rec))
    parts.push(`${String(e.key)} ${String(e.operator)} (${arr(e.values).join(',')})`);
  const text = parts.filter(Boolean).join(',');
  return text || (isRec(v) ? '{}' : undefined);
}

/** Conditions: one line per type whose status moved (`Ready True → False (KubeletNotReady)`). */
function conditions(d: Diff, a: Json, b: Json, folded?: ReadonlySet<string>): void {
  // Conditions merge by type: their status is at f:status/f:conditions/k:{"type":…}/f:status.
  if (a === b) return;
  const byType = (v: Json) => new Map(arr(v).map((c) => [String(rec(c).type), rec(c)]));
  const ca = byType(a);
  const cb = byType(b);
  for (const type of new Set([...ca.keys(), ...cb.keys()])) {
    if (folded?.has(type)) continue;
    const x = ca.get(type);
    const y = cb.get(type);
    if (x?.status === y?.status) continue;
    const to =
      y?.status === undefined
        ? undefined
        : y.status !== 'True' && y.reason
          ? `${String(y.status)} (${String(y.reason)})`
          : y.status;
    d.field(type, x?.status, to, [...CONDITIONS, k('type', type)], 'f:status');
  }
}

/** A container's env: name → literal value or the reference it reads. */
function envOf(c: Rec): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of arr(c.env).map(rec)) {
    const from = rec(e.valueFrom);
    const ref = isRec(from.configMapKeyRef)
      ? `configMap ${String(from.configMapKeyRef.name)}.${String(from.configMapKeyRef.key)}`
      : isRec(from.secretKeyRef)
        ? `secret ${String(from.secretKeyRef.name)}.${String(from.secretKeyRef.key)}`
        : isRec(from.fieldRef)
          ? `field ${String(from.fieldRef.fieldPath)}`
          : isRec(from.resourceFieldRef)
            ? `resource ${String(from.resourceFieldRef.resource)}`
            : undefined;
    m.set(String(e.name), ref ?? JSON.stringify(e.value ?? ''));
  }
  return m;
}

const envFromText = (c: Rec): string | undefined =>
  arr(c.envFrom)
    .map(rec)
    .map((e) =>
      isRec(e.configMapRef)
        ? `configMap/${String(e.configMapRef.name)}`
        : isRec(e.secretRef)
          ? `secret/${String(e.secretRef.name)}`
          : '?',
    )
    .join(',') || undefined;

const portsText = (v: Json): string | undefined =>
  arr(v)
    .map(rec)
    .map(
      (p) =>
        `${p.name ? `${String(p.name)}:` : ''}${String(p.port ?? p.containerPort)}${p.targetPort !== undefined && p.targetPort !== p.port ? `→${String(p.targetPort)}` : ''}/${String(p.protocol ?? 'TCP')}`,
    )
    .join(',') || undefined;

/** A volume's source on one line: `configMap/app-config`, `secret/tls`, `pvc/data`, `emptyDir`. */
function volumeSource(v: Rec): string {
  if (isRec(v.configMap)) return `configMap/${String(v.configMap.name)}`;
  if (isRec(v.secret)) return `secret/${String(v.secret.secretName)}`;
  if (isRec(v.persistentVolumeClaim)) return `pvc/${String(v.persistentVolumeClaim.claimName)}`;
  if (isRec(v.hostPath)) return `hostPath/${String(v.hostPath.path)}`;
  if (isRec(v.projected))
    return `projected(${arr(v.projected.sources)
      .map((s) =>
        Object.entries(rec(s)).map(([k, x]) => `${k}${rec(x).name ? `/${String(rec(x).name)}` : ''}`),
      )
      .flat()
      .join(',')})`;
  const k = Object.keys(v).find((x) => x !== 'name');
  return k ?? '?';
}

/** Containers (and init containers) of a pod spec (at `at` in fieldsV1), compared by name. */
function containers(d: Diff, a: Rec, b: Rec, at: FieldPath): void {
  for (const [list, tag] of [
    ['containers', ''],
    ['initContainers', 'init '],
  ] as const) {
    if (a[list] === b[list]) continue;
    const ca = new Map(arr(a[list]).map((c) => [String(rec(c).name), rec(c)]));
    const cb = new Map(arr(b[list]).map((c) => [String(rec(c).name), rec(c)]));
    // Name the container only when there is more than one to tell apart.
    const single = list === 'containers' && ca.size <= 1 && cb.size <= 1;
    for (const name of new Set([...ca.keys(), ...cb.keys()])) {
      const x = ca.get(name);
      const y = cb.get(name);
      const q = single ? '' : `[${tag}${name}]`;
      if (x === y) continue;
      const c: FieldPath = [...at, f(list), k('name', name)];
      if (!x || !y) {
        d.field(`container${q || `[${tag}${name}]`}`, x?.image, y?.image, c);
        continue;
      }
      d.field(`image${q}`, x.image, y.image, c, 'f:image');
      // Equal parts are the same instance (the store shares structure): skip them unread.
      if (x.env !== y.env) {
        const ea = envOf(x);
        const eb = envOf(y);
        const env = [...c, 'f:env'];
        for (const e of new Set([...ea.keys(), ...eb.keys()]))
          d.field(`env${q} ${e}`, ea.get(e), eb.get(e), env, k('name', e));
      }
      if (x.envFrom !== y.envFrom) d.field(`envFrom${q}`, envFromText(x), envFromText(y), c, 'f:envFrom');
      for (const side of x.resources === y.resources ? [] : (['requests', 'limits'] as const)) {
        const ra = rec(rec(x.resources)[side]);
        const rb = rec(rec(y.resources)[side]);
        const res = [...c, 'f:resources', f(side)];
        for (const r of new Set([...Object.keys(ra), ...Object.keys(rb)]))
          d.field(`${r} ${side === 'requests' ? 'request' : 'limit'}${q}`, ra[r], rb[r], res, f(r));
      }
      if (x.ports !== y.ports) d.field(`ports${q}`, portsText(x.ports), portsText(y.ports), c, 'f:ports');
      d.field(`command${q}`, x.command, y.command, c, 'f:command');
      d.field(`args${q}`, x.args, y.args, c, 'f:args');
    }
  }
}

/** A pod spec (a pod's own, or a template's), at `at` in fieldsV1. */
function podSpec(d: Diff, a: Rec, b: Rec, at: FieldPath): void {
  if (a === b) return;
  containers(d, a, b, at);
  if (a.volumes !== b.volumes) {
    const va = new Map(arr(a.volumes).map((v) => [String(rec(v).name), volumeSource(rec(v))]));
    const vb = new Map(arr(b.volumes).map((v) => [String(rec(v).name), volumeSource(rec(v))]));
    const volumes = [...at, 'f:volumes'];
    for (const v of new Set([...va.keys(), ...vb.keys()]))
      d.field(`volume ${v}`, va.get(v), vb.get(v), volumes, k('name', v));
  }
  d.field('serviceAccount', a.serviceAccountName, b.serviceAccountName, at, 'f:serviceAccountName');
  d.field('nodeSelector', pairs(a.nodeSelector), pairs(b.nodeSelector), at, 'f:nodeSelector');
}

/** Where a kind's pod template's spec sits in fieldsV1. */
const TEMPLATE_SPEC: FieldPath = ['f:spec', 'f:template', 'f:spec'];
const CRONJOB_TEMPLATE_SPEC: FieldPath = ['f:spec', 'f:jobTemplate', 'f:spec', 'f:template', 'f:spec'];
const TEMPLATE_RESTARTED_AT: FieldPath = ['f:spec', 'f:template', ...ANNOTATIONS, f(RESTARTED_AT)];
const CRONJOB_RESTARTED_AT: FieldPath = [
  'f:spec',
  'f:jobTemplate',
  'f:spec',
  'f:template',
  ...ANNOTATIONS,
  f(RESTARTED_AT),
];

/** Kinds with a pod template at spec.template. */
const TEMPLATE_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
]);

/** Where a kind keeps its pod template. */
function templateOf(kind: string, o: KubeObject): Rec | undefined {
  const spec = rec(o.spec);
  if (kind === 'CronJob') return rec(rec(rec(spec.jobTemplate).spec).template);
  if (TEMPLATE_KINDS.has(kind)) return rec(spec.template);
  return undefined;
}

/** The template's restartedAt annotation (kubectl rollout restart). */
export function restartedAtOf(kind: string, o: KubeObject): string | undefined {
  const t = templateOf(kind, o);
  const v = t ? rec(rec(t.metadata).annotations)[RESTARTED_AT] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** A container status's state on one line: Running, a waiting reason (CrashLoopBackOff), a termination reason. */
function stateText(s: Rec): string | undefined {
  const st = rec(s.state);
  if (isRec(st.running)) return 'Running';
  if (isRec(st.waiting)) return String(st.waiting.reason ?? 'Waiting');
  if (isRec(st.terminated)) return String(st.terminated.reason ?? 'Terminated');
  return undefined;
}

function podStatus(d: Diff, a: Rec, b: Rec): void {
  if (a === b) return;
  d.field('phase', a.phase, b.phase, STATUS, 'f:phase');
  conditions(d, a.conditions, b.conditions, FOLDED_POD_CONDITIONS);
  for (const list of ['containerStatuses', 'initContainerStatuses'] as const) {
    if (a[list] === b[list]) continue;
    const sa = new Map(arr(a[list]).map((s) => [String(rec(s).name), rec(s)]));
    const sb = new Map(arr(b[list]).map((s) => [String(rec(s).name), rec(s)]));
    const single = list === 'containerStatuses' && sa.size <= 1 && sb.size <= 1;
    for (const name of new Set([...sa.keys(), ...sb.keys()])) {
      const x = sa.get(name) ?? {};
      const y = sb.get(name) ?? {};
      if (x === y) continue;
      const q = single ? '' : `[${list === 'initContainerStatuses' ? 'init ' : ''}${name}]`;
      // Container statuses are an atomic list in fieldsV1: owned as a whole.
      d.field(`restarts${q}`, x.restartCount, y.restartCount, STATUS, f(list));
      d.field(`state${q}`, stateText(x), stateText(y), STATUS, f(list));
    }
  }
}

/** Replica counts and conditions of workloads. */
function workloadStatus(kind: string, d: Diff, a: Rec, b: Rec): void {
  if (a === b) return;
  if (kind === 'DaemonSet') {
    d.field(
      'desired',
      a.desiredNumberScheduled,
      b.desiredNumberScheduled,
      STATUS,
      'f:desiredNumberScheduled',
    );
    d.field('ready', a.numberReady ?? 0, b.numberReady ?? 0, STATUS, 'f:numberReady');
  } else if (kind === 'Job') {
    d.field('succeeded', a.succeeded ?? 0, b.succeeded ?? 0, STATUS, 'f:succeeded');
    d.field('failed', a.failed ?? 0, b.failed ?? 0, STATUS, 'f:failed');
  } else if (kind !== 'CronJob') {
    d.field('ready', a.readyReplicas ?? 0, b.readyReplicas ?? 0, STATUS, 'f:readyReplicas');
  }
  conditions(d, a.conditions, b.conditions);
}

/**
 * fieldsV1 path of a generic leaf (`spec.rules[0].host`): its fields up to the first list (list
 * elements are keyed by a merge key the rule does not know; the list is close enough).
 */
const fieldPathOf = (leaf: string): FieldPath => leaf.split('[', 1)[0]!.split('.').map(f);

/** Leaves of a JSON value as path → value (arrays by index), for kinds without rules of their own. */
function leaves(v: Json, path: string, out: Map<string, Json>): void {
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, `${path}[${i}]`, out));
  else if (isRec(v))
    for (const [k, x] of Object.entries(v)) {
      if (!NOISY_FIELDS.has(k)) leaves(x, path ? `${path}.${k}` : k, out);
    }
  else out.set(path, v);
}

function generic(d: Diff, a: KubeObject, b: KubeObject): void {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key === 'metadata' || key === 'status' || key === 'apiVersion' || key === 'kind') continue;
    if (a[key] === b[key]) continue;
    const la = new Map<string, Json>();
    const lb = new Map<string, Json>();
    leaves(a[key], key, la);
    leaves(b[key], key, lb);
    for (const p of new Set([...la.keys(), ...lb.keys()]))
      if (la.get(p) !== lb.get(p)) d.field(p, la.get(p), lb.get(p), fieldPathOf(p));
  }
}

/**
 * The field-level difference between two versions of one object, by the rules of its kind; empty
 * when only noise changed. Objects are read-only store objects: equal parts are often the same
 * reference (structural sharing), which the comparisons check first. `paths`, when given, receives
 * where each changed field sits in fieldsV1 (every change, also those the cap folds away).
 */
export function diffObjects(
  kind: string,
  a: KubeObject,
  b: KubeObject,
  paths?: (FieldPath | undefined)[],
): FieldChange[] {
  const d = new Diff(paths);
  const ma = a.metadata;
  const mb = b.metadata;
  d.map('label', ma.labels, mb.labels, LABELS);
  d.map('annotation', ma.annotations, mb.annotations, ANNOTATIONS, NOISY_ANNOTATIONS);
  d.field('revision', ma.annotations?.[REVISION], mb.annotations?.[REVISION], ANNOTATIONS, f(REVISION));
  d.field('deletionTimestamp', ma.deletionTimestamp, mb.deletionTimestamp);
  const sa = rec(a.spec);
  const sb = rec(b.spec);
  const sta = rec(a.status);
  const stb = rec(b.status);
  switch (kind) {
    case 'Pod':
      d.field('node', sa.nodeName, sb.nodeName, SPEC, 'f:nodeName');
      podSpec(d, sa, sb, SPEC);
      podStatus(d, sta, stb);
      break;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
    case 'CronJob': {
      d.field('replicas', sa.replicas, sb.replicas, SPEC, 'f:replicas');
      d.field('selector', selectorText(sa.selector), selectorText(sb.selector), SPEC, 'f:selector');
      d.field('paused', sa.paused, sb.paused, SPEC, 'f:paused');
      d.field('suspend', sa.suspend, sb.suspend, SPEC, 'f:suspend');
      d.field('schedule', sa.schedule, sb.schedule, SPEC, 'f:schedule');
      const ta = templateOf(kind, a)!;
      const tb = templateOf(kind, b)!;
      const at = kind === 'CronJob' ? CRONJOB_TEMPLATE_SPEC : TEMPLATE_SPEC;
      d.field(
        'restartedAt',
        restartedAtOf(kind, a),
        restartedAtOf(kind, b),
        kind === 'CronJob' ? CRONJOB_RESTARTED_AT : TEMPLATE_RESTARTED_AT,
      );
      podSpec(d, rec(ta.spec), rec(tb.spec), at);
      workloadStatus(kind, d, sta, stb);
      break;
    }
    case 'Node':
      d.field('unschedulable', sa.unschedulable ?? false, sb.unschedulable ?? false, SPEC, 'f:unschedulable');
      d.field('taints', taintsText(sa.taints), taintsText(sb.taints), SPEC, 'f:taints');
      d.field(
        'kubelet',
        rec(sta.nodeInfo).kubeletVersion,
        rec(stb.nodeInfo).kubeletVersion,
        STATUS,
        'f:nodeInfo',
      );
      conditions(d, sta.conditions, stb.conditions);
      break;
    case 'Service':
      d.field('type', sa.type, sb.type, SPEC, 'f:type');
      d.field('ports', portsText(sa.ports), portsText(sb.ports), SPEC, 'f:ports');
      d.field('selector', pairs(sa.selector), pairs(sb.selector), SPEC, 'f:selector');
      d.field('externalName', sa.externalName, sb.externalName, SPEC, 'f:externalName');
      d.field('loadBalancer', lbText(sta.loadBalancer), lbText(stb.loadBalancer), STATUS, 'f:loadBalancer');
      break;
    case 'HorizontalPodAutoscaler':
      d.field('minReplicas', sa.minReplicas, sb.minReplicas, SPEC, 'f:minReplicas');
      d.field('maxReplicas', sa.maxReplicas, sb.maxReplicas, SPEC, 'f:maxReplicas');
      d.field('desiredReplicas', sta.desiredReplicas, stb.desiredReplicas, STATUS, 'f:desiredReplicas');
      conditions(d, sta.conditions, stb.conditions);
      break;
    case 'PersistentVolumeClaim':
      d.field('phase', sta.phase, stb.phase, STATUS, 'f:phase');
      d.field('volume', sa.volumeName, sb.volumeName, SPEC, 'f:volumeName');
      d.field(
        'storage request',
        rec(rec(sa.resources).requests).storage,
        rec(rec(sb.resources).requests).storage,
        ['f:spec', 'f:resources', 'f:requests'],
        'f:storage',
      );
      d.field('capacity', rec(sta.capacity).storage, rec(stb.capacity).storage, STATUS, 'f:capacity');
      break;
    case 'PersistentVolume':
      d.field('phase', sta.phase, stb.phase, STATUS, 'f:phase');
      d.field('claim', claimText(sa.claimRef), claimText(sb.claimRef), SPEC, 'f:claimRef');
      generic(d, withoutClaim(a), withoutClaim(b));
      break;
    case 'Namespace':
      d.field('phase', sta.phase, stb.phase, STATUS, 'f:phase');
      break;
    case 'PodDisruptionBudget':
      generic(d, a, b);
      d.field(
        'disruptionsAllowed',
        sta.disruptionsAllowed,
        stb.disruptionsAllowed,
        STATUS,
        'f:disruptionsAllowed',
      );
      break;
    case 'ConfigMap':
    case 'Secret':
      // Metadata only in the cache: the journal adds what managedFields tell about the data.
      d.field('type', a.type, b.type, [], 'f:type');
      d.field('immutable', a.immutable, b.immutable, [], 'f:immutable');
      break;
    default:
      generic(d, a, b);
  }
  return cap(d.out);
}

const taintsText = (v: Json): string | undefined =>
  arr(v)
    .map(rec)
    .map((t) => `${String(t.key)}${t.value ? `=${String(t.value)}` : ''}:${String(t.effect)}`)
    .join(',') || undefined;

const lbText = (v: Json): string | undefined =>
  arr(rec(v).ingress)
    .map(rec)
    .map((i) => String(i.ip ?? i.hostname))
    .join(',') || undefined;

const claimText = (v: Json): string | undefined =>
  isRec(v) ? `${String(v.namespace)}/${String(v.name)}` : undefined;

function withoutClaim(o: KubeObject): KubeObject {
  const { claimRef: _c, ...spec } = rec(o.spec);
  return { ...o, spec };
}

/** At most MAX_CHANGES lines, the last one counting what was left out. */
function cap(changes: FieldChange[]): FieldChange[] {
  if (changes.length <= MAX_CHANGES) return changes;
  const rest = changes.length - (MAX_CHANGES - 1);
  return [...changes.slice(0, MAX_CHANGES - 1), { field: `… ${rest} more field(s)` }];
}

/**
 * What a created object is worth saying: its images and replicas for workloads and pods (the
 * rest of a new object is its definition, which k8s-get-resource shows).
 */
export function describeCreated(kind: string, o: KubeObject): FieldChange[] {
  const d = new Diff();
  const spec = kind === 'Pod' ? rec(o.spec) : rec(templateOf(kind, o)?.spec);
  if (kind === 'Pod' || templateOf(kind, o)) {
    d.field('replicas', undefined, rec(o.spec).replicas);
    const cs = arr(spec.containers).map(rec);
    for (const c of cs) d.field(cs.length > 1 ? `image[${String(c.name)}]` : 'image', undefined, c.image);
  }
  if (kind === 'Service') {
    d.field('type', undefined, rec(o.spec).type);
    d.field('ports', undefined, portsText(rec(o.spec).ports));
  }
  return cap(d.out);
}
