// Every tool's structured answer validates against the output schema it declares, as a client
// that lists tools first sees it: the SDK Client caches each tool's output schema from tools/list
// and rejects (McpError) a result whose structuredContent does not validate, or that lacks one.
// Each tool is called on real objects (a Deployment with a pod that has requests, limits and
// conditions with messages, a Service, events), from the API server and from the cache. Cost: ~15 s.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import {
  adminClients,
  applyManifest,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: { name: shaped, labels: { app: shaped } }
spec:
  replicas: 1
  selector: { matchLabels: { app: shaped } }
  template:
    metadata: { labels: { app: shaped } }
    spec:
      tolerations: [{ key: dedicated, operator: Equal, value: web, effect: NoSchedule }]
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 10
              preference: { matchExpressions: [{ key: type, operator: In, values: [kwok] }] }
      containers:
        - name: app
          image: registry.example/app:1.0
          ports: [{ containerPort: 8080, name: http }]
          env:
            - { name: LOG_LEVEL, value: debug }
            - { name: DB_PASSWORD, value: not-shown }
            - name: POD_NAME
              valueFrom: { fieldRef: { fieldPath: metadata.name } }
          resources:
            requests: { cpu: 100m, memory: 64Mi }
            limits: { cpu: 200m, memory: 128Mi }
---
apiVersion: v1
kind: Service
metadata: { name: shaped }
spec:
  selector: { app: shaped }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Pod
metadata: { name: unschedulable }
spec:
  nodeSelector: { no-such-node: 'true' }
  containers: [{ name: app, image: registry.example/app:1.0 }]
`;

describe('Structured content validates against every output schema (SDK client, real cluster)', () => {
  let ns: string;
  let pod: string;
  let sut: RunningApp;
  let client: Client;

  beforeAll(async () => {
    ns = await createTestNamespace('schemas');
    await applyManifest(manifest, ns);
    pod = await expectEventually(
      async () => {
        const pods = await adminClients().core.listNamespacedPod({
          namespace: ns,
          labelSelector: 'app=shaped',
        });
        const running = pods.items.find((p) => p.status?.phase === 'Running');
        if (!running) throw new Error('no Running pod of shaped yet');
        return running.metadata!.name!;
      },
      { timeoutMs: 60_000, description: 'the pod of shaped' },
    );
    // The unschedulable pod's PodScheduled condition carries a message.
    await expectEventually(
      async () => {
        const p = await adminClients().core.readNamespacedPod({ namespace: ns, name: 'unschedulable' });
        if (!p.status?.conditions?.some((c) => c.message)) throw new Error('no condition message yet');
      },
      { timeoutMs: 60_000, description: 'a condition with a message' },
    );
    sut = await startApp({ KUBECONFIG_PATH: testKubeconfigPath(), K8S_NAMESPACE: ns });
    const registry = sut.app.get(InformerRegistry);
    registry.start();
    await registry.ready();
    client = await connectClient(sut.url);
  });

  afterAll(async () => {
    await client?.close();
    await sut?.close();
    if (ns) await deleteNamespace(ns);
  });

  it('lists tools first, then every tool answers with structured content that validates', async () => {
    const { tools } = await client.listTools();
    const calls: Record<string, Record<string, unknown>[]> = {
      'k8s-get-pods': [{}, { namespace: 'all' }, { fresh: true }],
      'k8s-get-services': [{}, { fresh: true }],
      'k8s-get-deployments': [{}, { namespace: 'all', fresh: true }],
      'k8s-get-nodes': [{}, { fresh: true }],
      'k8s-scale-deployment': [{ name: 'shaped', replicas: 1 }],
      'k8s-get-logs': [{ pod, tailLines: 5 }],
      'k8s-describe-pod': [{ name: pod }, { name: pod, fresh: true }, { name: 'unschedulable', fresh: true }],
      'k8s-get-events': [{}, { sinceMinutes: 60 }, { namespace: 'all', type: 'Warning' }],
      'k8s-relation-query': [
        { query_type: 'dependencies', resource_type: 'pod', resource_name: pod },
        { query_type: 'impact', resource_type: 'service', resource_name: 'shaped' },
      ],
      'k8s-cluster-summary': [{}, { summary_type: 'namespace', namespace: ns }],
      'k8s-get-resource': [
        { kind: 'deployment', name: 'shaped' },
        { kind: 'pod', name: 'unschedulable', output: 'json' },
      ],
      'k8s-list-resources': [{ kind: 'services' }, { kind: 'configmaps', namespace: 'all' }],
      'k8s-what-changed': [
        {},
        { namespace: ns, kind: 'Deployment', limit: 1 },
        { relatedTo: { kind: 'Deployment', name: 'shaped', namespace: ns } },
      ],
      'k8s-list-contexts': [{}],
    };
    // A new tool must be added above: every tool's answers are checked.
    expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(calls).sort());
    for (const tool of tools) {
      for (const args of calls[tool.name]!) {
        let result: CallToolResult;
        try {
          result = (await client.callTool({ name: tool.name, arguments: args })) as CallToolResult;
        } catch (err) {
          throw new Error(`${tool.name} ${JSON.stringify(args)}: ${(err as Error).message}`, { cause: err });
        }
        if (result.isError) throw new Error(`${tool.name} ${JSON.stringify(args)} failed: ${textOf(result)}`);
        if (tool.outputSchema) expect(result.structuredContent).toBeDefined();
      }
    }
  });

  it('k8s-describe-pod shows what kubectl describe pod shows, never a value that could be secret', async () => {
    const result = await client.callTool({ name: 'k8s-describe-pod', arguments: { name: pod } });
    const text = textOf(result);
    expect(text).toContain('Tolerations:   dedicated=web:NoSchedule');
    expect(text).toContain('node preferred(10): type In (kwok)');
    expect(text).toContain('Ports:      8080/TCP (http)');
    expect(text).toContain('Env:        LOG_LEVEL=debug, DB_PASSWORD=<set>, POD_NAME ← field metadata.name');
    expect(JSON.stringify(result)).not.toContain('not-shown');
    const s = result.structuredContent as { containers: { env: unknown[]; ports: string[] }[] };
    expect(s.containers[0]!.env).toContainEqual({ name: 'DB_PASSWORD', source: 'literal', value: '<set>' });
    const pending = textOf(
      await client.callTool({ name: 'k8s-describe-pod', arguments: { name: 'unschedulable' } }),
    );
    expect(pending).toContain('Node-Selector: no-such-node=true');
  });

  it('the nodes view shows every node with its labels and taints', async () => {
    const result = await client.callTool({
      name: 'k8s-cluster-summary',
      arguments: { summary_type: 'nodes', max_size_kb: 50 },
    });
    expect(textOf(result)).toMatch(
      /- kwok-node-0 Ready .* · taints <none> · labels type=kwok \(\+\d+ kubernetes\.io\)/,
    );
    const nodes = textOf(await client.callTool({ name: 'k8s-get-nodes', arguments: {} }));
    expect(nodes).toMatch(/TAINTS/);
  });
});
