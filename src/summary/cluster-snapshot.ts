import type { KubeObject } from '../k8s/kube-object.js';
import type { SnapshotStore } from './person-stores.js';
import { fromMap, type Pod, selectsSome, type WebhookConfiguration } from '../k8s/objects/index.js';

/** Where the snapshot reads objects: one store per kind (the InformerRegistry's, or test stores). */
export interface StoreSource {
  store(kind: string): SnapshotStore | undefined;
}

/** The one question the snapshot asks the namespace policy. */
export interface Visibility {
  isAllowed(namespace: string): boolean;
  readonly unrestricted: boolean;
}

/** How fresh the cached data is, as the summaries report it. */
export interface Freshness {
  /** synced: every kind listed once; syncing: not yet. */
  readonly phase: 'synced' | 'syncing' | 'stopped';
  /** Newest watch event of any kind (ISO time). */
  readonly lastEventAt?: string;
  /** Kinds that are not synced or degraded (their data may be stale or missing). */
  readonly staleKinds: readonly string[];
}

/** Extra facts that do not come from the stores. */
export interface SnapshotExtras {
  readonly now: number;
  readonly version?: string;
  /** undefined: not read (yet); the webhook detector then stays silent. */
  readonly webhooks?: readonly WebhookConfiguration[];
  readonly freshness?: Freshness;
  /** The namespace policy in numbers (names of hidden namespaces never appear anywhere). */
  readonly policy?: PolicyCounts;
}

/** The namespace policy's shape, counted: what a summary may say about what it cannot show. */
export interface PolicyCounts {
  /** Size of the allow-list, when there is one (other namespaces are not watched at all). */
  readonly allowed?: number;
  /** Size of the deny-list (those namespaces are not watched). */
  readonly denied: number;
}

/** Cached objects are replaced, never changed, on update: what is derived from one object alone can be kept. */
const quietPods = new WeakMap<Pod, boolean>();

/** True for a pod no pod detector can report (see podsOfInterest). */
function isQuietPod(p: Pod): boolean {
  let quiet = quietPods.get(p);
  if (quiet === undefined) quietPods.set(p, (quiet = computeQuiet(p)));
  return quiet;
}

function computeQuiet(p: Pod): boolean {
  if (p.metadata.deletionTimestamp || p.status?.phase !== 'Running') return false;
  if (p.status.initContainerStatuses?.some((c) => (c.restartCount ?? 0) > 0)) return false;
  const ready = p.status.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') return false;
  for (const c of p.status.containerStatuses ?? []) {
    if ((c.restartCount ?? 0) > 0 || !c.state?.running || c.lastState?.terminated) return false;
  }
  return true;
}

/** What the policy hid: counts only, never names. */
export interface HiddenCounts {
  readonly namespaces: number;
  readonly objects: number;
}

/**
 * A read-only view of the cache for one summary: only objects the namespace policy lets out,
 * lists memoised so that every detector can ask for "all pods" without copying the store again.
 */
export class ClusterSnapshot {
  private readonly lists = new Map<string, KubeObject[]>();
  /** Index lookups memoised per snapshot: detectors and sections ask the same questions many times. */
  private readonly lookups = new Map<string, KubeObject[]>();
  private readonly derived = new Map<string, unknown>();
  private hiddenCounts?: HiddenCounts;

  constructor(
    private readonly source: StoreSource,
    private readonly visibility: Visibility,
    readonly extras: SnapshotExtras,
  ) {}

  /** Current time of this snapshot (ms since the epoch); detectors use it instead of Date.now(). */
  get now(): number {
    return this.extras.now;
  }

  /** True when objects of this namespace may be shown. */
  isVisible(namespace: string | undefined): boolean {
    return namespace === undefined || namespace === '' || this.visibility.isAllowed(namespace);
  }

  /** Every visible object of a kind (Namespaces filtered by name). */
  all<T extends KubeObject = KubeObject>(kind: string): T[] {
    let list = this.lists.get(kind);
    if (!list) {
      const store = this.source.store(kind);
      const raw = store ? store.list() : [];
      list = this.visibility.unrestricted
        ? raw
        : raw.filter((o) =>
            kind === 'Namespace'
              ? this.visibility.isAllowed(o.metadata.name)
              : this.isVisible(o.metadata.namespace),
          );
      this.lists.set(kind, list);
    }
    return list as T[];
  }

  /**
   * Visible pods any pod detector could report: all but those Running, Ready, with every
   * container running and never restarted, and not being deleted. In a healthy cluster this is a
   * small fraction, so the pod detectors do not each walk every pod.
   */
  podsOfInterest(): Pod[] {
    return this.lookup('Pod\u0000interest', () =>
      this.all<Pod>('Pod').filter((p) => !isQuietPod(p)),
    ) as Pod[];
  }

  /** Visible objects of a kind in one namespace. */
  inNamespace<T extends KubeObject = KubeObject>(kind: string, namespace: string): T[] {
    if (!this.isVisible(namespace)) return [];
    return this.lookup(
      `${kind}\u0000ns\u0000${namespace}`,
      () => this.source.store(kind)?.byIndex('namespace', namespace) ?? [],
    ) as T[];
  }

  /** A value derived from this snapshot, computed once (e.g. endpoint counts of every Service). */
  memo<T>(key: string, compute: () => T): T {
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = compute();
    this.derived.set(key, value);
    return value;
  }

  private lookup(key: string, compute: () => KubeObject[]): KubeObject[] {
    let hit = this.lookups.get(key);
    if (!hit) this.lookups.set(key, (hit = compute()));
    return hit;
  }

  /** One visible object, by kind, namespace (undefined for cluster-scoped) and name. */
  get<T extends KubeObject = KubeObject>(
    kind: string,
    namespace: string | undefined,
    name: string,
  ): T | undefined {
    if (!this.isVisible(namespace)) return undefined;
    return this.source.store(kind)?.get(namespace ? `${namespace}/${name}` : name) as T | undefined;
  }

  /** True when the kind's store exists (is watched); detectors skip kinds the server cannot see. */
  watches(kind: string): boolean {
    return this.source.store(kind) !== undefined;
  }

  /** Visible objects of a kind in a namespace carrying the label key=value (via the label index). */
  byLabel<T extends KubeObject = KubeObject>(
    kind: string,
    namespace: string,
    key: string,
    value: string,
  ): T[] {
    if (!this.isVisible(namespace)) return [];
    return this.lookup(`${kind}\u0000label\u0000${namespace}\u0000${key}=${value}`, () =>
      (this.source.store(kind)?.byIndex('label', `${key}=${value}`) ?? []).filter(
        (o) => o.metadata.namespace === namespace,
      ),
    ) as T[];
  }

  /** Visible pods whose labels a Service selector selects (via the label index). */
  podsSelectedBy(namespace: string, selector: Readonly<Record<string, string>> | undefined): Pod[] {
    if (!selector || !this.isVisible(namespace)) return [];
    const first = Object.entries(selector)[0];
    if (!first) return [];
    const key = `Pod\u0000selected\u0000${namespace}\u0000${Object.entries(selector).join(',')}`;
    return this.lookup(key, () =>
      this.byLabel<Pod>('Pod', namespace, first[0], first[1]).filter((p) =>
        selectsSome(fromMap(selector), p.metadata.labels),
      ),
    ) as Pod[];
  }

  /** Visible pods scheduled on a node. */
  podsOnNode(node: string): Pod[] {
    return this.lookup(`Pod\u0000node\u0000${node}`, () => {
      const pods = (this.source.store('Pod')?.byIndex('node', node) ?? []) as Pod[];
      return this.visibility.unrestricted ? pods : pods.filter((p) => this.isVisible(p.metadata.namespace));
    }) as Pod[];
  }

  /** Visible namespace names: Namespace objects plus namespaces that hold objects. Sorted. */
  namespaces(): string[] {
    const names = new Set(this.all('Namespace').map((n) => n.metadata.name));
    for (const kind of ['Pod', 'Deployment', 'Service']) {
      for (const ns of this.source.store(kind)?.indexValues('namespace') ?? [])
        if (this.isVisible(ns)) names.add(ns);
    }
    return [...names].sort();
  }

  /** How many namespaces and namespaced objects the policy hides (counted, never named). */
  hidden(kinds: readonly string[]): HiddenCounts {
    if (this.hiddenCounts) return this.hiddenCounts;
    if (this.visibility.unrestricted) return (this.hiddenCounts = { namespaces: 0, objects: 0 });
    const hiddenNs = new Set<string>();
    for (const ns of this.source.store('Namespace')?.list() ?? [])
      if (!this.visibility.isAllowed(ns.metadata.name)) hiddenNs.add(ns.metadata.name);
    let objects = 0;
    for (const kind of kinds) {
      const store = this.source.store(kind);
      if (!store) continue;
      for (const ns of store.indexValues('namespace')) {
        if (this.visibility.isAllowed(ns)) continue;
        hiddenNs.add(ns);
        objects += store.byIndex('namespace', ns).length;
      }
    }
    return (this.hiddenCounts = { namespaces: hiddenNs.size, objects });
  }
}
