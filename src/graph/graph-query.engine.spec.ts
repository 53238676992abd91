import type { KubeObject } from '../k8s/kube-object.js';
import { anObject, aService, aShopPod, lookupOf } from '../../test/factories/graph-objects.js';
import { WATCHED_KINDS } from '../sync/watched-kinds.js';
import { GraphQueryEngine } from './graph-query.engine.js';
import { RelationGraph } from './relation-graph.js';

/** shop: Deployment → ReplicaSet → two pods mounting frontend-config, a Service and an Ingress in front. */
function shop() {
  const objects: KubeObject[] = [
    anObject('Deployment', 'frontend', { namespace: 'shop' }),
    anObject('ReplicaSet', 'frontend-7d9c', {
      namespace: 'shop',
      owner: { kind: 'Deployment', name: 'frontend' },
    }),
    aShopPod('frontend-a'),
    aShopPod('frontend-b'),
    anObject('ConfigMap', 'frontend-config', { namespace: 'shop' }),
    aService('frontend', 'shop', { app: 'frontend' }),
    anObject(
      'Ingress',
      'shop',
      { namespace: 'shop' },
      { spec: { rules: [{ http: { paths: [{ backend: { service: { name: 'frontend' } } }] } }] } },
    ),
    anObject('Node', 'kwok-node-0'),
    anObject('Pod', 'secret-pod', { namespace: 'kube-system' }, { spec: { nodeName: 'kwok-node-0' } }),
  ];
  const graph = new RelationGraph(lookupOf(objects), new Set(WATCHED_KINDS.map((k) => k.ref.kind)));
  for (const o of objects) graph.upsert(o, o.kind!);
  return new GraphQueryEngine(graph);
}

const ids = (r: { nodes: { id: string }[] }) => r.nodes.map((n) => n.id);

describe(GraphQueryEngine.name, () => {
  const sut = shop();

  it('impact of a ConfigMap: the pods mounting it, through them their owners and the Services selecting them', () => {
    const r = sut.run('impact', 'ConfigMap/shop/frontend-config', { maxDepth: 3 });
    expect(ids(r)).toEqual(
      expect.arrayContaining([
        'Pod/shop/frontend-a',
        'Pod/shop/frontend-b',
        'ReplicaSet/shop/frontend-7d9c',
        'Service/shop/frontend',
        'Deployment/shop/frontend',
        'Ingress/shop/shop',
      ]),
    );
    // A failing pod degrades its ReplicaSet; it does not delete the ReplicaSet's other pods' Node.
    expect(ids(r)).not.toContain('Node/kwok-node-0');
    expect(r.nodes.find((n) => n.id === 'Service/shop/frontend')!.depth).toBe(2);
  });

  it('impact of deleting a Deployment cascades down owns, then to the Services', () => {
    const r = sut.run('impact', 'Deployment/shop/frontend', { maxDepth: 3 });
    expect(ids(r)).toEqual(
      expect.arrayContaining([
        'ReplicaSet/shop/frontend-7d9c',
        'Pod/shop/frontend-a',
        'Service/shop/frontend',
      ]),
    );
    expect(ids(r)).not.toContain('ConfigMap/shop/frontend-config');
  });

  it('caps depth, filters edge types, hides and counts invisible nodes', () => {
    expect(ids(sut.run('impact', 'ConfigMap/shop/frontend-config', { maxDepth: 1 })).length).toBe(3);
    const onlyMounts = sut.run('dependents', 'ConfigMap/shop/frontend-config', {
      maxDepth: 3,
      edgeTypes: ['mounts'],
    });
    expect(ids(onlyMounts).sort()).toEqual([
      'ConfigMap/shop/frontend-config',
      'Pod/shop/frontend-a',
      'Pod/shop/frontend-b',
    ]);
    const r = sut.run('impact', 'Node/kwok-node-0', {
      maxDepth: 1,
      visible: (ref) => ref.namespace !== 'kube-system',
    });
    expect(r.hidden).toBe(1);
    expect(ids(r)).not.toContain('Pod/kube-system/secret-pod');
  });

  it('dependencies of a pod: config, account, node, owner chain, with dangling references marked', () => {
    const r = sut.run('dependencies', 'Pod/shop/frontend-a', { maxDepth: 2 });
    expect(ids(r)).toEqual(
      expect.arrayContaining([
        'ConfigMap/shop/frontend-config',
        'Node/kwok-node-0',
        'ReplicaSet/shop/frontend-7d9c',
        'Deployment/shop/frontend',
      ]),
    );
    expect(r.edges.find((e) => e.to === 'ServiceAccount/shop/frontend')?.dangling).toBe(true);
  });

  it('path: a shortest chain between two objects, in either direction', () => {
    const r = sut.run('path', 'Ingress/shop/shop', { maxDepth: 4, target: 'ConfigMap/shop/frontend-config' });
    expect(r.found).toBe(true);
    expect(ids(r)).toEqual([
      'Ingress/shop/shop',
      'Service/shop/frontend',
      'Pod/shop/frontend-a',
      'ConfigMap/shop/frontend-config',
    ]);
    expect(r.edges.map((e) => e.type)).toEqual(['routes', 'selects', 'mounts']);
    expect(
      sut.run('path', 'Ingress/shop/shop', { maxDepth: 1, target: 'ConfigMap/shop/frontend-config' }).found,
    ).toBe(false);
  });

  it('neighbors, and truncation at maxNodes', () => {
    expect(ids(sut.run('neighbors', 'Service/shop/frontend', { maxDepth: 1 })).sort()).toEqual(
      ['Ingress/shop/shop', 'Pod/shop/frontend-a', 'Pod/shop/frontend-b', 'Service/shop/frontend'].sort(),
    );
    const r = sut.run('neighbors', 'Service/shop/frontend', { maxDepth: 3, maxNodes: 2 });
    expect(r.truncated).toBe(true);
    expect(r.nodes).toHaveLength(2);
  });
});
