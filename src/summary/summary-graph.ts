import { EDGE_RULES } from '../graph/edges/index.js';
import type { ObjectLookup } from '../graph/edges/edge-rule.js';
import type { NodeRef } from '../graph/graph.types.js';
import {
  fromMap,
  type Ingress,
  ingressBackends,
  type Pod,
  podReferences,
  selectsSome,
  type Service,
  type Workload,
} from '../k8s/objects/index.js';
import { WATCHED_KINDS } from '../sync/watched-kinds.js';
import type { ClusterSnapshot } from './cluster-snapshot.js';

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
  /** The graph's edge type, e.g. "mounts", "uses", "routes". */
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

  /**
   * The graph's dangling references without the graph: its edge rules (graph/edges), run over the
   * snapshot, and the edges whose other end is not there. Selector rules are left out: they only
   * ever link objects that exist. So a finding is the same with ENABLE_KNOWLEDGE_GRAPH on or off.
   */
  danglingEdges(): DanglingRef[] {
    const snapshot = this.snapshot;
    const lookup: ObjectLookup = {
      list: (kind, namespace) => (namespace ? snapshot.inNamespace(kind, namespace) : snapshot.all(kind)),
      withLabel: (kind, key, value) => snapshot.all(kind).filter((o) => o.metadata.labels?.[key] === value),
      get: (kind, namespace, name) => snapshot.get(kind, namespace, name),
    };
    const exists = (ref: NodeRef) =>
      !snapshot.watches(ref.kind) || snapshot.get(ref.kind, ref.namespace, ref.name) !== undefined;
    const out = new Map<string, DanglingRef>();
    for (const rule of EDGE_RULES) {
      if (rule.reverse) continue;
      const kinds = rule.sources.includes('*') ? WATCHED_KINDS.map((k) => k.ref.kind) : rule.sources;
      for (const kind of kinds) {
        for (const obj of snapshot.all(kind)) {
          for (const e of rule.derive(obj, kind, lookup)) {
            if (e.optional || (exists(e.to) && exists(e.from))) continue;
            const key = `${e.type}|${e.from.kind}/${e.from.namespace ?? ''}/${e.from.name}|${e.to.kind}/${e.to.namespace ?? ''}/${e.to.name}`;
            out.set(key, { from: e.from, to: e.to, type: e.type });
          }
        }
      }
    }
    return [...out.values()];
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
    return podReferences(p).some((r) => r.kind === kind && r.name === name);
  }

  private ingresses(): Map<string, number> {
    if (this.ingressesByService) return this.ingressesByService;
    const m = new Map<string, number>();
    for (const ing of this.snapshot.all<Ingress>('Ingress')) {
      const ns = ing.metadata.namespace ?? '';
      const names = new Set(ingressBackends(ing).map((b) => b.service));
      for (const n of names) m.set(`${ns}/${n}`, (m.get(`${ns}/${n}`) ?? 0) + 1);
    }
    return (this.ingressesByService = m);
  }
}
