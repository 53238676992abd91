import type { KubeObject } from '../k8s/kube-object.js';
import type { PersonView } from '../common/kube/person-view.js';
import type { IndexName, Store } from '../sync/store.js';

/** What a snapshot reads of a store. */
export type SnapshotStore = Pick<Store, 'list' | 'get' | 'byIndex' | 'indexValues'>;

/**
 * A store seen through a person's view: only objects of this kind they may list where they live
 * (a Namespace: one they may list anything in). Every snapshot accessor reads through it, so a
 * summary, its anomalies and the prompts built on them show that person's objects only.
 */
export function personStore(store: Store, kind: string, view: PersonView): SnapshotStore {
  const shows = (o: KubeObject): boolean =>
    kind === 'Namespace'
      ? view.mayRead('Namespace', undefined) || view.seesNamespace(o.metadata.name)
      : view.mayRead(kind, o.metadata.namespace || undefined);
  return {
    list: () => store.list().filter(shows),
    get: (key: string) => {
      const o = store.get(key);
      return o && shows(o) ? o : undefined;
    },
    byIndex: (index: IndexName, value: string) => store.byIndex(index, value).filter(shows),
    indexValues: (index: IndexName) =>
      index === 'namespace'
        ? store.indexValues(index).filter((ns) => view.mayRead(kind, ns))
        : store.indexValues(index),
  };
}
