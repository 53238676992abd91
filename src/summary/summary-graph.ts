import type { ClusterSnapshot } from './cluster-snapshot.js';
import type { Ingress, Pod, Service, Workload } from '../k8s/objects/index.js';

type PodVolume = NonNullable<NonNullable<Pod['spec']>['volumes']>[number];
import { fromMap, selectsSome } from '../k8s/objects/index.js';

/** An object named by kind, namespace and name. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** A relation whose target does not exist (e.g. a pod mounting a missing ConfigMap). */
export interface DanglingRef {
  readonly from: ObjectRef;
  readonly to: ObjectRef;
  /** Relation type, e.g. "mounts", "env-from", "routes-to". */
  readonly type: string;
}

/**
 * What the summary needs from the relationship graph. The GraphModule's GraphService provides it
 * (impact(ref, depth) counted, danglingEdges()); without it a store-based fallback answers.
 */
export interface SummaryGraph {
  /** How many objects a problem with this object affects, itself included (>= 1). */
  impactCount(kind: string, namespace: string | undefined, name: string): number;
  /** References whose target is missing. */
  danglingEdges(): readonly DanglingRef[];
}

/** DI token of an optional SummaryGraph (the lead binds the real graph here after merging). */
export const SUMMARY_GRAPH = Symbol('SUMMARY_GRAPH');

/** ConfigMaps and Secrets a pod references, with how (optional references are left out). */
export function podReferences(pod: Pod): readonly PodReference[] {
  let known = referencesOf.get(pod);
  if (!known) referencesOf.set(pod, (known = computeReferences(pod)));
  return known;
}

/** One ConfigMap or Secret reference of a pod. */
export interface PodReference {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly type: string;
}

/** Cached objects are replaced, never changed, on update: their references can be remembered. */
const referencesOf = new WeakMap<Pod, readonly PodReference[]>();

function computeReferences(pod: Pod): PodReference[] {
  const refs: { kind: 'ConfigMap' | 'Secret'; name: string; type: string }[] = [];
  const volume = (v: PodVolume) => {
    if (v.configMap?.name && !v.configMap.optional)
      refs.push({ kind: 'ConfigMap', name: v.configMap.name, type: 'mounts' });
    if (v.secret?.secretName && !v.secret.optional)
      refs.push({ kind: 'Secret', name: v.secret.secretName, type: 'mounts' });
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap?.name && !s.configMap.optional)
        refs.push({ kind: 'ConfigMap', name: s.configMap.name, type: 'mounts' });
      if (s.secret?.name && !s.secret.optional)
        refs.push({ kind: 'Secret', name: s.secret.name, type: 'mounts' });
    }
  };
  for (const v of pod.spec?.volumes ?? []) volume(v);
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const e of c.envFrom ?? []) {
      if (e.configMapRef?.name && !e.configMapRef.optional)
        refs.push({ kind: 'ConfigMap', name: e.configMapRef.name, type: 'env-from' });
      if (e.secretRef?.name && !e.secretRef.optional)
        refs.push({ kind: 'Secret', name: e.secretRef.name, type: 'env-from' });
    }
    for (const e of c.env ?? []) {
      const cm = e.valueFrom?.configMapKeyRef;
      const s = e.valueFrom?.secretKeyRef;
      if (cm?.name && !cm.optional) refs.push({ kind: 'ConfigMap', name: cm.name, type: 'env' });
      if (s?.name && !s.optional) refs.push({ kind: 'Secret', name: s.name, type: 'env' });
    }
  }
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.kind}/${r.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/**
 * The fallback graph, computed from the snapshot on demand: a pod affects the Services that
 * select it (and the Ingresses routing to them); a workload its pods and their Services; a Service
 * its Ingresses; a node its pods; a claim, ConfigMap or Secret the pods using it.
 */
export class SnapshotSummaryGraph implements SummaryGraph {
  private ingressesByService?: Map<string, number>;
  private readonly impactByLabels = new Map<object, number>();

  constructor(private readonly snapshot: ClusterSnapshot) {}

  impactCount(kind: string, namespace: string | undefined, name: string): number {
    if (kind === 'Pod' && namespace) {
      const pod = this.snapshot.get<Pod>('Pod', namespace, name);
      return 1 + (pod ? this.servicesImpact(namespace, pod.metadata.labels) : 0);
    }
    if (WORKLOADS.has(kind) && namespace) {
      const w = this.snapshot.get<Workload>(kind, namespace, name);
      if (!w) return 1;
      const pods = this.podsOf(w);
      const labels = w.spec?.template?.metadata?.labels;
      return 1 + pods.length + this.servicesImpact(namespace, labels);
    }
    if (kind === 'Service' && namespace) return 1 + (this.ingresses().get(`${namespace}/${name}`) ?? 0);
    if (kind === 'Node') return 1 + this.snapshot.podsOnNode(name).length;
    if ((kind === 'ConfigMap' || kind === 'Secret' || kind === 'PersistentVolumeClaim') && namespace) {
      return (
        1 + this.snapshot.inNamespace<Pod>('Pod', namespace).filter((p) => this.podUses(p, kind, name)).length
      );
    }
    return 1;
  }

  danglingEdges(): DanglingRef[] {
    const out: DanglingRef[] = [];
    for (const pod of this.snapshot.all<Pod>('Pod')) {
      const ns = pod.metadata.namespace;
      if (!ns || pod.metadata.deletionTimestamp) continue;
      for (const ref of podReferences(pod)) {
        if (!this.snapshot.watches(ref.kind)) continue;
        if (!this.snapshot.get(ref.kind, ns, ref.name)) {
          out.push({
            from: { kind: 'Pod', namespace: ns, name: pod.metadata.name },
            to: { kind: ref.kind, namespace: ns, name: ref.name },
            type: ref.type,
          });
        }
      }
    }
    return out;
  }

  private servicesImpact(namespace: string, labels: Readonly<Record<string, string>> | undefined): number {
    // Pods of one workload share their labels: compute once per label set.
    if (!labels) return 0;
    // Keyed by the labels object itself: asked once per finding, the same object each time.
    const known = this.impactByLabels.get(labels);
    if (known !== undefined) return known;
    let n = 0;
    for (const svc of this.snapshot.inNamespace<Service>('Service', namespace)) {
      if (selectsSome(fromMap(svc.spec?.selector), labels))
        n += 1 + (this.ingresses().get(`${namespace}/${svc.metadata.name}`) ?? 0);
    }
    this.impactByLabels.set(labels, n);
    return n;
  }

  /** Pods of a workload: those its selector matches in its namespace (via the label index when it can). */
  private podsOf(w: Workload): Pod[] {
    const ns = w.metadata.namespace!;
    const selector = w.spec?.selector;
    const first = Object.entries(selector?.matchLabels ?? {})[0];
    const candidates = first
      ? this.snapshot.byLabel<Pod>('Pod', ns, first[0], first[1])
      : this.snapshot.inNamespace<Pod>('Pod', ns);
    return candidates.filter((p) => selectsSome(selector, p.metadata.labels));
  }

  private podUses(p: Pod, kind: string, name: string): boolean {
    if (kind === 'PersistentVolumeClaim')
      return (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === name);
    return podReferences(p).some((r) => r.kind === kind && r.name === name);
  }

  private ingresses(): Map<string, number> {
    if (this.ingressesByService) return this.ingressesByService;
    const m = new Map<string, number>();
    for (const ing of this.snapshot.all<Ingress>('Ingress')) {
      const ns = ing.metadata.namespace ?? '';
      const names = new Set<string>();
      if (ing.spec?.defaultBackend?.service?.name) names.add(ing.spec.defaultBackend.service.name);
      for (const r of ing.spec?.rules ?? [])
        for (const p of r.http?.paths ?? []) if (p.backend?.service?.name) names.add(p.backend.service.name);
      for (const n of names) m.set(`${ns}/${n}`, (m.get(`${ns}/${n}`) ?? 0) + 1);
    }
    return (this.ingressesByService = m);
  }
}
