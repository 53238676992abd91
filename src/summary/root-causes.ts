import type { KubeObject } from '../k8s/kube-object.js';
import type { ClusterSnapshot } from './cluster-snapshot.js';
import { SEVERITIES, type AffectedObject, type Finding, type Severity } from './detectors/detector.js';
import { ingressServiceNames } from './detectors/ingress-helpers.js';
import { unschedulableFinding } from './detectors/pod-pending.detector.js';
import { endpointCounts } from './detectors/service-endpoints.detector.js';
import { replicaCounts } from './detectors/workload-unavailable.detector.js';
import {
  conditionOf,
  fromMap,
  type Ingress,
  type Pod,
  selectsSome,
  type Service,
  type Workload,
} from '../k8s/objects/index.js';

// Findings that share a cause become one entry: the cause (a container's crash with its
// termination message, the pod no node takes, the selector that matches nothing) with what it
// takes down listed under it, along the relations a person follows (Pod → ReplicaSet → Deployment
// → Service → Ingress). A Deployment "Unavailable" or a Service "NoReadyEndpoints" explained by
// such a cause is no longer a finding of its own: it is part of the cause's entry, which takes the
// worst severity of the two, so a symptom is never ranked before its cause and one crashing
// container no longer fills three lines.

/** Findings that only say that something below them fails; they are explained, not causes. */
const SYMPTOMS: Readonly<Record<string, ReadonlySet<string>>> = {
  Deployment: new Set(['Unavailable', 'UnavailableReplicas', 'ProgressDeadlineExceeded']),
  StatefulSet: new Set(['Unavailable', 'UnavailableReplicas']),
  DaemonSet: new Set(['Unavailable', 'UnavailableReplicas']),
  ReplicaSet: new Set(['Unavailable', 'UnavailableReplicas']),
  Service: new Set(['NoReadyEndpoints', 'EndpointsNotReady']),
  Pod: new Set(['NotReady', 'HighRestarts', 'RecentRestart']),
  PodDisruptionBudget: new Set(['NoDisruptionsAllowed', 'InsufficientPods']),
};

/** Detectors whose findings restate, as events, what a cause's object already shows. */
const ECHOES = new Set(['event-burst']);

const isSymptom = (f: Finding): boolean =>
  ECHOES.has(f.detector) || (SYMPTOMS[f.kind]?.has(f.reason) ?? false);

const key = (kind: string, namespace: string | undefined, name: string) =>
  `${kind}/${namespace ?? ''}/${name}`;
const keyOf = (o: { kind: string; namespace?: string; name: string }) => key(o.kind, o.namespace, o.name);
const rank = (s: Severity) => SEVERITIES.indexOf(s);
const worst = (a: Severity, b: Severity): Severity => (rank(a) <= rank(b) ? a : b);

const controllerOf = (o: {
  metadata: { ownerReferences?: readonly { kind: string; name: string; controller?: boolean }[] };
}) => o.metadata.ownerReferences?.find((r) => r.controller) ?? o.metadata.ownerReferences?.[0];

/** The objects a cause takes down, in order, each once. */
class Affected {
  private readonly list: AffectedObject[] = [];
  private readonly seen = new Set<string>();

  add(o: AffectedObject): void {
    const k = keyOf(o);
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.list.push(o);
  }

  has(k: string): boolean {
    return this.seen.has(k);
  }

  get objects(): readonly AffectedObject[] {
    return this.list;
  }
}

/** Relations of the snapshot, as the grouping follows them. */
class Relations {
  constructor(private readonly snapshot: ClusterSnapshot) {}

  /** The workload a pod belongs to, top-most first found: ReplicaSet then its Deployment. */
  ownerChain(obj: KubeObject): AffectedObject[] {
    const chain: AffectedObject[] = [];
    const ns = obj.metadata.namespace;
    let owner = controllerOf(obj);
    for (let depth = 0; owner && depth < 3; depth++) {
      const obj = this.snapshot.get<Workload>(owner.kind, ns, owner.name);
      chain.push({
        kind: owner.kind,
        namespace: ns,
        name: owner.name,
        state: obj ? this.workloadState(owner.kind, obj) : undefined,
      });
      owner = obj ? controllerOf(obj) : undefined;
    }
    return chain;
  }

  /** The top-most owner (Deployment over ReplicaSet), or the pod itself when it has none. */
  groupOwner(pod: Pod): string {
    const chain = this.ownerChain(pod);
    const top = chain[chain.length - 1];
    return top ? keyOf(top) : key('Pod', pod.metadata.namespace, pod.metadata.name);
  }

  workloadState(kind: string, w: Workload): string | undefined {
    if (kind === 'Job' || kind === 'CronJob') return undefined;
    const { desired, available } = replicaCounts({ ...w, kind });
    return `${available}/${desired} available`;
  }

  /** Services whose selector selects these labels, with their endpoint state. */
  services(namespace: string, labels: Readonly<Record<string, string>> | undefined): AffectedObject[] {
    if (!labels) return [];
    return this.snapshot
      .inNamespace<Service>('Service', namespace)
      .filter((s) => selectsSome(fromMap(s.spec?.selector), labels))
      .map((s) => {
        const { ready, total } = endpointCounts(this.snapshot, s);
        return {
          kind: 'Service',
          namespace,
          name: s.metadata.name,
          state: `${ready}/${total} endpoints ready`,
        };
      });
  }

  /** Ingresses routing to this Service. */
  ingresses(namespace: string, service: string): AffectedObject[] {
    return this.snapshot
      .inNamespace<Ingress>('Ingress', namespace)
      .filter((i) => ingressServiceNames(i).includes(service))
      .map((i) => ({ kind: 'Ingress', namespace, name: i.metadata.name }));
  }

  /** Pods of a workload (a Deployment's through its ReplicaSets). */
  podsOf(kind: string, namespace: string, name: string): Pod[] {
    const w = this.snapshot.get<Workload>(kind, namespace, name);
    if (!w) return [];
    const owned = (
      o: { metadata: { ownerReferences?: readonly { kind: string; name: string }[] } },
      k: string,
      n: string,
    ) => (o.metadata.ownerReferences ?? []).some((r) => r.kind === k && r.name === n);
    if (kind === 'Deployment') {
      const sets = this.snapshot
        .inNamespace<Workload>('ReplicaSet', namespace)
        .filter((rs) => owned(rs, 'Deployment', name))
        .map((rs) => rs.metadata.name);
      return this.snapshot
        .inNamespace<Pod>('Pod', namespace)
        .filter((p) => sets.some((rs) => owned(p, 'ReplicaSet', rs)));
    }
    return this.snapshot
      .inNamespace<Pod>('Pod', namespace)
      .filter((p) => owned(p, kind, name) && selectsSome(w.spec?.selector, p.metadata.labels));
  }

  /** The pods a symptom is about: a workload's pods, or the pods a Service selects. */
  podsBehind(f: Finding): Pod[] {
    const ns = f.namespace;
    if (!ns) return [];
    if (f.kind === 'Service') {
      const svc = this.snapshot.get<Service>('Service', ns, f.name);
      return svc ? this.snapshot.podsSelectedBy(ns, svc.spec?.selector) : [];
    }
    if (SYMPTOMS[f.kind] && f.kind !== 'Pod' && f.kind !== 'PodDisruptionBudget')
      return this.podsOf(f.kind, ns, f.name);
    return [];
  }

  /** What a cause on this object takes down, in the order a person follows it. */
  takesDown(cause: Finding, pods: readonly Pod[]): Affected {
    const out = new Affected();
    const ns = cause.namespace;
    const addServices = (labels: Readonly<Record<string, string>> | undefined) => {
      if (!ns) return;
      for (const s of this.services(ns, labels)) {
        out.add(s);
        for (const i of this.ingresses(ns, s.name)) out.add(i);
      }
    };
    if (cause.kind === 'Pod') {
      for (const p of pods) for (const o of this.ownerChain(p)) out.add(o);
      for (const p of pods) addServices(p.metadata.labels);
    } else if (
      ns &&
      (cause.kind === 'Deployment' ||
        cause.kind === 'ReplicaSet' ||
        cause.kind === 'StatefulSet' ||
        cause.kind === 'DaemonSet')
    ) {
      const w = this.snapshot.get<Workload>(cause.kind, ns, cause.name);
      if (w) {
        for (const o of this.ownerChain(w)) out.add(o);
        addServices(w.spec?.template?.metadata?.labels);
      }
    } else if (ns && cause.kind === 'Service') {
      for (const i of this.ingresses(ns, cause.name)) out.add(i);
    }
    return out;
  }
}

/** Causes first: the order a pod's findings are preferred in, when one pod has several. */
function preferred(a: Finding, b: Finding, order: ReadonlyMap<string, number>): number {
  return (
    rank(a.severity) - rank(b.severity) || (order.get(a.detector) ?? 999) - (order.get(b.detector) ?? 999)
  );
}

/**
 * Groups findings by root cause (see the comment at the top of this file). `detectorOrder` breaks
 * ties between findings of one object. Findings that explain nothing and are explained by nothing
 * come back as they were.
 */
export function groupRootCauses(
  findings: readonly Finding[],
  snapshot: ClusterSnapshot,
  detectorOrder: readonly string[],
): Finding[] {
  const order = new Map(detectorOrder.map((n, i) => [n, i]));
  const rel = new Relations(snapshot);
  const all = [...findings];
  const byObject = new Map<string, Finding[]>();
  for (const f of all) {
    const k = keyOf(f);
    byObject.set(k, [...(byObject.get(k) ?? []), f]);
  }

  // A workload already unavailable because its pods cannot be placed is explained at once: the
  // pod detector waits unschedulableSeconds (for autoscalers), the grouping does not.
  for (const symptom of findings.filter(isSymptom)) {
    for (const pod of rel.podsBehind(symptom)) {
      const k = key('Pod', pod.metadata.namespace, pod.metadata.name);
      if (byObject.get(k)?.some((f) => !isSymptom(f))) continue;
      const scheduled = conditionOf(pod, 'PodScheduled');
      if (
        pod.status?.phase !== 'Pending' ||
        scheduled?.status !== 'False' ||
        scheduled.reason !== 'Unschedulable'
      )
        continue;
      const f = unschedulableFinding(pod, snapshot);
      all.push(f);
      byObject.set(k, [...(byObject.get(k) ?? []), f]);
    }
  }

  // One cause per object: the worst of its non-symptom findings; the rest of them ride along.
  const causes: { finding: Finding; riders: Finding[] }[] = [];
  for (const list of byObject.values()) {
    const own = list.filter((f) => !isSymptom(f)).sort((a, b) => preferred(a, b, order));
    if (own.length === 0) continue;
    causes.push({ finding: own[0]!, riders: own.slice(1) });
  }

  // Pods of one owner failing for one reason are one cause: "payment-1 and 2 more pods".
  interface Group {
    cause: Finding;
    pods: Pod[];
    riders: Finding[];
  }
  const groups = new Map<string, Group>();
  for (const { finding, riders } of causes.sort(
    (a, b) => preferred(a.finding, b.finding, order) || keyOf(a.finding).localeCompare(keyOf(b.finding)),
  )) {
    const pod =
      finding.kind === 'Pod' && finding.namespace
        ? snapshot.get<Pod>('Pod', finding.namespace, finding.name)
        : undefined;
    const groupKey = pod ? `${rel.groupOwner(pod)}|${finding.reason}` : keyOf(finding);
    const g = groups.get(groupKey);
    if (g && pod) {
      g.pods.push(pod);
      g.riders.push(finding, ...riders);
    } else groups.set(groupKey, { cause: finding, pods: pod ? [pod] : [], riders: [...riders] });
  }

  // Each group's reach; a symptom is explained by the first (worst) group that reaches it.
  const ordered = [...groups.values()].sort((a, b) => preferred(a.cause, b.cause, order));
  const reach = new Map<Group, Affected>(ordered.map((g) => [g, rel.takesDown(g.cause, g.pods)]));
  const explained = new Map<Group, Finding[]>(ordered.map((g) => [g, []]));
  const unexplained: Finding[] = [];
  for (const f of all.filter(isSymptom)) {
    const k = keyOf(f);
    const g = ordered.find(
      (c) =>
        reach.get(c)!.has(k) ||
        keyOf(c.cause) === k ||
        c.pods.some((p) => key('Pod', p.metadata.namespace, p.metadata.name) === k),
    );
    if (g) explained.get(g)!.push(f);
    else unexplained.push(f);
  }

  const out: Finding[] = [...unexplained];
  for (const g of ordered) {
    const symptoms = explained.get(g)!;
    const alike = g.pods.slice(1).map((p) => p.metadata.name);
    const severity = [...symptoms, ...g.riders].reduce((s, f) => worst(s, f.severity), g.cause.severity);
    const takesDown = reach.get(g)!.objects;
    if (symptoms.length === 0 && alike.length === 0 && takesDown.length === 0 && g.riders.length === 0) {
      out.push(g.cause);
      continue;
    }
    out.push({
      ...g.cause,
      severity,
      ...(alike.length ? { alike } : {}),
      ...(takesDown.length ? { takesDown } : {}),
      ...(symptoms.length || g.riders.length
        ? {
            explains: [
              ...symptoms,
              ...g.riders.filter(
                (r) => !g.pods.some((p) => p.metadata.name === r.name && r.reason === g.cause.reason),
              ),
            ],
          }
        : {}),
    });
  }
  return out;
}
