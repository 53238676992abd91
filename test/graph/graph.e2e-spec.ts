// The relationship graph against the real control plane: the demo samples (applied under a unique
// name prefix, as test/demo/samples.e2e-spec.ts does) give every relation type; a namespace of
// this suite's own gives the live changes (scaling, deletion, relabelling, a missing ConfigMap
// appearing). Edges are read through GraphService and through k8s-relation-query over MCP.
import { randomBytes } from 'node:crypto';
import { NetworkingV1Api } from '@kubernetes/client-node';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { applySamples, deleteSamples, type SampleNames } from '../../scripts/lib/samples.mjs';
import {
  adminClients,
  applyManifest,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';
import { deploymentManifest } from '../factories/manifests.js';
import { GraphService } from '../../src/graph/graph.service.js';
import type { NodeRef } from '../../src/graph/graph.types.js';
import { MetricsCollector } from '../../src/monitoring/collector/metrics-collector.service.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import type { ClusterModelStatus, SyncHealth } from '../../src/graph/cluster-model.controller.js';

/** Changes must reach the graph this fast (the issue's must-show for scaling). */
const PROPAGATION_MS = 2000;
/** Controllers (ReplicaSets, EndpointSlices, PV binding) take their time on the shared 2-core machine. */
const CONTROLLERS_MS = 110_000;

const prefix = `e2e-${randomBytes(3).toString('hex')}-`;

async function startSynced(env: Record<string, string>): Promise<{ app: RunningApp; graph: GraphService }> {
  const app = await startApp({ KUBECONFIG_PATH: testKubeconfigPath(), ...env });
  const registry = app.app.get(InformerRegistry);
  registry.start();
  await registry.ready();
  return { app, graph: app.app.get(GraphService) };
}

const bareePod = (name: string, labels: Record<string, string>, configMap?: string) => `
apiVersion: v1
kind: Pod
metadata: { name: ${name}, labels: ${JSON.stringify(labels)} }
spec:
  containers:
  - { name: app, image: registry.example/app:1.0 }
${configMap ? `  volumes:\n  - { name: cfg, configMap: { name: ${configMap} } }` : ''}
`;

const service = (name: string, selector: Record<string, string>) => `
apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec: { selector: ${JSON.stringify(selector)}, ports: [{ port: 80 }] }
`;

describe('GraphModule (real cluster)', () => {
  let names: SampleNames;
  let own: string;
  let sut: RunningApp;
  let graph: GraphService;
  let client: Client;
  let S: string;
  let D: string;
  let O: string;

  /** Every edge touching a node, as "from -type-> to" with node ids. */
  const edgesOf = (ref: NodeRef): string[] =>
    graph.node(ref)
      ? graph.query('neighbors', ref, { maxDepth: 1 }).edges.map((e) => `${e.from} -${e.type}-> ${e.to}`)
      : [];
  const expectEdge = (ref: NodeRef, pattern: RegExp, description: string) =>
    expectEventually(() => expect(edgesOf(ref)).toContainEqual(expect.stringMatching(pattern)), {
      timeoutMs: CONTROLLERS_MS,
      intervalMs: 500,
      description,
    });
  const sutCollector = () => sut.app.get(MetricsCollector);
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  beforeAll(async () => {
    const { kc } = adminClients();
    names = (await applySamples(kc, { prefix })).names;
    ({ shop: S, data: D, ops: O } = names.namespaces);
    own = await createTestNamespace('graph');
    await applyManifest(
      [
        deploymentManifest('web', 1),
        service('svc-a', { role: 'a' }),
        service('svc-b', { role: 'b' }),
        bareePod('mover', { role: 'a' }),
        bareePod('orphan', { role: 'none' }, 'not-yet-there'),
      ].join('\n---\n'),
      own,
    );
    ({ app: sut, graph } = await startSynced({ K8S_NAMESPACE: S }));
    client = await connectClient(sut.url);
  }, 180_000);

  afterAll(async () => {
    await client?.close();
    await sut?.close();
    if (own) await deleteNamespace(own);
    await deleteSamples(adminClients().kc, { prefix, wait: false });
  }, 120_000);

  describe('every relation of the sample application', () => {
    it('owns: Deployment → ReplicaSet → Pod, StatefulSet/DaemonSet/Job → Pod, Service → EndpointSlice', async () => {
      await expectEdge(
        { kind: 'Deployment', namespace: S, name: 'frontend' },
        new RegExp(`^Deployment/${S}/frontend -owns-> ReplicaSet/${S}/frontend-`),
        'Deployment owns ReplicaSet',
      );
      await expectEdge(
        { kind: 'StatefulSet', namespace: D, name: 'postgres' },
        new RegExp(`-owns-> Pod/${D}/postgres-0$`),
        'StatefulSet owns its pod',
      );
      await expectEdge(
        { kind: 'DaemonSet', namespace: O, name: 'log-agent' },
        new RegExp(`-owns-> Pod/${O}/log-agent-`),
        'DaemonSet owns pods',
      );
      await expectEdge(
        { kind: 'Job', namespace: O, name: 'schema-migrate' },
        new RegExp(`-owns-> Pod/${O}/schema-migrate-`),
        'Job owns its pod',
      );
      await expectEdge(
        { kind: 'Service', namespace: S, name: 'frontend' },
        new RegExp(`-owns-> EndpointSlice/${S}/frontend-`),
        'Service owns its EndpointSlice',
      );
      const rs = edgesOf({ kind: 'Deployment', namespace: S, name: 'frontend' })
        .find((e) => e.includes('-owns-> ReplicaSet'))!
        .split(' -owns-> ')[1]!;
      const [, rsNs, rsName] = rs.split('/');
      await expectEdge(
        { kind: 'ReplicaSet', namespace: rsNs, name: rsName! },
        new RegExp(`^${esc(rs)} -owns-> Pod/${S}/frontend-`),
        'ReplicaSet owns pods',
      );
    });

    it('owns: CronJob → Job (a Job created with the CronJob as its controller)', async () => {
      const [cron] = await applyManifest(
        `apiVersion: batch/v1
kind: CronJob
metadata: { name: report }
spec:
  schedule: '0 3 * * *'
  suspend: true
  jobTemplate: { spec: { template: { spec: { restartPolicy: Never, containers: [{ name: r, image: registry.example/r:1 }] } } } }`,
        own,
      );
      await applyManifest(
        `apiVersion: batch/v1
kind: Job
metadata:
  name: report-manual
  ownerReferences: [{ apiVersion: batch/v1, kind: CronJob, name: report, uid: ${cron!.metadata!.uid}, controller: true }]
spec: { template: { spec: { restartPolicy: Never, containers: [{ name: r, image: registry.example/r:1 }] } } }`,
        own,
      );
      await expectEdge(
        { kind: 'CronJob', namespace: own, name: 'report' },
        new RegExp(`-owns-> Job/${own}/report-manual$`),
        'CronJob owns Job',
      );
    });

    it('selects: Service, PodDisruptionBudget, NetworkPolicy → pods; NetworkPolicy → namespaces by namespaceSelector', async () => {
      await expectEdge(
        { kind: 'Service', namespace: S, name: 'frontend' },
        new RegExp(`^Service/${S}/frontend -selects-> Pod/${S}/frontend-`),
        'Service selects pods',
      );
      await expectEdge(
        { kind: 'PodDisruptionBudget', namespace: S, name: 'frontend' },
        new RegExp(`-selects-> Pod/${S}/frontend-`),
        'PDB selects pods',
      );
      await expectEdge(
        { kind: 'NetworkPolicy', namespace: S, name: 'cart-from-frontend' },
        new RegExp(`-selects-> Pod/${S}/cart-`),
        'NetworkPolicy selects pods',
      );
      // A policy of this suite's own, in a namespace it owns, selecting the samples' namespace: the
      // namespaceSelector edge is then known to come from exactly this object.
      const net = adminClients().kc.makeApiClient(NetworkingV1Api);
      await net.createNamespacedNetworkPolicy({
        namespace: own,
        body: {
          metadata: { name: 'from-shop' },
          spec: {
            podSelector: {},
            ingress: [
              { _from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': S } } }] },
            ],
          },
        },
      });
      await expectEdge(
        { kind: 'NetworkPolicy', namespace: own, name: 'from-shop' },
        new RegExp(`-selects-> Namespace/${S}$`),
        'NetworkPolicy selects a namespace',
      );
    });

    it('serves, runs-on, mounts, uses, service-account: an EndpointSlice and a frontend pod', async () => {
      await expectEdge(
        { kind: 'Service', namespace: S, name: 'frontend' },
        /EndpointSlice/,
        'EndpointSlice exists',
      );
      const slice = edgesOf({ kind: 'Service', namespace: S, name: 'frontend' })
        .find((e) => e.includes('-owns-> EndpointSlice'))!
        .split(' -owns-> ')[1]!;
      await expectEdge(
        { kind: 'EndpointSlice', namespace: S, name: slice.split('/')[2]! },
        new RegExp(`-serves-> Pod/${S}/frontend-`),
        'EndpointSlice serves pods',
      );
      const pod = edgesOf({ kind: 'Service', namespace: S, name: 'frontend' })
        .find((e) => e.includes('-selects-> Pod'))!
        .split(' -selects-> ')[1]!;
      const ref = { kind: 'Pod', namespace: S, name: pod.split('/')[2]! };
      await expectEdge(ref, /-runs-on-> Node\//, 'pod runs on a node');
      await expectEdge(
        ref,
        new RegExp(`-mounts-> ConfigMap/${S}/frontend-config$`),
        'pod mounts its ConfigMap',
      );
      await expectEdge(
        ref,
        new RegExp(`-uses-> ConfigMap/${S}/frontend-config$`),
        'pod uses it through envFrom',
      );
      await expectEdge(
        ref,
        new RegExp(`-service-account-> ServiceAccount/${S}/frontend$`),
        'pod runs as its ServiceAccount',
      );
      await expectEdge(
        { kind: 'StatefulSet', namespace: D, name: 'postgres' },
        /-owns-> Pod/,
        'postgres pod',
      );
      const pg = { kind: 'Pod', namespace: D, name: 'postgres-0' };
      await expectEdge(
        pg,
        new RegExp(`-uses-> Secret/${D}/postgres-credentials$`),
        'postgres reads its Secret through env',
      );
      await expectEdge(
        pg,
        new RegExp(`-mounts-> PersistentVolumeClaim/${D}/data-postgres-0$`),
        'postgres mounts its claim',
      );
    });

    it('bound and storage-class: PVC → PV → StorageClass, and the StatefulSet template → StorageClass', async () => {
      const pvc = { kind: 'PersistentVolumeClaim', namespace: D, name: 'data-postgres-0' };
      await expectEdge(
        pvc,
        new RegExp(`-bound-> PersistentVolume/${prefix}k8s-mcp-demo-postgres-0$`),
        'PVC bound to its PV',
      );
      await expectEdge(
        pvc,
        new RegExp(`-storage-class-> StorageClass/${names.storageClass}$`),
        'PVC storage class',
      );
      await expectEdge(
        { kind: 'PersistentVolume', name: `${prefix}k8s-mcp-demo-postgres-0` },
        new RegExp(`-storage-class-> StorageClass/${names.storageClass}$`),
        'PV storage class',
      );
      await expectEdge(
        { kind: 'StatefulSet', namespace: D, name: 'postgres' },
        new RegExp(`-storage-class-> StorageClass/${names.storageClass}$`),
        'StatefulSet template storage class',
      );
    });

    it('routes, governs, scales, binds', async () => {
      const ing = { kind: 'Ingress', namespace: S, name: 'shop' };
      await expectEdge(ing, new RegExp(`-routes-> Service/${S}/frontend$`), 'Ingress routes to its Service');
      await expectEdge(ing, new RegExp(`-routes-> IngressClass/${names.ingressClass}$`), 'Ingress class');
      await expectEdge(ing, new RegExp(`-routes-> Secret/${S}/shop-tls$`), 'Ingress TLS Secret');
      await expectEdge(
        { kind: 'StatefulSet', namespace: D, name: 'postgres' },
        new RegExp(`-governs-> Service/${D}/postgres-headless$`),
        'StatefulSet governing Service',
      );
      await expectEdge(
        { kind: 'HorizontalPodAutoscaler', namespace: S, name: 'frontend' },
        new RegExp(`-scales-> Deployment/${S}/frontend$`),
        'HPA scales its Deployment',
      );
      const rb = { kind: 'RoleBinding', namespace: S, name: 'frontend-config-reader' };
      await expectEdge(rb, new RegExp(`-binds-> Role/${S}/config-reader$`), 'RoleBinding → Role');
      await expectEdge(rb, new RegExp(`-binds-> ServiceAccount/${S}/frontend$`), 'RoleBinding → subject');
    });

    it('dangling: an Ingress to a missing Service; a pod mounting a missing ConfigMap, resolved when it appears', async () => {
      const dangling = () => graph.danglingEdges();
      await expectEventually(
        () =>
          expect(dangling()).toContainEqual({
            from: { kind: 'Ingress', namespace: S, name: 'admin' },
            to: { kind: 'Service', namespace: S, name: 'admin-dashboard' },
            type: 'routes',
          }),
        { timeoutMs: 10_000, description: 'Ingress → missing Service is dangling' },
      );
      const orphanRef = {
        from: { kind: 'Pod', namespace: own, name: 'orphan' },
        to: { kind: 'ConfigMap', namespace: own, name: 'not-yet-there' },
        type: 'mounts',
      };
      expect(dangling()).toContainEqual(orphanRef);
      const status = (await (await fetch(`${sut.url}/intelligent/status`)).json()) as ClusterModelStatus;
      expect(status.graph!.danglingEdges).toBeGreaterThanOrEqual(2);
      await applyManifest(
        `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: not-yet-there }\ndata: { k: v }`,
        own,
      );
      await expectEventually(() => expect(dangling()).not.toContainEqual(orphanRef), {
        timeoutMs: PROPAGATION_MS,
        intervalMs: 20,
        description: 'the reference resolves once the ConfigMap exists',
      });
    });
  });

  describe('live changes', () => {
    it('scaling a Deployment shows the new pods in the graph within 2 s of the API listing them', async () => {
      const { apps, core } = adminClients();
      const { setHeaderOptions } = await import('@kubernetes/client-node');
      await apps.patchNamespacedDeploymentScale(
        { name: 'web', namespace: own, body: { spec: { replicas: 3 } } },
        setHeaderOptions('Content-Type', 'application/merge-patch+json'),
      );
      const listed = await expectEventually(
        async () => {
          const pods = (await core.listNamespacedPod({ namespace: own, labelSelector: 'app=web' })).items;
          expect(pods).toHaveLength(3);
          return pods.map((p) => p.metadata!.name!);
        },
        { timeoutMs: 60_000, intervalMs: 100, description: 'three web pods in the API' },
      );
      const started = Date.now();
      await expectEventually(
        () => {
          for (const name of listed) {
            expect(graph.node({ kind: 'Pod', namespace: own, name })?.missing).toBe(false);
            expect(edgesOf({ kind: 'Pod', namespace: own, name })).toContainEqual(
              expect.stringMatching(/^ReplicaSet\/.* -owns-> Pod\//),
            );
          }
        },
        { timeoutMs: PROPAGATION_MS, intervalMs: 20, description: 'new pods in the graph' },
      );
      console.log(
        `[graph e2e] scaled pods visible in the graph ${Date.now() - started} ms after the API listed them`,
      );
    });

    it('changing a pod’s labels moves its Service edges', async () => {
      const { core } = adminClients();
      const mover = { kind: 'Pod', namespace: own, name: 'mover' };
      expect(edgesOf(mover)).toContain(`Service/${own}/svc-a -selects-> Pod/${own}/mover`);
      await core.patchNamespacedPod(
        { name: 'mover', namespace: own, body: { metadata: { labels: { role: 'b' } } } },
        (await import('@kubernetes/client-node')).setHeaderOptions(
          'Content-Type',
          'application/merge-patch+json',
        ),
      );
      await expectEventually(
        () => {
          expect(edgesOf(mover)).toContain(`Service/${own}/svc-b -selects-> Pod/${own}/mover`);
          expect(edgesOf(mover)).not.toContain(`Service/${own}/svc-a -selects-> Pod/${own}/mover`);
        },
        { timeoutMs: PROPAGATION_MS, intervalMs: 20, description: 'selects edge moved from svc-a to svc-b' },
      );
    });

    it('deleting an object removes its node and edges; references to it dangle', async () => {
      const { core } = adminClients();
      const svc = { kind: 'Service', namespace: own, name: 'svc-b' };
      expect(edgesOf(svc).length).toBeGreaterThan(0);
      await core.deleteNamespacedService({ name: 'svc-b', namespace: own });
      await expectEventually(
        () => {
          expect(graph.node(svc)).toBeUndefined();
          expect(
            edgesOf({ kind: 'Pod', namespace: own, name: 'mover' }).filter((e) => e.includes('svc-b')),
          ).toEqual([]);
        },
        { timeoutMs: PROPAGATION_MS, intervalMs: 20, description: 'svc-b gone from the graph' },
      );
      await core.deleteNamespacedConfigMap({ name: 'not-yet-there', namespace: own });
      await expectEventually(
        () =>
          expect(graph.node({ kind: 'ConfigMap', namespace: own, name: 'not-yet-there' })?.missing).toBe(
            true,
          ),
        {
          timeoutMs: PROPAGATION_MS,
          intervalMs: 20,
          description: 'the orphan pod’s ConfigMap reference dangles again',
        },
      );
    });
  });

  describe('k8s-relation-query', () => {
    it('answers the specification example: dependencies of a pod, depth 2', async () => {
      const pod = edgesOf({ kind: 'Service', namespace: S, name: 'frontend' })
        .find((e) => e.includes('-selects-> Pod'))!
        .split('/')[4]!;
      const r = await call(client, 'k8s-relation-query', {
        query_type: 'dependencies',
        resource_type: 'pod',
        resource_name: pod,
        max_depth: 2,
      });
      expect(r.isError).toBeFalsy();
      const text = textOf(r);
      expect(text).toContain(`dependencies of Pod ${S}/${pod}`);
      expect(text).toContain(`-[mounts]-> ConfigMap ${S}/frontend-config`);
      expect(text).toMatch(new RegExp(`-\\[owns\\]- ReplicaSet ${S}/frontend-`));
      const s = r.structuredContent as {
        nodes: { kind: string; depth: number }[];
        edges: { type: string }[];
      };
      expect(s.nodes.find((n) => n.kind === 'Deployment')?.depth).toBe(2);
      expect(new Set(s.edges.map((e) => e.type))).toEqual(
        // binds: the pod's ServiceAccount depends on the RoleBinding that grants it its permissions.
        new Set(['mounts', 'uses', 'owns', 'runs-on', 'service-account', 'binds']),
      );
    });

    it('impact of a ConfigMap reaches the pods, their owners and the Services selecting them', async () => {
      const r = await call(client, 'k8s-relation-query', {
        query_type: 'impact',
        resource_type: 'cm',
        resource_name: 'frontend-config',
      });
      const kinds = new Set((r.structuredContent as { nodes: { kind: string }[] }).nodes.map((n) => n.kind));
      expect([...kinds]).toEqual(
        expect.arrayContaining(['ConfigMap', 'Pod', 'ReplicaSet', 'Service', 'Deployment']),
      );
    });

    it('reports dangling references, paths, and unknown names with the closest ones', async () => {
      const ing = await call(client, 'k8s-relation-query', {
        query_type: 'dependencies',
        resource_type: 'ing',
        resource_name: 'admin',
        max_depth: 1,
      });
      expect(textOf(ing)).toContain(`Service ${S}/admin-dashboard (MISSING)`);
      expect((ing.structuredContent as { dangling: unknown[] }).dangling).toHaveLength(1);
      const path = await call(client, 'k8s-relation-query', {
        query_type: 'path',
        resource_type: 'ingress',
        resource_name: 'shop',
        target_type: 'configmap',
        target_name: 'frontend-config',
      });
      expect(path.structuredContent).toMatchObject({ found: true });
      const unknown = await call(client, 'k8s-relation-query', {
        query_type: 'impact',
        resource_type: 'deploy',
        resource_name: 'frontnd',
      });
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toMatch(/not found.*'frontend'/);
    });
  });

  it('status, health and Prometheus show the graph', async () => {
    const status = (await (await fetch(`${sut.url}/intelligent/status`)).json()) as ClusterModelStatus;
    expect(status.graph).toMatchObject({ enabled: true, ready: true, degraded: false });
    expect(status.graph!.nodes).toBeGreaterThan(50);
    expect(status.graph!.edgesByType!.owns).toBeGreaterThan(5);
    expect(status.graph!.estimatedBytes).toBeGreaterThan(0);
    const health = (await (await fetch(`${sut.url}/intelligent/health`)).json()) as SyncHealth;
    expect(health.graph).toMatchObject({ enabled: true, ready: true });
    const prom = await (await fetch(`${sut.url}/metrics/prometheus`)).text();
    expect(prom).toMatch(/^k8s_mcp_graph_nodes \d+/m);
    expect(prom).toMatch(/^k8s_mcp_graph_edges\{type="owns"\} [1-9]/m);
    // /metrics shows the latest scheduled sample (taken at start-up, before the sync): take one now.
    // The cluster is live (other suites' namespaces may still be going away): compare the sample
    // with a status read just before it, until two reads agree.
    await expectEventually(async () => {
      const now = (await (await fetch(`${sut.url}/intelligent/status`)).json()) as ClusterModelStatus;
      const { values } = sutCollector().collect();
      expect(values['intelligent.kg_nodes']).toBe(now.graph!.nodes);
      expect(values['intelligent.kg_edges']).toBeGreaterThan(0);
    });
  });

  it('hides nodes of forbidden namespaces and counts them', async () => {
    const hidden = await startSynced({ K8S_NAMESPACE: D, K8S_FORBIDDEN_NAMESPACES: O });
    const c = await connectClient(hidden.app.url);
    try {
      // The data RoleBinding names a ServiceAccount of the forbidden ops namespace as its subject.
      const r = await call(c, 'k8s-relation-query', {
        query_type: 'neighbors',
        resource_type: 'rolebinding',
        resource_name: 'ops-backup-pvc-viewer',
      });
      expect(r.isError).toBeFalsy();
      expect(r.structuredContent).toMatchObject({ hidden: 1 });
      expect(JSON.stringify(r)).not.toContain(O);
      const denied = await call(c, 'k8s-relation-query', {
        query_type: 'impact',
        resource_type: 'pod',
        resource_name: 'x',
        namespace: O,
      });
      expect(textOf(denied)).toContain(`namespace '${O}' not found`);
    } finally {
      await c.close();
      await hidden.app.close();
    }
  });

  it('with ENABLE_KNOWLEDGE_GRAPH=false the tool says the graph is disabled', async () => {
    const off = await startApp({ KUBECONFIG_PATH: testKubeconfigPath(), ENABLE_KNOWLEDGE_GRAPH: 'false' });
    const c = await connectClient(off.url);
    try {
      const r = await call(c, 'k8s-relation-query', {
        query_type: 'impact',
        resource_type: 'pod',
        resource_name: 'x',
      });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/relationship graph is disabled.*ENABLE_KNOWLEDGE_GRAPH=false/);
      const status = (await (await fetch(`${off.url}/intelligent/status`)).json()) as ClusterModelStatus;
      expect(status.graph).toEqual({ enabled: false, ready: false, note: 'ENABLE_KNOWLEDGE_GRAPH=false' });
    } finally {
      await c.close();
      await off.close();
    }
  });
});
