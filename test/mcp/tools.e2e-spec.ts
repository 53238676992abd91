// The MCP tools through a real MCP client over Streamable HTTP against the real control plane.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  adminClients,
  applyManifest,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import { deploymentManifest } from '../factories/manifests.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';

const workloads = (
  app: string,
  replicas: number,
  containers: string[],
) => `${deploymentManifest(app, replicas, containers)}---
apiVersion: v1
kind: Service
metadata: { name: ${app} }
spec:
  selector: { app: ${app} }
  ports: [{ port: 80, targetPort: 8080 }]
`;

async function runningPods(namespace: string, app: string, count: number): Promise<string[]> {
  return expectEventually(
    async () => {
      const pods = await adminClients().core.listNamespacedPod({ namespace, labelSelector: `app=${app}` });
      const running = pods.items.filter((p) => p.status?.phase === 'Running');
      if (running.length !== count) throw new Error(`${running.length}/${count} pods of ${app} Running`);
      return running.map((p) => p.metadata!.name!).sort();
    },
    { timeoutMs: 60_000, description: `pods of ${app}` },
  );
}

describe('MCP tools (Streamable HTTP, real cluster)', () => {
  let ns: string;
  let hidden: string;
  let web: string[];
  let sut: RunningApp;
  let client: Client;

  beforeAll(async () => {
    [ns, hidden] = await Promise.all([createTestNamespace('mcp-tools'), createTestNamespace('mcp-hidden')]);
    await applyManifest(workloads('web', 2, ['app']), ns);
    await applyManifest(workloads('duo', 1, ['main', 'sidecar']), ns);
    await applyManifest(workloads('secretive', 1, ['app']), hidden);
    web = await runningPods(ns, 'web', 2);
    await runningPods(ns, 'duo', 1);
    await runningPods(hidden, 'secretive', 1);
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      K8S_NAMESPACE: ns,
      K8S_FORBIDDEN_NAMESPACES: hidden,
      K8S_MAX_SCALE_REPLICAS: '5',
    });
    client = await connectClient(sut.url);
  });

  afterAll(async () => {
    await client?.close();
    await sut?.close();
    await Promise.all([ns && deleteNamespace(ns), hidden && deleteNamespace(hidden)]);
  });

  it("k8s-get-pods lists the default namespace's pods as a kubectl-like table with structured rows", async () => {
    const result = await call(client, 'k8s-get-pods');
    expect(result.isError).toBeFalsy();
    const text = textOf(result);
    expect(text.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+NODE$/);
    for (const pod of web)
      expect(text).toMatch(new RegExp(`${pod}\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+kwok-node-\\d`));
    const structured = result.structuredContent as {
      count: number;
      namespace: string;
      items: { name: string; status: string }[];
    };
    expect(structured.namespace).toBe(ns);
    expect(structured.count).toBe(3);
    expect(structured.items.map((i) => i.status)).toEqual(['Running', 'Running', 'Running']);
  });

  it('k8s-get-pods pages with limit and continue, and says how many remain', async () => {
    const first = await call(client, 'k8s-get-pods', { namespace: ns, limit: 2, output: 'name' });
    const s1 = first.structuredContent as { count: number; remaining?: number; continue?: string };
    expect(s1.count).toBe(2);
    expect(s1.remaining).toBe(1);
    expect(textOf(first)).toContain('… and 1 more pods');
    const second = await call(client, 'k8s-get-pods', {
      namespace: ns,
      limit: 2,
      output: 'name',
      continue: s1.continue,
    });
    expect((second.structuredContent as { count: number; continue?: string }).count).toBe(1);
    expect((second.structuredContent as { continue?: string }).continue).toBeUndefined();
    const names = `${textOf(first)}\n${textOf(second)}`.match(/^pod\/\S+/gm) ?? [];
    expect(new Set(names).size).toBe(3);
  });

  it('k8s-get-pods with labelSelector and json output returns trimmed objects', async () => {
    const result = await call(client, 'k8s-get-pods', { labelSelector: 'app=duo', output: 'json' });
    const items = (
      result.structuredContent as { items: { metadata: { name: string; managedFields?: unknown } }[] }
    ).items;
    expect(items).toHaveLength(1);
    expect(items[0]!.metadata.managedFields).toBeUndefined();
    expect(textOf(result)).not.toContain('managedFields');
  });

  it('k8s-get-pods for all namespaces leaves out the forbidden namespace and says so', async () => {
    // The selector keeps other suites' (and the benchmark's) pods off the page.
    const result = await call(client, 'k8s-get-pods', {
      namespace: 'all',
      labelSelector: 'app in (web,duo,secretive)',
    });
    const text = textOf(result);
    expect(text).toContain(ns);
    expect(text).not.toContain(hidden);
    expect(text).not.toContain('secretive');
    expect(text).toMatch(/Objects of 1 namespace\(s\) hidden by the server policy were left out/);
    expect((result.structuredContent as { omittedNamespaceCount: number }).omittedNamespaceCount).toBe(1);
  });

  it('refuses every tool that targets the forbidden namespace', async () => {
    for (const [tool, args] of [
      ['k8s-get-pods', { namespace: hidden }],
      ['k8s-get-services', { namespace: hidden }],
      ['k8s-get-events', { namespace: hidden }],
      ['k8s-describe-pod', { namespace: hidden, name: 'x' }],
      ['k8s-get-logs', { namespace: hidden, pod: 'x' }],
      ['k8s-scale-deployment', { namespace: hidden, name: 'secretive', replicas: 0 }],
    ] as const) {
      const result = await call(client, tool, args);
      expect(result.isError).toBe(true);
      // A hidden namespace answers exactly as a missing one.
      // (Other suites' leftover namespaces may be suggested: "did you mean …?" from visible ones only.)
      expect(textOf(result)).toMatch(
        new RegExp(
          `^namespace '${hidden}' not found — (did you mean [^?]*\\? )?k8s-list-resources with kind "namespaces" lists the namespaces this server shows$`,
        ),
      );
      expect(textOf(result)).not.toMatch(new RegExp(`did you mean[^?]*'${hidden}'`));
    }
    const secretive = await adminClients().apps.readNamespacedDeployment({
      name: 'secretive',
      namespace: hidden,
    });
    expect(secretive.spec?.replicas).toBe(1);
  });

  it('k8s-get-services and k8s-get-deployments show kubectl columns', async () => {
    const services = textOf(await call(client, 'k8s-get-services'));
    expect(services.split('\n')[0]).toMatch(
      /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$/,
    );
    expect(services).toMatch(/web\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80\/TCP\s+\S+\s+app=web/);
    const deployments = textOf(await call(client, 'k8s-get-deployments'));
    expect(deployments.split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    expect(deployments).toMatch(/web\s+2\/2\s+2\s+2\s+/);
  });

  it('k8s-get-nodes lists the KWOK nodes as Ready', async () => {
    const result = await call(client, 'k8s-get-nodes');
    expect(textOf(result)).toMatch(/kwok-node-0\s+Ready\s+/);
    expect((result.structuredContent as { count: number }).count).toBeGreaterThanOrEqual(2);
  });

  it('k8s-scale-deployment answers old → new and the cluster follows', async () => {
    const result = await call(client, 'k8s-scale-deployment', { name: 'web', replicas: 3 });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('replicas 2 → 3');
    expect(result.structuredContent).toEqual({
      namespace: ns,
      name: 'web',
      previousReplicas: 2,
      replicas: 3,
    });
    await runningPods(ns, 'web', 3);
    const again = await call(client, 'k8s-scale-deployment', { name: 'web', replicas: 3 });
    expect(textOf(again)).toContain('unchanged at 3');
  });

  it('k8s-scale-deployment refuses replicas above the limit, a missing deployment, and bad input, changing nothing', async () => {
    const tooMany = await call(client, 'k8s-scale-deployment', { name: 'web', replicas: 50 });
    expect(tooMany.isError).toBe(true);
    expect(textOf(tooMany)).toContain('replicas: expected at most 5 (K8S_MAX_SCALE_REPLICAS), got 50');
    const missing = await call(client, 'k8s-scale-deployment', { name: 'nope', replicas: 1 });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(
      new RegExp(`failed to scale deployment 'nope' in namespace '${ns}': .*not found`),
    );
    const negative = await call(client, 'k8s-scale-deployment', { name: 'web', replicas: -1 });
    expect(textOf(negative)).toMatch(/invalid arguments for k8s-scale-deployment: replicas: /);
    const d = await adminClients().apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(d.spec?.replicas).toBe(3);
  });

  it('k8s-get-logs returns the log with a header, and announces truncation', async () => {
    const result = await call(client, 'k8s-get-logs', { pod: web[0]!, tailLines: 5 });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(new RegExp(`^Log of ${ns}/${web[0]} container app: \\d+ lines`));
    const cut = await call(client, 'k8s-get-logs', { pod: web[0]!, limitBytes: 10 });
    expect(textOf(cut)).toContain('[truncated at 10 bytes');
    expect((cut.structuredContent as { truncated: boolean }).truncated).toBe(true);
  });

  it('k8s-get-logs asks for a container when the pod has several, listing them', async () => {
    const duo = (await adminClients().core.listNamespacedPod({ namespace: ns, labelSelector: 'app=duo' }))
      .items[0]!;
    const result = await call(client, 'k8s-get-logs', { pod: duo.metadata!.name! });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      `container: pod '${duo.metadata!.name}' has 2 containers, name one — containers: main, sidecar`,
    );
  });

  it('a missing pod is reported with the similar pods of the namespace', async () => {
    const result = await call(client, 'k8s-describe-pod', { name: 'web' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      new RegExp(`^failed to get pod 'web' in namespace '${ns}': not found — the namespace has pods 'web-`),
    );
  });

  it('k8s-describe-pod shows the owner chain, containers, conditions and events', async () => {
    const result = await call(client, 'k8s-describe-pod', { name: web[0]! });
    const text = textOf(result);
    expect(text).toMatch(/Controlled by: ReplicaSet\/web-\w+ ← Deployment\/web/);
    expect(text).toMatch(/app: image registry\.example\/app:1\.0, ready true, restarts 0/);
    expect(text).toContain('Ready=True');
    expect(text).toMatch(/Scheduled/);
    const s = result.structuredContent as { owners: string[]; node: string; status: string };
    expect(s.owners).toEqual([expect.stringMatching(/^ReplicaSet\/web-/), 'Deployment/web']);
    expect(s.node).toMatch(/^kwok-node-/);
    expect(s.status).toBe('Running');
  });

  it('k8s-get-events lists events newest first, filtered by kind and name', async () => {
    const result = await call(client, 'k8s-get-events', { kind: 'Pod', name: web[0]!, sinceMinutes: 60 });
    const s = result.structuredContent as { events: { reason: string; object: string; lastSeen: string }[] };
    expect(s.events.length).toBeGreaterThan(0);
    expect(s.events.every((e) => e.object === `Pod/${web[0]}`)).toBe(true);
    expect(s.events.map((e) => e.reason)).toContain('Scheduled');
    const times = s.events.map((e) => e.lastSeen);
    expect([...times].sort().reverse()).toEqual(times);
    const all = textOf(await call(client, 'k8s-get-events', { namespace: 'all', limit: 500 }));
    expect(all).not.toContain(hidden);
  });

  it('rejects invalid arguments naming the field and what was expected', async () => {
    const result = await call(client, 'k8s-get-pods', { limit: 'ten', colour: 'red' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^invalid arguments for k8s-get-pods: limit: Invalid input: expected number, received string; arguments: Unrecognized key: "colour"/,
    );
    const unknown = await call(client, 'k8s-delete-everything');
    expect(textOf(unknown)).toMatch(
      /^unknown tool 'k8s-delete-everything' — available tools: k8s-get-pods, /,
    );
  });

  it('writes exactly one audit line per call with who, what, where, outcome and size', async () => {
    const before = (await sut.audit()).length;
    await call(client, 'k8s-get-nodes');
    await call(client, 'k8s-get-pods', { namespace: hidden });
    await call(client, 'k8s-get-pods', { limit: 0 });
    const records = (await sut.audit()).slice(before);
    expect(records.map((r) => [r.tool, r.outcome, r.errorCode])).toEqual([
      ['k8s-get-nodes', 'ok', undefined],
      ['k8s-get-pods', 'denied', 'POLICY.NAMESPACE_DENIED'],
      ['k8s-get-pods', 'invalid', 'INPUT.INVALID'],
    ]);
    for (const r of records) {
      expect(r).toMatchObject({
        transport: 'streamable-http',
        client: { name: 'k8s-mcp-e2e', version: '1.0.0' },
      });
      expect(r.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
      expect(r.responseBytes).toBeGreaterThan(0);
      expect(Date.parse(r.time)).not.toBeNaN();
    }
    expect(records[0]!.namespaces).toEqual([]);
    expect(records[1]!.namespaces).toEqual([hidden]);
    expect(records[1]!.arguments).toEqual({ namespace: hidden });
  });

  it("the audit line names where a call reached: [] cluster-scoped, ['*'] every namespace, else the one", async () => {
    // The summary answers from the watch cache, which startApp leaves stopped.
    const registry = sut.app.get(InformerRegistry);
    registry.start();
    await registry.ready();
    const before = (await sut.audit()).length;
    const calls: [string, Record<string, unknown>, string[]][] = [
      ['k8s-get-nodes', {}, []],
      ['k8s-list-resources', { kind: 'nodes', namespace: ns }, []],
      ['k8s-get-resource', { kind: 'namespaces', name: ns, namespace: ns }, []],
      ['k8s-get-pods', { namespace: 'all' }, ['*']],
      ['k8s-list-resources', { kind: 'configmaps', namespace: 'all' }, ['*']],
      ['k8s-cluster-summary', {}, ['*']],
      ['k8s-cluster-summary', { summary_type: 'namespace', namespace: ns }, [ns]],
      ['k8s-get-pods', {}, [ns]],
      ['k8s-get-events', { namespace: ns }, [ns]],
    ];
    for (const [tool, args] of calls) {
      const result = await call(client, tool, args);
      expect({ tool, args, error: result.isError ? textOf(result) : undefined }).toEqual({
        tool,
        args,
        error: undefined,
      });
    }
    const records = (await sut.audit()).slice(before);
    expect(records.map((r) => [r.tool, r.arguments, r.namespaces])).toEqual(calls);
  });
});
