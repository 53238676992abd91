// Nothing that does not exist reads as empty or healthy (issue 20): a misspelled namespace, a pod
// asked for in the wrong namespace, an unknown kind and a missing Deployment each answer with an
// error that names the closest existing thing — in every tool that takes one, every summary type,
// the namespace summary resource and the diagnose-workload prompt. Real control plane. Cost: ~10 s.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  adminClients,
  applyManifest,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import { SUMMARY_TYPES } from '../../src/summary/summary-builder.js';
import { deploymentManifest } from '../factories/manifests.js';

const statefulSet = `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ledger }
spec:
  serviceName: ledger
  replicas: 1
  selector: { matchLabels: { app: ledger } }
  template:
    metadata: { labels: { app: ledger } }
    spec:
      containers: [{ name: app, image: registry.example/app:1.0 }]
`;
const barePod = `
apiVersion: v1
kind: Pod
metadata: { name: wanderer }
spec:
  containers: [{ name: app, image: registry.example/app:1.0 }]
`;

/** What a call answered, for the assertion messages. */
interface Answer {
  readonly call: string;
  readonly isError: boolean;
  readonly text: string;
}

describe('not found answers name the closest existing thing (every tool, summary and resource)', () => {
  let ns: string;
  let other: string;
  let typo: string;
  let sut: RunningApp;
  let client: Client;

  beforeAll(async () => {
    [ns, other] = await Promise.all([createTestNamespace('notfound'), createTestNamespace('notfound-other')]);
    await Promise.all([
      applyManifest(`${deploymentManifest('storefront', 1)}---${statefulSet}`, ns),
      applyManifest(barePod, other),
    ]);
    // One letter changed in the middle: "notfound-1a2b…" → "notfoumd-1a2b…".
    typo = ns.replace('notfound', 'notfoumd');
    await expectEventually(
      async () => {
        const pod = await adminClients().core.readNamespacedPod({ namespace: other, name: 'wanderer' });
        expect(pod.status?.phase).toBe('Running');
      },
      { timeoutMs: 60_000, description: 'the pod in the other namespace runs' },
    );
    sut = await startApp({ KUBECONFIG_PATH: testKubeconfigPath(), K8S_NAMESPACE: ns });
    const registry = sut.app.get(InformerRegistry);
    registry.start();
    await registry.ready();
    client = await connectClient(sut.url);
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await sut?.close();
    await Promise.all([ns && deleteNamespace(ns), other && deleteNamespace(other)]);
  });

  async function tool(name: string, args: Record<string, unknown>): Promise<Answer> {
    const result = await call(client, name, args);
    return {
      call: `${name} ${JSON.stringify(args)}`,
      isError: result.isError === true,
      text: textOf(result),
    };
  }

  /** Expects an error answer matching `pattern` (the assertion names the call and its answer). */
  function expectError(a: Answer, pattern: RegExp): void {
    expect({ call: a.call, isError: a.isError, matches: pattern.test(a.text), text: a.text }).toEqual({
      call: a.call,
      isError: true,
      matches: true,
      text: a.text,
    });
  }

  it('a misspelled namespace: every tool, summary type, the resource and the prompt suggest the real one', async () => {
    const suggests = new RegExp(`namespace '${typo}' not found.*did you mean namespace '${ns}'`, 's');
    const calls: [string, Record<string, unknown>][] = [
      ['k8s-get-pods', { namespace: typo }],
      ['k8s-get-services', { namespace: typo }],
      ['k8s-get-deployments', { namespace: typo }],
      ['k8s-get-events', { namespace: typo }],
      ['k8s-get-logs', { namespace: typo, pod: 'storefront' }],
      ['k8s-describe-pod', { namespace: typo, name: 'storefront' }],
      ['k8s-scale-deployment', { namespace: typo, name: 'storefront', replicas: 1 }],
      ['k8s-get-resource', { kind: 'deployment', name: 'storefront', namespace: typo }],
      ['k8s-list-resources', { kind: 'configmaps', namespace: typo }],
      [
        'k8s-relation-query',
        {
          query_type: 'dependencies',
          resource_type: 'deployment',
          resource_name: 'storefront',
          namespace: typo,
        },
      ],
      ['k8s-what-changed', { namespace: typo }],
      ...SUMMARY_TYPES.map((t): [string, Record<string, unknown>] => [
        'k8s-cluster-summary',
        { summary_type: t, namespace: typo },
      ]),
    ];
    for (const [name, args] of calls) expectError(await tool(name, args), suggests);
    await expect(client.readResource({ uri: `k8s://namespaces/${typo}/summary` })).rejects.toThrow(suggests);
    await expect(
      client.getPrompt({
        name: 'diagnose-workload',
        arguments: { namespace: typo, kind: 'Deployment', name: 'storefront' },
      }),
    ).rejects.toThrow(suggests);
  });

  it('a pod asked for in the wrong namespace is named with the namespace it is in', async () => {
    const elsewhere = new RegExp(`pod 'wanderer' exists in namespace '${other}'`);
    for (const [name, args] of [
      ['k8s-describe-pod', { name: 'wanderer' }],
      ['k8s-get-logs', { pod: 'wanderer' }],
      ['k8s-get-resource', { kind: 'pod', name: 'wanderer' }],
      ['k8s-relation-query', { query_type: 'dependencies', resource_type: 'pod', resource_name: 'wanderer' }],
    ] as const)
      expectError(await tool(name, args), elsewhere);
    await expect(
      client.getPrompt({
        name: 'diagnose-workload',
        arguments: { namespace: ns, kind: 'Pod', name: 'wanderer' },
      }),
    ).rejects.toThrow(elsewhere);
  });

  it('an unknown kind is refused with the kinds it looks like', async () => {
    const kinds = /'deploymnets' is not a resource kind .*did you mean deployments/s;
    for (const [name, args] of [
      ['k8s-get-resource', { kind: 'deploymnets', name: 'storefront' }],
      ['k8s-list-resources', { kind: 'deploymnets' }],
      [
        'k8s-relation-query',
        { query_type: 'dependents', resource_type: 'deploymnets', resource_name: 'storefront' },
      ],
      ['k8s-what-changed', { kind: 'deploymnets' }],
      ['k8s-get-events', { kind: 'deploymnets' }],
    ] as const)
      expectError(await tool(name, args), kinds);
    await expect(
      client.getPrompt({
        name: 'diagnose-workload',
        arguments: { namespace: ns, kind: 'deploymnets', name: 'storefront' },
      }),
    ).rejects.toThrow(/kind: 'deploymnets' is not a kind it diagnoses — did you mean Deployment\?/);
  });

  it('a missing Deployment is named with the ones like it, and a StatefulSet of that name is said to be one', async () => {
    const like = /deployment 'storefrnt'.*not found.*'storefront'/s;
    for (const [name, args] of [
      ['k8s-scale-deployment', { name: 'storefrnt', replicas: 1 }],
      ['k8s-get-resource', { kind: 'deployment', name: 'storefrnt' }],
      [
        'k8s-relation-query',
        { query_type: 'impact', resource_type: 'deployment', resource_name: 'storefrnt' },
      ],
    ] as const)
      expectError(await tool(name, args), like);
    await expect(
      client.getPrompt({
        name: 'diagnose-workload',
        arguments: { namespace: ns, kind: 'Deployment', name: 'storefrnt' },
      }),
    ).rejects.toThrow(like);
    await expect(
      client.getPrompt({
        name: 'diagnose-workload',
        arguments: { namespace: ns, kind: 'Deployment', name: 'ledger' },
      }),
    ).rejects.toThrow(
      /deployment 'ledger'.*not found — StatefulSet 'ledger' exists there: pass kind "StatefulSet"/,
    );
    expectError(
      await tool('k8s-scale-deployment', { name: 'ledger', replicas: 1 }),
      /deployment 'ledger'.*not found.*'ledger' in namespace '[^']+' is a StatefulSet, not a Deployment/s,
    );
  });
});
