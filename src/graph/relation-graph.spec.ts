import type { KubeObject } from '../k8s/kube-object.js';
import { anObject, aService, aShopPod, lookupOf } from '../../test/factories/graph-objects.js';
import { WATCHED_KINDS } from '../sync/watched-kinds.js';
import { nodeId } from './graph.types.js';
import { RelationGraph } from './relation-graph.js';

const KINDS = new Set(WATCHED_KINDS.map((k) => k.ref.kind));

/** A graph over a mutable cache, fed as the informers would: cache first, then the graph. */
function setup() {
  const cache: KubeObject[] = [];
  const sut = new RelationGraph(lookupOf(cache), KINDS);
  const put = (obj: KubeObject, labelsChanged = true) => {
    const i = cache.findIndex(
      (o) =>
        o.kind === obj.kind &&
        o.metadata.namespace === obj.metadata.namespace &&
        o.metadata.name === obj.metadata.name,
    );
    if (i >= 0) cache.splice(i, 1, obj);
    else cache.push(obj);
    sut.upsert(obj, obj.kind!, labelsChanged);
  };
  const del = (obj: KubeObject) => {
    cache.splice(cache.indexOf(cache.find((o) => o.metadata.uid === obj.metadata.uid)!), 1);
    sut.remove({ kind: obj.kind!, namespace: obj.metadata.namespace, name: obj.metadata.name });
  };
  const edges = () =>
    sut.g
      .edges()
      .map((e) => `${e.v} -${e.name}-> ${e.w}`)
      .sort();
  return { sut, put, del, edges };
}

const podId = 'Pod/shop/frontend-7d9c-abcde';

describe(RelationGraph.name, () => {
  it('makes a placeholder for a missing target, reports it dangling, and resolves it when it appears', () => {
    const { sut, put } = setup();
    put(aShopPod());
    expect(sut.node('ConfigMap/shop/frontend-config')?.missing).toBe(true);
    expect(sut.danglingEdges()).toContainEqual({
      from: { kind: 'Pod', namespace: 'shop', name: 'frontend-7d9c-abcde' },
      to: { kind: 'ConfigMap', namespace: 'shop', name: 'frontend-config' },
      type: 'mounts',
    });
    put(anObject('ConfigMap', 'frontend-config', { namespace: 'shop' }));
    expect(sut.node('ConfigMap/shop/frontend-config')?.missing).toBe(false);
    expect(sut.danglingEdges().filter((d) => d.to.name === 'frontend-config')).toEqual([]);
  });

  it('links selectors whichever side arrives first, and moves them when pod labels change', () => {
    const { sut, put, edges } = setup();
    put(aService('frontend', 'shop', { app: 'frontend' }));
    put(aShopPod());
    expect(edges()).toContain(`Service/shop/frontend -selects-> ${podId}`);
    put(aService('api', 'shop', { app: 'api' }));
    put(aShopPod(undefined, { labels: { app: 'api' }, rv: '2' }));
    expect(edges()).not.toContain(`Service/shop/frontend -selects-> ${podId}`);
    expect(edges()).toContain(`Service/shop/api -selects-> ${podId}`);
    expect(sut.counts().edgesByType.selects).toBe(1);
  });

  it('recomputes only the changed object’s edges: a Service selector change drops the old pods', () => {
    const { put, edges } = setup();
    put(aShopPod());
    put(aService('frontend', 'shop', { app: 'frontend' }));
    put(aService('frontend', 'shop', { app: 'nothing' }));
    expect(edges().filter((e) => e.includes('selects'))).toEqual([]);
  });

  it('a deleted object loses its edges; references to it from others dangle; unreferenced placeholders go', () => {
    const { sut, put, del, edges } = setup();
    const slice = anObject(
      'EndpointSlice',
      'frontend-x7',
      { namespace: 'shop' },
      {
        endpoints: [{ targetRef: { kind: 'Pod', namespace: 'shop', name: 'frontend-7d9c-abcde' } }],
      },
    );
    const pod = aShopPod();
    put(pod);
    put(aService('frontend', 'shop', { app: 'frontend' }));
    put(slice);
    del(pod);
    expect(sut.node(podId)?.missing).toBe(true);
    expect(edges()).toEqual([`EndpointSlice/shop/frontend-x7 -serves-> ${podId}`]);
    expect(sut.node('ConfigMap/shop/frontend-config')).toBeUndefined();
    del(slice);
    expect(sut.g.nodeCount()).toBe(1);
    expect(sut.node(podId)).toBeUndefined();
  });

  it('follows NetworkPolicy namespace selectors when a namespace’s labels change', () => {
    const { put, edges } = setup();
    put(
      anObject(
        'NetworkPolicy',
        'np',
        { namespace: 'shop' },
        {
          spec: {
            podSelector: {},
            ingress: [{ from: [{ namespaceSelector: { matchLabels: { tier: 'edge' } } }] }],
          },
        },
      ),
    );
    put(anObject('Namespace', 'ingress', { labels: {} }));
    expect(edges()).toEqual([]);
    put(anObject('Namespace', 'ingress', { labels: { tier: 'edge' }, rv: '2' }));
    expect(edges()).toEqual(['NetworkPolicy/shop/np -selects-> Namespace/ingress']);
  });

  it('drops a kind entirely and stops holding it', () => {
    const { sut, put } = setup();
    put(aShopPod());
    put(anObject('ServiceAccount', 'frontend', { namespace: 'shop' }));
    sut.dropKind('ServiceAccount');
    expect(sut.node('ServiceAccount/shop/frontend')).toBeUndefined();
    expect(sut.g.outEdges(podId)!.map((e) => e.name)).not.toContain('service-account');
    put(aShopPod(undefined, { rv: '3' }));
    expect(sut.g.outEdges(podId)!.map((e) => e.name)).not.toContain('service-account');
    expect(sut.droppedKinds()).toEqual(['ServiceAccount']);
  });

  it('stops holding a kind the sync may not read: no placeholders, no dangling references to it', () => {
    const { sut, put } = setup();
    put(aShopPod());
    sut.markUnavailable('ConfigMap');
    expect(sut.danglingEdges().filter((d) => d.to.kind === 'ConfigMap')).toEqual([]);
    put(aShopPod(undefined, { rv: '2' }));
    expect(sut.node('ConfigMap/shop/frontend-config')).toBeUndefined();
    expect(sut.unavailableKinds()).toEqual(['ConfigMap']);
    expect(sut.droppedKinds()).toEqual([]);
  });

  it('counts nodes by kind and edges by type', () => {
    const { sut, put } = setup();
    put(aShopPod());
    const c = sut.counts();
    expect(c.nodesByKind).toEqual({ Pod: 1 });
    expect(c.missingNodes).toBe(c.nodes - 1);
    expect(c.edgesByType).toMatchObject({ owns: 1, 'runs-on': 1, mounts: 2, uses: 1, 'service-account': 1 });
    expect(nodeId({ kind: 'Node', name: 'n' })).toBe('Node/n');
  });
});
