// One vocabulary (docs/architecture.md, STYLE.md rule 16): the same recorded pods go through
// k8s-get-pods, k8s-describe-pod, the relation query's node status and the summary, and every one
// of them says the same STATUS and the same restart count — kubectl's (k8s/objects/pod.ts).
// Before, the four disagreed: the detectors counted init-container restarts and the tools did not,
// the graph showed the first waiting reason of any container, the summary the phase.
import type { AccessReview } from '../../src/sync/access-review.service.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { GraphService } from '../../src/graph/graph.service.js';
import type { K8sService } from '../../src/k8s/k8s.service.js';
import type { KubeApi } from '../../src/k8s/kube-api.service.js';
import type { KubeObject } from '../../src/k8s/kube-object.js';
import type { ResourceCatalogue } from '../../src/k8s/resource-catalogue.js';
import { clusterSummaryTool } from '../../src/mcp/tools/k8s-cluster-summary.tool.js';
import { describePodTool } from '../../src/mcp/tools/k8s-describe-pod.tool.js';
import { getPodsTool } from '../../src/mcp/tools/k8s-get-pods.tool.js';
import { relationQueryTool } from '../../src/mcp/tools/k8s-relation-query.tool.js';
import type { ToolContext, ToolDefinition, ToolOutput } from '../../src/mcp/tools/tool-definition.js';
import { NamespacePolicy } from '../../src/security/namespace-policy.js';
import { SummaryService } from '../../src/summary/summary.service.js';
import type { WebhookSource } from '../../src/summary/webhook-source.js';
import { CachedReads } from '../../src/sync/cached-reads.service.js';
import { Informer } from '../../src/sync/informer.js';
import type { ListWatchSource } from '../../src/sync/list-watch.js';
import { Reflector } from '../../src/sync/reflector.js';
import type { InformerRegistry } from '../../src/sync/informer-registry.js';
import { WATCHED_KINDS } from '../../src/sync/watched-kinds.js';

const config = {
  ENABLE_KNOWLEDGE_GRAPH: true,
  GRAPH_TTL: 0,
  GRAPH_MEMORY_LIMIT: 1024,
  GRAPH_MAX_DEPTH: 3,
  K8S_NAMESPACE: 'shop',
  K8S_ALLOWED_NAMESPACES: [],
  K8S_FORBIDDEN_NAMESPACES: [],
  MAX_SUMMARY_SIZE_KB: 64,
} as unknown as AppConfig;

const status = (name: string, extra: Record<string, unknown>) => ({
  name,
  image: 'img',
  imageID: '',
  ready: false,
  restartCount: 0,
  ...extra,
});

const pod = (
  name: string,
  spec: Record<string, unknown>,
  podStatus: Record<string, unknown>,
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', uid: `uid-${name}`, creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { nodeName: 'node-1', ...spec },
  status: podStatus,
});

/** Recorded pods where the old derivations disagreed. */
const PODS = [
  // A crash-looping app next to a sidecar that restarted too: kubectl counts both (3 + 2).
  pod(
    'with-sidecar',
    { containers: [{ name: 'app' }], initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] },
    {
      phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }],
      initContainerStatuses: [
        status('proxy', { ready: true, started: true, restartCount: 2, state: { running: {} } }),
      ],
      containerStatuses: [
        status('app', { restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }),
      ],
    },
  ),
  // An init container failing: Init:CrashLoopBackOff, its restarts are the pod's.
  pod(
    'init-failing',
    { containers: [{ name: 'app' }], initContainers: [{ name: 'migrate' }] },
    {
      phase: 'Pending',
      initContainerStatuses: [
        status('migrate', { restartCount: 6, state: { waiting: { reason: 'CrashLoopBackOff' } } }),
      ],
      containerStatuses: [status('app', { state: { waiting: { reason: 'PodInitializing' } } })],
    },
  ),
  // An app container that exited without a reason: ExitCode:1 (the summary said the phase).
  pod(
    'exited',
    { containers: [{ name: 'app' }] },
    {
      phase: 'Running',
      containerStatuses: [status('app', { restartCount: 1, state: { terminated: { exitCode: 1 } } })],
    },
  ),
];

const EXPECTED = {
  'with-sidecar': { status: 'CrashLoopBackOff', restarts: 5 },
  'init-failing': { status: 'Init:CrashLoopBackOff', restarts: 6 },
  exited: { status: 'ExitCode:1', restarts: 1 },
} as const;

/** Lists these objects once, then keeps a watch open that sends nothing (recorded, not faked: no API). */
class RecordedSource implements ListWatchSource {
  constructor(private readonly items: KubeObject[]) {}
  async list() {
    return { items: this.items, resourceVersion: '42' };
  }
  async watch(_rv: string, _t: number, _on: unknown, done: (err: unknown) => void) {
    return { abort: () => done(new DOMException('aborted', 'AbortError')) };
  }
}

const NODE: KubeObject = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1' },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
};

const reflectors: Reflector[] = [];

async function setup(): Promise<ToolContext> {
  const recorded: Record<string, KubeObject[]> = { Pod: PODS, Node: [NODE] };
  const informers = new Map(WATCHED_KINDS.map((k) => [k.ref.kind, new Informer(k)]));
  for (const [kind, informer] of informers) {
    const reflector = new Reflector(new RecordedSource(recorded[kind] ?? []), informer, {
      name: kind,
      watchTimeoutSeconds: 60,
      resyncSeconds: 0,
      maxRetryCount: 3,
    });
    reflectors.push(reflector);
    informer.addReflector(reflector);
    informer.start();
    await informer.ready();
  }
  const registry = {
    informers: () => [...informers.values()],
    informer: (kind: string) => informers.get(kind),
    hasSynced: () => true,
    ready: () => Promise.resolve(),
    status: () => ({ phase: 'synced', healthScore: 100, kinds: [] }),
  } as unknown as InformerRegistry;
  const policy = new NamespacePolicy(config);
  const graph = new GraphService(config, registry);
  graph.onModuleInit();
  const k8s = {
    status: () => ({ version: 'v1.34.0' }),
    probe: () => Promise.resolve(),
  } as unknown as K8sService;
  const webhooks = { current: () => [], refreshIfStale: () => Promise.resolve() } as unknown as WebhookSource;
  const summary = new SummaryService(config, registry, k8s, policy, webhooks);
  const kube = {
    list: () => Promise.reject(new Error('the cache answers every read here')),
    get: () => Promise.reject(new Error('the cache answers every read here')),
  } as unknown as KubeApi;
  const reads = new CachedReads(registry, kube, policy, {} as AccessReview);
  const catalogue = {
    resolve: async (name: string) => ({
      ...WATCHED_KINDS.find((k) => k.ref.kind === name)!.ref,
      verbs: ['get'],
    }),
  } as unknown as ResourceCatalogue;
  return { config, graph, reads, policy, summary, catalogue, kube } as unknown as ToolContext;
}

/** Calls a handler as the invoker does: the scope resolved from the arguments first. */
async function call(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  ctx: ToolContext,
): Promise<ToolOutput> {
  const scope = await tool.scope(args as never, ctx);
  return tool.handler(args as never, { ...ctx, scope });
}

describe('one vocabulary: a pod says one status and one restart count everywhere', () => {
  let ctx: ToolContext;
  beforeAll(async () => {
    ctx = await setup();
  });
  afterAll(() => {
    for (const r of reflectors.splice(0)) r.stop();
  });

  it('k8s-get-pods', async () => {
    const out = await call(getPodsTool as ToolDefinition, { namespace: 'shop' }, ctx);
    const rows = (out.structured as { items: { name: string; status: string; restarts: number }[] }).items;
    for (const [name, want] of Object.entries(EXPECTED)) {
      const row = rows.find((r) => r.name === name);
      expect({ name, status: row?.status, restarts: Number(row?.restarts) }).toEqual({ name, ...want });
    }
  });

  it('k8s-describe-pod', async () => {
    for (const [name, want] of Object.entries(EXPECTED)) {
      const out = await call(describePodTool as ToolDefinition, { namespace: 'shop', name }, ctx);
      expect((out.structured as { status: string }).status).toBe(want.status);
      expect(out.text).toMatch(new RegExp(`^Ready: +\\d+/\\d+ containers, ${want.restarts} restarts`, 'm'));
    }
  });

  it("the relation query's node status", async () => {
    for (const [name, want] of Object.entries(EXPECTED)) {
      const out = await call(
        relationQueryTool as ToolDefinition,
        { resource_type: 'Pod', resource_name: name, namespace: 'shop', max_depth: 1 },
        ctx,
      );
      expect(out.text).toContain(`Pod shop/${name} (${want.status})`);
    }
  });

  it('the summary of the namespace', async () => {
    const out = await call(
      clusterSummaryTool as ToolDefinition,
      { summary_type: 'namespace', namespace: 'shop' },
      ctx,
    );
    for (const [name, want] of Object.entries(EXPECTED))
      expect(out.text).toContain(`- ${name}: ${want.status} on node-1, ${want.restarts} restarts`);
  });
});
