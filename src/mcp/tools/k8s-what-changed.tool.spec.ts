import type { AppConfig } from '../../config/app-config.js';
import { AppError } from '../../common/errors/app-error.js';
import { GraphService } from '../../graph/graph.service.js';
import type { KubeObject } from '../../k8s/kube-object.js';
import type { ResourceCatalogue } from '../../k8s/resource-catalogue.js';
import { NamespacePolicy } from '../../security/namespace-policy.js';
import { Informer } from '../../sync/informer.js';
import type { InformerRegistry } from '../../sync/informer-registry.js';
import { WATCHED_KINDS } from '../../sync/watched-kinds.js';
import { ChangeJournalService } from '../../timeline/change-journal.service.js';
import { anObject, aShopPod } from '../../../test/factories/graph-objects.js';
import { whatChangedTool as sut } from './k8s-what-changed.tool.js';
import type { ToolContext } from './tool-definition.js';

const config = {
  ENABLE_KNOWLEDGE_GRAPH: true,
  GRAPH_TTL: 0,
  GRAPH_MEMORY_LIMIT: 1024,
  GRAPH_MAX_DEPTH: 3,
  K8S_NAMESPACE: 'shop',
  K8S_ALLOWED_NAMESPACES: [],
  K8S_FORBIDDEN_NAMESPACES: ['secret-ns'],
  MAX_SUMMARY_SIZE_KB: 10,
  TIMELINE_ENABLED: true,
  TIMELINE_MAX_AGE: 3600,
  TIMELINE_MEMORY_LIMIT: 8,
} as unknown as AppConfig;

/** Real informers, graph and journal; the catalogue knows the watched kinds and a few short names. */
function setup() {
  const informers = new Map(WATCHED_KINDS.map((k) => [k.ref.kind, new Informer(k)]));
  const registry = {
    informers: () => [...informers.values()],
    informer: (kind: string) => informers.get(kind),
    hasSynced: () => true,
    ready: () => Promise.resolve(),
  } as unknown as InformerRegistry;
  const graph = new GraphService(config, registry);
  graph.onModuleInit();
  const changes = new ChangeJournalService(config, registry);
  changes.onModuleInit();
  const short: Record<string, string> = { deploy: 'Deployment', cm: 'ConfigMap', svc: 'Service', no: 'Node' };
  const catalogue = {
    resolve: async (name: string) => {
      const kind = WATCHED_KINDS.find(
        (k) =>
          [k.ref.kind.toLowerCase(), k.ref.plural].includes(name.toLowerCase()) || short[name] === k.ref.kind,
      );
      if (!kind)
        throw new AppError('INPUT.INVALID', `kind: '${name}' is not a resource kind this cluster serves`);
      return { ...kind.ref, verbs: ['get', 'list'] };
    },
  } as unknown as ResourceCatalogue;
  const ctx = {
    config,
    graph,
    catalogue,
    changes,
    policy: new NamespacePolicy(config),
  } as unknown as ToolContext;
  const put = (o: KubeObject) => informers.get(o.kind!)!.upsert(o);
  const del = (o: KubeObject) => informers.get(o.kind!)!.delete(o);
  return { ctx, put, del };
}

const deployment = (image: string, replicas: number, rv: string) =>
  anObject(
    'Deployment',
    'frontend',
    { namespace: 'shop', uid: 'uid-frontend', rv },
    {
      spec: {
        replicas,
        selector: { matchLabels: { app: 'frontend' } },
        template: { spec: { containers: [{ name: 'web', image }] } },
      },
    },
  );

describe('whatChangedTool', () => {
  it('answers newest first, grouped by object, one line per change', async () => {
    const { ctx, put } = setup();
    put(deployment('web:1.4', 3, '1'));
    put(deployment('web:1.5', 3, '2'));
    put(deployment('web:1.5', 0, '3'));
    put(anObject('Service', 'frontend', { namespace: 'shop' }, { spec: { type: 'ClusterIP' } }));
    const out = await sut.handler({}, ctx);
    const lines = out.text.split('\n');
    expect(lines[0]).toMatch(/^changes since .*: 4 change\(s\) to 2 object\(s\)$/);
    expect(lines[1]).toMatch(/^note: complete only since .*, when this server began recording$/);
    expect(lines[2]).toBe('Service shop/frontend');
    expect(lines[4]).toBe('Deployment shop/frontend');
    expect(lines[5]).toMatch(/^ {2}\d\d:\d\d:\d\d updated: replicas 3 → 0$/);
    expect(lines[6]).toMatch(/updated: image web:1.4 → web:1.5$/);
    expect(lines[7]).toMatch(/created: replicas ∅ → 3; image ∅ → web:1.4$/);
    expect(out.structured?.changes).toHaveLength(4);
  });

  it('gives what changed around a Deployment: its pods, their ConfigMap and Node, and nothing else', async () => {
    const { ctx, put } = setup();
    put(deployment('web:1.4', 3, '1'));
    put(
      anObject('ReplicaSet', 'frontend-7d9c', {
        namespace: 'shop',
        owner: { kind: 'Deployment', name: 'frontend' },
      }),
    );
    put(anObject('ConfigMap', 'frontend-config', { namespace: 'shop' }));
    put(anObject('ConfigMap', 'unrelated', { namespace: 'shop' }));
    put(anObject('Node', 'kwok-node-0'));
    put(anObject('Node', 'kwok-node-1'));
    put(aShopPod('frontend-7d9c-a'));
    // Changes after the objects exist.
    put(anObject('ConfigMap', 'frontend-config', { namespace: 'shop', rv: '2', labels: { v: '2' } }));
    put(anObject('ConfigMap', 'unrelated', { namespace: 'shop', rv: '2', labels: { v: '2' } }));
    put(anObject('Node', 'kwok-node-0', { rv: '2', labels: { zone: 'b' } }));
    put(anObject('Node', 'kwok-node-1', { rv: '2', labels: { zone: 'b' } }));
    const out = await sut.handler({ relatedTo: { kind: 'deploy', name: 'frontend' } }, ctx);
    const objects = (out.structured!.changes as { kind: string; name: string }[]).map(
      (c) => `${c.kind}/${c.name}`,
    );
    expect(new Set(objects)).toEqual(
      new Set([
        'Node/kwok-node-0',
        'ConfigMap/frontend-config',
        'Pod/frontend-7d9c-a',
        'ReplicaSet/frontend-7d9c',
        'Deployment/frontend',
      ]),
    );
    expect(out.text).toMatch(/^changes around Deployment shop\/frontend since/);
  });

  it('relates changes of pods gone since through their owner', async () => {
    const { ctx, put, del } = setup();
    put(deployment('web:1.4', 3, '1'));
    put(
      anObject('ReplicaSet', 'frontend-7d9c', {
        namespace: 'shop',
        owner: { kind: 'Deployment', name: 'frontend' },
      }),
    );
    const pod = aShopPod('frontend-7d9c-gone');
    put(pod);
    del(pod);
    const out = await sut.handler({ relatedTo: { kind: 'Deployment', name: 'frontend' }, kind: 'Pod' }, ctx);
    expect((out.structured!.changes as { op: string }[]).map((c) => c.op)).toEqual(['deleted', 'created']);
  });

  it('never shows a forbidden namespace, counting what it hides', async () => {
    const { ctx, put } = setup();
    put(anObject('ConfigMap', 'hush', { namespace: 'secret-ns' }));
    put(anObject('Namespace', 'secret-ns'));
    put(anObject('ConfigMap', 'open', { namespace: 'shop' }));
    const out = await sut.handler({}, ctx);
    expect(out.text).not.toContain('secret-ns');
    expect(out.text).not.toContain('hush');
    expect(out.structured).toMatchObject({ hidden: 2 });
    // A hidden namespace answers as a missing one; only the audit log learns it was the policy.
    await expect(sut.handler({ namespace: 'secret-ns' }, ctx)).rejects.toMatchObject({
      code: 'K8S.NOT_FOUND',
      message: "namespace 'secret-ns' not found",
      details: { denied: true },
    });
    await expect(
      sut.handler({ relatedTo: { kind: 'cm', name: 'hush', namespace: 'secret-ns' } }, ctx),
    ).rejects.toMatchObject({ code: 'K8S.NOT_FOUND', details: { denied: true } });
  });

  it('pages with continue, within limit', async () => {
    const { ctx, put } = setup();
    for (let i = 0; i < 5; i++) put(anObject('ConfigMap', `c${i}`, { namespace: 'shop' }));
    const first = await sut.handler({ limit: 2 }, ctx);
    expect((first.structured!.changes as { name: string }[]).map((c) => c.name)).toEqual(['c4', 'c3']);
    const token = first.structured!.continue as string;
    expect(first.text).toContain(`pass continue "${token}"`);
    const second = await sut.handler({ limit: 2, continue: token }, ctx);
    expect((second.structured!.changes as { name: string }[]).map((c) => c.name)).toEqual(['c2', 'c1']);
  });

  it('refuses bad input by name: since, continue, unrecorded kinds', async () => {
    const { ctx } = setup();
    for (const [args, message] of [
      [{ since: 'yesterday' }, /^since: expected an ISO 8601 time/],
      [{ continue: '../../etc' }, /^continue: not a token/],
      [{ continue: 'c1e99' }, /^continue: not a token/],
      [{ kind: 'events' }, /^kind: changes of events are not recorded/],
      [{ kind: 'widgets' }, /^kind: 'widgets' is not a resource kind/],
    ] as const) {
      await expect(sut.handler(args as never, ctx)).rejects.toMatchObject({
        code: 'INPUT.INVALID',
        message: expect.stringMatching(message),
      });
    }
  });
});
