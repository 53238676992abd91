import { Logger } from '@nestjs/common';
import { jest } from '@jest/globals';
import type { AppConfig } from '../config/app-config.js';
import { Informer } from '../sync/informer.js';
import type { InformerRegistry } from '../sync/informer-registry.js';
import { WATCHED_KINDS } from '../sync/watched-kinds.js';
import { anObject, aService, aShopPod } from '../../test/factories/graph-objects.js';
import { EDGE_BYTES, GraphService, NODE_BYTES } from './graph.service.js';

const config = {
  ENABLE_KNOWLEDGE_GRAPH: true,
  GRAPH_TTL: 3600,
  GRAPH_MEMORY_LIMIT: 1024,
  GRAPH_MAX_DEPTH: 3,
};

/** Real informers (fed through their ReflectorSink side) in a registry stand-in that has synced. */
function setup(overrides: Partial<typeof config> = {}) {
  const informers = new Map(WATCHED_KINDS.map((k) => [k.ref.kind, new Informer(k)]));
  const registry = {
    informers: () => [...informers.values()],
    informer: (kind: string) => informers.get(kind),
    hasSynced: () => true,
    ready: () => Promise.resolve(),
  } as unknown as InformerRegistry;
  const sut = new GraphService({ ...config, ...overrides } as AppConfig, registry);
  const feed = (obj: ReturnType<typeof anObject>) => informers.get(obj.kind!)!.upsert(obj);
  return { sut, informers, feed };
}

describe(GraphService.name, () => {
  it('builds from what the cache already holds, then follows its handlers', () => {
    const { sut, feed, informers } = setup();
    feed(aShopPod());
    sut.onModuleInit();
    expect(sut.node({ kind: 'Pod', namespace: 'shop', name: 'frontend-7d9c-abcde' })?.missing).toBe(false);
    const changes: string[] = [];
    sut.onChange((c) => changes.push(`${c.op} ${c.node.kind}/${c.node.name}`));
    feed(aService('frontend', 'shop', { app: 'frontend' }));
    expect(sut.impact({ kind: 'ConfigMap', namespace: 'shop', name: 'frontend-config' })).toContainEqual({
      kind: 'Service',
      namespace: 'shop',
      name: 'frontend',
    });
    informers.get('Pod')!.delete(aShopPod());
    sut.flush();
    expect(changes).toEqual(['upsert Service/frontend', 'delete Pod/frontend-7d9c-abcde']);
    expect(sut.danglingEdges()).toEqual([]);
    expect(sut.status()).toMatchObject({
      enabled: true,
      ready: true,
      nodesByKind: { Service: 1 },
      degraded: false,
    });
    sut.onModuleDestroy();
  });

  it('collapses a burst of events into one recompute, applied on the next turn or the next read', async () => {
    const { sut, feed } = setup();
    sut.onModuleInit();
    const changes: string[] = [];
    sut.onChange((c) => changes.push(`${c.op} ${c.node.name}`));
    for (let rv = 1; rv <= 5; rv++) feed(aShopPod(undefined, { rv: String(rv) }));
    expect(changes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(changes).toEqual(['upsert frontend-7d9c-abcde']);
    sut.onModuleDestroy();
  });

  it('is off with ENABLE_KNOWLEDGE_GRAPH=false: no handlers, empty answers, a status that says so', () => {
    const { sut, feed } = setup({ ENABLE_KNOWLEDGE_GRAPH: false });
    sut.onModuleInit();
    feed(aShopPod());
    expect(sut.counts().nodes).toBe(0);
    expect(sut.impact({ kind: 'Pod', namespace: 'shop', name: 'frontend-7d9c-abcde' })).toEqual([]);
    expect(sut.status()).toEqual({ enabled: false, ready: false, note: 'ENABLE_KNOWLEDGE_GRAPH=false' });
  });

  it('evicts nodes the cache stopped confirming once GRAPH_TTL has passed, and heals missed updates', () => {
    const { sut, feed, informers } = setup({ GRAPH_TTL: 60 });
    sut.onModuleInit();
    feed(aShopPod());
    feed(anObject('ConfigMap', 'frontend-config', { namespace: 'shop' }));
    sut.flush();
    // A deletion the handlers never saw (the store is changed behind their back).
    const store = informers.get('ConfigMap')!.store;
    store.delete(anObject('ConfigMap', 'frontend-config', { namespace: 'shop' }));
    const now = Date.now();
    sut.sweep(now + 30_000);
    expect(sut.node({ kind: 'ConfigMap', namespace: 'shop', name: 'frontend-config' })?.missing).toBe(false);
    sut.sweep(now + 61_000);
    expect(sut.node({ kind: 'ConfigMap', namespace: 'shop', name: 'frontend-config' })?.missing).toBe(true);
    expect(sut.status().evictedByTtl).toBe(1);
    // An update the handlers never saw: the sweep recomputes from the newer resourceVersion.
    informers.get('Pod')!.store.upsert(aShopPod(undefined, { rv: '9', spec: { nodeName: 'kwok-node-1' } }));
    sut.sweep(now + 62_000);
    expect(sut.node({ kind: 'Node', name: 'kwok-node-1' })?.missing).toBe(true);
    expect(sut.node({ kind: 'Node', name: 'kwok-node-0' })).toBeUndefined();
    sut.onModuleDestroy();
  });

  it('drops kinds by priority when the estimate exceeds GRAPH_MEMORY_LIMIT, and says so', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { sut, feed } = setup({ GRAPH_MEMORY_LIMIT: 1 });
    sut.onModuleInit();
    // Enough pods to pass 1 MB (each is a node and six edges), events first (they are dropped first).
    for (let i = 0; i < 40; i++) feed(anObject('Event', `e${i}`, { namespace: 'shop' }));
    const pods = Math.ceil((1024 * 1024) / (NODE_BYTES + 6 * EDGE_BYTES));
    for (let i = 0; i < pods; i++) feed(aShopPod(`p${i}`));
    const s = sut.status();
    expect(s.droppedKinds).toContain('Event');
    expect(s.degraded).toBe(true);
    expect(s.note).toMatch(/over GRAPH_MEMORY_LIMIT: Event/);
    expect(s.nodesByKind?.Event).toBeUndefined();
    expect(s.estimatedBytes).toBeLessThanOrEqual(s.memoryLimitBytes!);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    sut.onModuleDestroy();
  });
});
