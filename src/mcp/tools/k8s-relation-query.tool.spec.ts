import type { AppConfig } from '../../config/app-config.js';
import { AppError } from '../../common/errors/app-error.js';
import { GraphService } from '../../graph/graph.service.js';
import type { ResourceCatalogue } from '../../k8s/resource-catalogue.js';
import { NamespacePolicy } from '../../security/namespace-policy.js';
import { Informer } from '../../sync/informer.js';
import type { InformerRegistry } from '../../sync/informer-registry.js';
import { WATCHED_KINDS } from '../../sync/watched-kinds.js';
import { anObject, aService, aShopPod } from '../../../test/factories/graph-objects.js';
import { relationQueryTool as sut } from './k8s-relation-query.tool.js';
import type { ToolContext } from './tool-definition.js';

const config = {
  ENABLE_KNOWLEDGE_GRAPH: true,
  GRAPH_TTL: 0,
  GRAPH_MEMORY_LIMIT: 1024,
  GRAPH_MAX_DEPTH: 3,
  K8S_NAMESPACE: 'shop',
  K8S_ALLOWED_NAMESPACES: [],
  K8S_FORBIDDEN_NAMESPACES: ['kube-system'],
} as unknown as AppConfig;

/** A context over real informers and a real GraphService; the catalogue knows the watched kinds. */
function setup(overrides: Partial<AppConfig> = {}, synced = true) {
  const cfg = { ...config, ...overrides } as AppConfig;
  const informers = new Map(WATCHED_KINDS.map((k) => [k.ref.kind, new Informer(k)]));
  const registry = {
    informers: () => [...informers.values()],
    informer: (kind: string) => informers.get(kind),
    hasSynced: () => synced,
    ready: () => (synced ? Promise.resolve() : new Promise<void>(() => undefined)),
  } as unknown as InformerRegistry;
  const graph = new GraphService(cfg, registry);
  graph.onModuleInit();
  const short: Record<string, string> = { po: 'Pod', cm: 'ConfigMap', svc: 'Service', no: 'Node' };
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
  const ctx = { config: cfg, graph, catalogue, policy: new NamespacePolicy(cfg) } as unknown as ToolContext;
  for (const o of [
    aShopPod('frontend-a'),
    aService('frontend', 'shop', { app: 'frontend' }),
    anObject(
      'Ingress',
      'shop',
      { namespace: 'shop' },
      { spec: { rules: [{ http: { paths: [{ backend: { service: { name: 'checkout' } } }] } }] } },
    ),
    anObject('Node', 'kwok-node-0'),
    anObject('Pod', 'coredns', { namespace: 'kube-system' }, { spec: { nodeName: 'kwok-node-0' } }),
  ]) {
    informers.get(o.kind!)!.upsert(o);
  }
  return { ctx, graph };
}

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('relationQueryTool', () => {
  it('answers the specification example with a tree and structured nodes, edges and dangling references', async () => {
    const { ctx } = setup();
    const out = await sut.handler(
      { query_type: 'dependencies', resource_type: 'pod', resource_name: 'frontend-a', max_depth: 2 },
      ctx,
    );
    expect(out.text).toContain('dependencies of Pod shop/frontend-a');
    expect(out.text).toContain('  -[mounts]-> ConfigMap shop/frontend-config (MISSING)');
    expect(out.text).toContain('  -[runs-on]-> Node kwok-node-0 (Unknown)');
    expect(out.text).toContain('dangling references');
    const s = out.structured as {
      nodes: { kind: string; depth: number }[];
      dangling: unknown[];
      root: { status: string };
    };
    expect(s.root.status).toBe('Running');
    expect(s.nodes.map((n) => n.kind)).toContain('ReplicaSet');
    expect(s.dangling).toContainEqual({
      from: { kind: 'Pod', namespace: 'shop', name: 'frontend-a' },
      to: { kind: 'ConfigMap', namespace: 'shop', name: 'frontend-config' },
      type: 'mounts',
      dangling: true,
    });
  });

  it('shows who refers to the object with reversed arrows, and hides forbidden namespaces (counted)', async () => {
    const { ctx } = setup();
    const svc = await sut.handler(
      { query_type: 'impact', resource_type: 'no', resource_name: 'kwok-node-0' },
      ctx,
    );
    expect(svc.text).toContain('<-[runs-on]- Pod shop/frontend-a (Running)');
    expect(svc.text).toContain('1 object(s) hidden');
    expect(JSON.stringify(svc.structured)).not.toContain('kube-system');
  });

  it('path, with its target arguments', async () => {
    const { ctx } = setup();
    const out = await sut.handler(
      {
        query_type: 'path',
        resource_type: 'svc',
        resource_name: 'frontend',
        target_type: 'cm',
        target_name: 'frontend-config',
      },
      ctx,
    );
    expect(out.structured).toMatchObject({ found: true });
    expect((out.structured as { edges: { type: string }[] }).edges.map((e) => e.type)).toEqual([
      'selects',
      'mounts',
    ]);
    const missing = await errorOf(
      sut.handler({ query_type: 'path', resource_type: 'svc', resource_name: 'frontend' }, ctx),
    );
    expect(missing.describe()).toMatch(/target_type and target_name are required/);
  });

  it('names the argument that carries an unknown kind: resource_type or target_type', async () => {
    const { ctx } = setup();
    const root = await errorOf(
      sut.handler({ query_type: 'impact', resource_type: 'widgetz', resource_name: 'x' }, ctx),
    );
    expect(root.message).toMatch(/^resource_type: 'widgetz' is not a resource kind/);
    const target = await errorOf(
      sut.handler(
        {
          query_type: 'path',
          resource_type: 'pod',
          resource_name: 'frontend-a',
          target_type: 'gizmo',
          target_name: 'y',
        },
        ctx,
      ),
    );
    expect(target.message).toMatch(/^target_type: 'gizmo' is not a resource kind/);
  });

  it('caps max_depth at GRAPH_MAX_DEPTH', async () => {
    const { ctx } = setup({ GRAPH_MAX_DEPTH: 1 } as Partial<AppConfig>);
    const out = await sut.handler(
      { query_type: 'neighbors', resource_type: 'svc', resource_name: 'frontend', max_depth: 5 },
      ctx,
    );
    expect(out.structured).toMatchObject({ max_depth: 1 });
  });

  it('waits briefly for the initial sync, then answers SYNC.NOT_READY', async () => {
    const { ctx } = setup({}, false);
    const started = Date.now();
    const err = await errorOf(
      sut.handler({ query_type: 'impact', resource_type: 'pod', resource_name: 'frontend-a' }, ctx),
    );
    expect(err.code).toBe('SYNC.NOT_READY');
    expect(err.describe()).toMatch(/still syncing — retry in a few seconds/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it('refuses unknown objects with close names, denied namespaces, and a disabled graph', async () => {
    const { ctx } = setup();
    const unknown = await errorOf(
      sut.handler({ query_type: 'impact', resource_type: 'pod', resource_name: 'frontend' }, ctx),
    );
    expect(unknown.code).toBe('K8S.NOT_FOUND');
    expect(unknown.describe()).toContain("'frontend-a'");
    const denied = await errorOf(
      sut.handler(
        { query_type: 'impact', resource_type: 'pod', resource_name: 'coredns', namespace: 'kube-system' },
        ctx,
      ),
    );
    expect(denied.describe()).toBe(
      new NamespacePolicy(ctx.config).namespaceNotFound('kube-system').describe(),
    );
    expect(denied.details.denied).toBe(true);
    const off = setup({ ENABLE_KNOWLEDGE_GRAPH: false } as Partial<AppConfig>);
    const disabled = await errorOf(
      sut.handler({ query_type: 'impact', resource_type: 'pod', resource_name: 'x' }, off.ctx),
    );
    expect(disabled.describe()).toMatch(/relationship graph is disabled.*ENABLE_KNOWLEDGE_GRAPH=false/);
  });
});
