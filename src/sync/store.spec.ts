import { aKubeObject, aPod } from '../../test/factories/kube-objects.js';
import { LAST_APPLIED } from '../common/kube/annotations.js';
import { objectKey, Store } from './store.js';

describe(Store.name, () => {
  let sut: Store;
  beforeEach(() => (sut = new Store()));

  it('keys namespaced objects by namespace/name and cluster objects by name', () => {
    expect(objectKey(aPod('a', { namespace: 'ns' }))).toBe('ns/a');
    expect(objectKey(aKubeObject('Node', 'n1'))).toBe('n1');
  });

  it('replace reports adds, updates (new resourceVersion only) and deletes of objects missing from the list', () => {
    sut.replace([aPod('a'), aPod('b'), aPod('c')]);
    const delta = sut.replace([aPod('a'), aPod('b', { rv: '2' }), aPod('d')]);
    expect(delta.added.map(objectKey)).toEqual(['default/d']);
    expect(
      delta.updated.map((u) => [u.old.metadata.resourceVersion, u.obj.metadata.resourceVersion]),
    ).toEqual([['1', '2']]);
    expect(delta.deleted.map(objectKey)).toEqual(['default/c']);
    expect(sut.keys().sort()).toEqual(['default/a', 'default/b', 'default/d']);
  });

  it('replace with an owner predicate leaves other reflectors’ objects alone', () => {
    sut.replace([aPod('a', { namespace: 'x' }), aPod('b', { namespace: 'y' })]);
    const delta = sut.replace([], (o) => o.metadata.namespace === 'x');
    expect(delta.deleted.map(objectKey)).toEqual(['x/a']);
    expect(sut.keys()).toEqual(['y/b']);
  });

  it('indexes by namespace, label, owner uid and node, and keeps indexes current on update and delete', () => {
    sut.upsert(aPod('a', { namespace: 'x', labels: { app: 'web' }, owner: 'rs-1', node: 'n1' }));
    sut.upsert(aPod('b', { namespace: 'x', labels: { app: 'db' }, node: 'n2' }));
    expect(sut.byIndex('namespace', 'x').map(objectKey).sort()).toEqual(['x/a', 'x/b']);
    expect(sut.byIndex('label', 'app=web').map(objectKey)).toEqual(['x/a']);
    expect(sut.byIndex('owner', 'rs-1').map(objectKey)).toEqual(['x/a']);
    expect(sut.byIndex('node', 'n2').map(objectKey)).toEqual(['x/b']);

    sut.upsert(aPod('a', { namespace: 'x', rv: '2', labels: { app: 'api' }, node: 'n2' }));
    expect(sut.byIndex('label', 'app=web')).toEqual([]);
    expect(sut.indexValues('label')).not.toContain('app=web');
    expect(sut.byIndex('node', 'n2').map(objectKey).sort()).toEqual(['x/a', 'x/b']);

    expect(sut.delete(aPod('b', { namespace: 'x' })).deleted.map(objectKey)).toEqual(['x/b']);
    expect(sut.byIndex('namespace', 'x').map(objectKey)).toEqual(['x/a']);
    expect(sut.delete(aPod('gone')).deleted).toEqual([]);
  });

  it('upsert of an unchanged resourceVersion is a no-op', () => {
    sut.upsert(aPod('a'));
    expect(sut.upsert(aPod('a'))).toEqual({ added: [], updated: [], deleted: [] });
  });

  it('stores objects without managedFields and the last-applied annotation (it may copy Secret data)', () => {
    sut.upsert(
      aKubeObject('Secret', 's', {
        namespace: 'x',
        annotations: { [LAST_APPLIED]: '{"data":{}}', keep: 'me' },
      }),
    );
    const cached = sut.get('x/s')!;
    expect(cached.metadata).not.toHaveProperty('managedFields');
    expect(cached.metadata.annotations).toEqual({ keep: 'me' });
  });

  it('keeps the newest maxObjects, evicting the least recently changed as deletions', () => {
    sut = new Store(2);
    sut.upsert(aKubeObject('Event', 'e1', { namespace: 'x' }));
    sut.upsert(aKubeObject('Event', 'e2', { namespace: 'x' }));
    sut.upsert(aKubeObject('Event', 'e1', { namespace: 'x', rv: '2' }));
    const delta = sut.upsert(aKubeObject('Event', 'e3', { namespace: 'x' }));
    expect(delta.deleted.map(objectKey)).toEqual(['x/e2']);
    expect(sut.keys()).toEqual(['x/e1', 'x/e3']);
  });

  // Regression guard for the memory of 10,000 cached pods (docs/benchmarks.md): siblings and
  // successive versions must share what they have in common.
  it('shares equal parts between pods of one controller and with an object’s previous version', () => {
    const withSpec = (name: string, rv = '1') => ({
      ...aPod(name, { owner: 'rs-1', labels: { app: 'web' }, rv }),
      spec: { containers: [{ name: 'app', image: 'web:1' }], nodeName: `node-${name}` },
      status: { phase: rv === '1' ? 'Pending' : 'Running' },
    });
    sut.upsert(withSpec('a'));
    sut.upsert(withSpec('b'));
    const a = sut.get('default/a')!;
    const b = sut.get('default/b')!;
    const containers = (o: typeof a) => (o.spec as { containers: unknown }).containers;
    expect(containers(b)).toBe(containers(a));
    expect(b.metadata.labels).toBe(a.metadata.labels);
    expect(b.metadata.ownerReferences).toBe(a.metadata.ownerReferences);
    expect((b.spec as { nodeName: string }).nodeName).toBe('node-b');

    const delta = sut.upsert(withSpec('a', '2'));
    const a2 = sut.get('default/a')!;
    expect(delta.updated[0]!.old).toBe(a);
    expect(containers(a2)).toBe(containers(a));
    expect(a2.status).toEqual({ phase: 'Running' });
    expect(a.status).toEqual({ phase: 'Pending' });
  });
});
