import type { KubeObject } from '../k8s/kube-object.js';
import { trimObject } from '../k8s/trim-object.js';
import { shareStructure } from './structural-sharing.js';

/** The indexes every store keeps. */
export type IndexName = 'namespace' | 'label' | 'owner' | 'node' | 'involved';

/** Values an object is indexed under, per index. */
const INDEXERS: Readonly<Record<IndexName, (obj: KubeObject) => readonly string[]>> = {
  namespace: (o) => (o.metadata.namespace ? [o.metadata.namespace] : []),
  label: (o) => Object.entries(o.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`),
  owner: (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid),
  // Only pods carry spec.nodeName (metadata-only objects have no spec at all).
  node: (o) => {
    const nodeName = (o.spec as { nodeName?: unknown } | undefined)?.nodeName;
    return typeof nodeName === 'string' && nodeName ? [nodeName] : [];
  },
  // Only events carry involvedObject: k8s-describe-pod finds a pod's events by its uid.
  involved: (o) => {
    const uid = (o.involvedObject as { uid?: unknown } | undefined)?.uid;
    return typeof uid === 'string' && uid ? [uid] : [];
  },
};
const INDEX_NAMES = Object.keys(INDEXERS) as IndexName[];

/** Cache key of an object: "namespace/name", or "name" for cluster-scoped objects (as client-go). */
export function objectKey(obj: Pick<KubeObject, 'metadata'>): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

/** What a change did to the store; the informer turns it into handler calls. */
export interface StoreDelta {
  readonly added: KubeObject[];
  readonly updated: { readonly old: KubeObject; readonly obj: KubeObject }[];
  readonly deleted: KubeObject[];
}

const emptyDelta = (): StoreDelta => ({ added: [], updated: [], deleted: [] });

/**
 * The siblings an object most resembles: pods of one ReplicaSet (jobs of one CronJob…) share their
 * template; objects without a controller are grouped by namespace.
 */
function siblingGroup(obj: KubeObject): string {
  const controller = obj.metadata.ownerReferences?.find((r) => r.controller);
  return controller ? controller.uid : `ns/${obj.metadata.namespace ?? ''}`;
}

/**
 * Objects of one kind keyed by namespace/name, with indexes. Objects are stored trimmed and share
 * their equal parts with their previous version or a sibling (see shareStructure), so they are
 * read-only: nobody may change a stored object or anything inside it.
 */
export class Store {
  private readonly objects = new Map<string, KubeObject>();
  /** The latest stored object of each sibling group (siblingGroup), to share structure with. */
  private readonly exemplars = new Map<string, KubeObject>();
  private readonly indexes = new Map<IndexName, Map<string, Set<string>>>(
    INDEX_NAMES.map((n) => [n, new Map()]),
  );

  /** @param maxObjects keep at most this many, evicting the least recently changed. */
  constructor(private readonly maxObjects = Infinity) {}

  /** Number of cached objects. */
  get size(): number {
    return this.objects.size;
  }

  /** The object under a key (see objectKey). */
  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }

  /** Every cached object. */
  list(): KubeObject[] {
    return [...this.objects.values()];
  }

  /** Every key. */
  keys(): string[] {
    return [...this.objects.keys()];
  }

  /** Objects indexed under `value` (e.g. byIndex('label', 'app=web')). */
  byIndex(index: IndexName, value: string): KubeObject[] {
    const keys = this.indexes.get(index)!.get(value);
    return keys ? [...keys].map((k) => this.objects.get(k)!) : [];
  }

  /** How many objects are indexed under `value` (to pick the narrowest index without copying). */
  countByIndex(index: IndexName, value: string): number {
    return this.indexes.get(index)!.get(value)?.size ?? 0;
  }

  /** Values present in an index (e.g. every namespace with objects). */
  indexValues(index: IndexName): string[] {
    return [...this.indexes.get(index)!.keys()];
  }

  /** Adds or replaces one object; unchanged resourceVersions are no-ops. */
  upsert(raw: KubeObject): StoreDelta {
    const delta = emptyDelta();
    const trimmed = trimObject(raw);
    const key = objectKey(trimmed);
    const old = this.objects.get(key);
    if (
      old &&
      old.metadata.resourceVersion === trimmed.metadata.resourceVersion &&
      old.metadata.uid === trimmed.metadata.uid
    )
      return delta;
    const group = siblingGroup(trimmed);
    const exemplar = old ?? this.exemplars.get(group);
    const obj = exemplar ? shareStructure(trimmed, exemplar) : trimmed;
    this.exemplars.set(group, obj);
    if (old) this.remove(key, old);
    this.insert(key, obj);
    if (old) delta.updated.push({ old, obj });
    else delta.added.push(obj);
    this.evict(delta);
    return delta;
  }

  /** Removes one object (the watch's DELETED event carries its last state). */
  delete(obj: Pick<KubeObject, 'metadata'>): StoreDelta {
    const delta = emptyDelta();
    const key = objectKey(obj);
    const old = this.objects.get(key);
    if (old) {
      this.remove(key, old);
      delta.deleted.push(old);
    }
    return delta;
  }

  /**
   * Replaces the contents (only the objects `owns` accepts when given, as a per-namespace
   * reflector owns only its part) with a fresh list: objects missing from it were deleted while
   * nobody watched and are reported as deletions.
   */
  replace(items: readonly KubeObject[], owns?: (obj: KubeObject) => boolean): StoreDelta {
    const delta = emptyDelta();
    const fresh = new Set<string>();
    for (const item of items) {
      fresh.add(objectKey(item));
      const d = this.upsert(item);
      delta.added.push(...d.added);
      delta.updated.push(...d.updated);
      delta.deleted.push(...d.deleted);
    }
    for (const [key, obj] of [...this.objects]) {
      if (!fresh.has(key) && (!owns || owns(obj))) delta.deleted.push(...this.delete(obj).deleted);
    }
    return delta;
  }

  private insert(key: string, obj: KubeObject): void {
    this.objects.set(key, obj);
    for (const name of INDEX_NAMES) {
      const index = this.indexes.get(name)!;
      for (const value of INDEXERS[name](obj)) {
        let keys = index.get(value);
        if (!keys) index.set(value, (keys = new Set()));
        keys.add(key);
      }
    }
  }

  private remove(key: string, obj: KubeObject): void {
    this.objects.delete(key);
    const group = siblingGroup(obj);
    if (this.exemplars.get(group) === obj) this.exemplars.delete(group);
    for (const name of INDEX_NAMES) {
      const index = this.indexes.get(name)!;
      for (const value of INDEXERS[name](obj)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }

  /** Map order is insertion order and upserts re-insert, so the first key is the least recently changed. */
  private evict(delta: StoreDelta): void {
    while (this.objects.size > this.maxObjects) {
      const [key, obj] = this.objects.entries().next().value!;
      this.remove(key, obj);
      delta.deleted.push(obj);
    }
  }
}
