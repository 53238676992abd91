// "What changed?" against the real control plane: a rollout to a new image, a scale to 0, an edit of
// a ConfigMap a pod mounts, a dedicated KWOK node taken NotReady, a deleted Service and an edited
// Secret, each seen on the watches and answered by k8s-what-changed over MCP with its one-line diff
// and writer, newest first; relatedTo the Deployment gives its ConfigMap's edit and its node's
// change and nothing unrelated; a forbidden namespace never shows.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  adminClients,
  apiStatus,
  applyManifest,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';
import { GraphService } from '../../src/graph/graph.service.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';

const secretValue = `s3cr3t-${randomBytes(4).toString('hex')}`;
const newSecretValue = `n3w-${randomBytes(4).toString('hex')}`;

interface Change {
  time: string;
  op: string;
  kind: string;
  namespace?: string;
  name: string;
  manager?: string;
  changes: string[];
}

// The node web runs on, made for this suite and taken NotReady by the project's KWOK stage
// test/cluster/kwok-stages/node-not-ready.yaml (opt-in by this label). Dedicated because other
// suites count the shared kwok-node-* and expect them Ready; tainted so that nothing else lands on
// it, and not labelled type=kwok (the control-plane suite lists those).
const NOT_READY_STAGE = 'k8s-mcp-node-not-ready';
const NOT_READY_LABEL = 'k8s-mcp.test/node-not-ready';
const DEDICATED = 'k8s-mcp.test/dedicated';
const restartHint =
  'kwok reads its stages only when it starts: restart the control plane (npm run cluster:down && ' +
  'npm run cluster:up, with the state dir of K8S_MCP_TEST_KUBECONFIG) so that it loads ' +
  `test/cluster/kwok-stages/node-not-ready.yaml (stage ${NOT_READY_STAGE}), and rerun`;

/** Fails at once when the cluster's kwok configuration (beside its kubeconfig, see up.sh) lacks the stage. */
function assertNotReadyStageLoaded(): void {
  const kwokConfig = path.join(path.dirname(testKubeconfigPath()), 'kwok.yaml');
  // Another harness may keep it elsewhere: then the node not turning NotReady says it (below).
  if (!existsSync(kwokConfig)) return;
  if (!readFileSync(kwokConfig, 'utf8').includes(`name: ${NOT_READY_STAGE}`))
    throw new Error(`${kwokConfig} has no stage ${NOT_READY_STAGE}: ${restartHint}`);
}

const web = (node: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      nodeSelector: { ${DEDICATED}: ${node} }
      tolerations: [{ key: ${DEDICATED}, operator: Exists, effect: NoSchedule }]
      containers: [{ name: web, image: registry.example/web:1.4 }]
      volumes: [{ name: cfg, configMap: { name: web-config } }]
`;

// Rolled to an image that cannot be pulled: the demo stage (test/cluster/kwok-stages) gives the
// new pod ImagePullBackOff through the label its template gains with the new image.
const pay = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: pay }
spec:
  replicas: 1
  selector: { matchLabels: { app: pay } }
  template:
    metadata: { labels: { app: pay } }
    spec: { containers: [{ name: pay, image: registry.example/pay:1.4 }] }
`;

const batch = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: batch }
spec:
  replicas: 2
  selector: { matchLabels: { app: batch } }
  template:
    metadata: { labels: { app: batch } }
    spec: { containers: [{ name: batch, image: registry.example/batch:1.0 }] }
`;

describe('k8s-what-changed (real cluster)', () => {
  let ns: string;
  let hidden: string;
  let sut: RunningApp;
  let client: Client;
  let node: string;

  const changes = async (args: Record<string, unknown>) => {
    const result = await call(client, 'k8s-what-changed', { sinceMinutes: 10, ...args });
    expect(result.isError).toBeFalsy();
    const text = textOf(result);
    return { text, list: (result.structuredContent as { changes: Change[] }).changes };
  };
  const lineOf = (list: Change[], kind: string, name: string, pattern: RegExp) =>
    list.find((c) => c.kind === kind && c.name === name && c.changes.some((l) => pattern.test(l)));

  beforeAll(async () => {
    assertNotReadyStageLoaded();
    [ns, hidden] = await Promise.all([
      createTestNamespace('timeline'),
      createTestNamespace('timeline-hidden'),
    ]);
    await applyManifest(
      `
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config }
data: { level: info }
---
apiVersion: v1
kind: Service
metadata: { name: old-svc }
spec: { selector: { app: gone }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Secret
metadata: { name: creds }
stringData: { password: ${secretValue}, user: admin }
`,
      ns,
    );
    node = `${ns}-node`;
    const { core } = adminClients();
    await core.createNode({
      body: {
        metadata: {
          name: node,
          labels: { 'kubernetes.io/hostname': node, [DEDICATED]: node },
          annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
        },
        spec: { taints: [{ key: DEDICATED, effect: 'NoSchedule' }] },
        status: {
          capacity: { cpu: '4', memory: '8Gi', pods: '20' },
          allocatable: { cpu: '4', memory: '8Gi', pods: '20' },
        },
      },
    });
    await expectEventually(
      async () => {
        const n = await core.readNode({ name: node });
        expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
      },
      { timeoutMs: 30_000, description: `dedicated node ${node} Ready (kwok node-initialize)` },
    );
    await applyManifest(web(node), ns);
    await applyManifest(batch, ns);
    await applyManifest(pay, ns);
    await applyManifest(
      `{ apiVersion: v1, kind: ConfigMap, metadata: { name: hush }, data: { a: '1' } }`,
      hidden,
    );
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      K8S_NAMESPACE: ns,
      K8S_FORBIDDEN_NAMESPACES: hidden,
    });
    const registry = sut.app.get(InformerRegistry);
    registry.start();
    await registry.ready();
    // relatedTo walks the graph: the web pod must be there, mounting its ConfigMap.
    const graph = sut.app.get(GraphService);
    await expectEventually(
      () => {
        const pods = graph.names('Pod', ns).filter((n) => n.startsWith('web-'));
        expect(pods.length).toBeGreaterThan(0);
      },
      { timeoutMs: 30_000, description: 'the web pod in the graph' },
    );
    client = await connectClient(sut.url);
  });

  afterAll(async () => {
    await client?.close();
    await sut?.close();
    await Promise.all([ns && deleteNamespace(ns), hidden && deleteNamespace(hidden)]);
    // After the namespace: kwok still deletes the pods of a node it manages, NotReady or not.
    if (node)
      await adminClients()
        .core.deleteNode({ name: node })
        .catch((err: unknown) => {
          if (apiStatus(err) !== 404) throw err;
        });
  });

  it('reports a rollout, a scale to 0, a ConfigMap edit, a node NotReady, a deleted Service and a Secret edit, in order, without values', async () => {
    const { apps, core } = adminClients();
    const step = () => new Promise((r) => setTimeout(r, 1100)); // distinct times, one second apart
    const d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    d.spec!.template.spec!.containers[0]!.image = 'registry.example/web:1.5';
    await apps.replaceNamespacedDeployment({
      name: 'web',
      namespace: ns,
      body: d,
      fieldManager: 'e2e-rollout',
    });
    await step();
    const b = await apps.readNamespacedDeployment({ name: 'batch', namespace: ns });
    b.spec!.replicas = 0;
    await apps.replaceNamespacedDeployment({
      name: 'batch',
      namespace: ns,
      body: b,
      fieldManager: 'e2e-scale',
    });
    await step();
    const cm = await core.readNamespacedConfigMap({ name: 'web-config', namespace: ns });
    cm.data = { level: 'debug' };
    await core.replaceNamespacedConfigMap({
      name: 'web-config',
      namespace: ns,
      body: cm,
      fieldManager: 'e2e-editor',
    });
    await step();
    // The label opts the dedicated node into the NotReady stage; kwok then posts Ready=False and the
    // controller manager taints the node, both within the second of the label (the same-second
    // writes that time alone cannot tell apart: see writer.ts).
    await expectEventually(
      async () => {
        const n = await core.readNode({ name: node });
        n.metadata!.labels = { ...n.metadata!.labels, [NOT_READY_LABEL]: 'true' };
        await core.replaceNode({ name: node, body: n, fieldManager: 'e2e-chaos' });
      },
      { timeoutMs: 10_000, description: `label ${NOT_READY_LABEL} on ${node}` },
    );
    try {
      await expectEventually(
        async () => {
          const n = await core.readNode({ name: node });
          expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
        },
        { timeoutMs: 20_000, description: `node ${node} NotReady` },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${restartHint}`, { cause: err });
    }
    await step();
    await core.deleteNamespacedService({ name: 'old-svc', namespace: ns });
    await step();
    const s = await core.readNamespacedSecret({ name: 'creds', namespace: ns });
    s.data = {
      ...s.data,
      password: Buffer.from(newSecretValue).toString('base64'),
      token: Buffer.from(newSecretValue).toString('base64'),
    };
    await core.replaceNamespacedSecret({ name: 'creds', namespace: ns, body: s, fieldManager: 'e2e-editor' });
    const hush = await core.readNamespacedConfigMap({ name: 'hush', namespace: hidden });
    hush.data = { a: '2' };
    await core.replaceNamespacedConfigMap({ name: 'hush', namespace: hidden, body: hush });

    let answer = { text: '', list: [] as Change[] };
    let nodeChanges: Change[] = [];
    await expectEventually(
      async () => {
        answer = await changes({ namespace: ns, limit: 200 });
        expect(lineOf(answer.list, 'Secret', 'creds', /^data/)).toBeDefined();
        // A Node is in no namespace: asked for by kind and name.
        nodeChanges = (await changes({ kind: 'Node', name: node, limit: 50 })).list;
        expect(lineOf(nodeChanges, 'Node', node, /^taints /)).toBeDefined();
      },
      { timeoutMs: 30_000, description: 'the Secret edit and the node changes in the journal' },
    );
    const { text, list } = answer;
    const rollout = lineOf(
      list,
      'Deployment',
      'web',
      /^image registry\.example\/web:1\.4 → registry\.example\/web:1\.5$/,
    );
    const scale = lineOf(list, 'Deployment', 'batch', /^replicas 2 → 0$/);
    const edit = lineOf(list, 'ConfigMap', 'web-config', /^data changed: keys level \(values not shown\)$/);
    const gone = list.find((c) => c.kind === 'Service' && c.name === 'old-svc' && c.op === 'deleted');
    const secret = lineOf(list, 'Secret', 'creds', /^data/);
    expect(rollout).toMatchObject({ op: 'updated', manager: 'e2e-rollout' });
    expect(scale).toMatchObject({ op: 'updated', manager: 'e2e-scale' });
    expect(edit).toMatchObject({ op: 'updated', manager: 'e2e-editor' });
    expect(gone).toBeDefined();
    const labelled = lineOf(nodeChanges, 'Node', node, new RegExp(`^label ${NOT_READY_LABEL} ∅ → true$`));
    const notReady = lineOf(nodeChanges, 'Node', node, /^Ready True → False \(KubeletNotReady\)$/);
    expect(labelled).toMatchObject({ op: 'updated', manager: 'e2e-chaos' });
    expect(notReady).toMatchObject({ op: 'updated', manager: 'kwok (status)' });
    // The taints are the controller manager's, though kwok's status write shares their second
    // (by time alone they were put down to kwok, which sorts after it within a second).
    const taints = nodeChanges.filter((c) => c.changes.some((l) => l.startsWith('taints ')));
    expect(taints.map((c) => c.manager)).toEqual(taints.map(() => 'kube-controller-manager'));
    // Between the ConfigMap edit and the deletion (a Node's records are not in the namespace's list).
    const at = (c: Change) => Date.parse(c.time);
    expect(at(notReady!)).toBeGreaterThanOrEqual(at(edit!));
    expect(at(notReady!)).toBeLessThanOrEqual(at(gone!));
    expect(secret).toMatchObject({ op: 'updated', manager: 'e2e-editor' });
    expect(secret!.changes).toEqual([
      'data keys added: token',
      'data changed: keys password (values not shown)',
    ]);
    // Newest first: the Secret edit, the deletion, the ConfigMap edit, the scale, the rollout.
    const order = [secret, gone, edit, scale, rollout].map((c) => list.indexOf(c!));
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(text).toContain(`Deployment ${ns}/web\n`);
    expect(text).toMatch(
      /updated by e2e-rollout: .*image registry\.example\/web:1\.4 → registry\.example\/web:1\.5/,
    );
    for (const value of [secretValue, newSecretValue, Buffer.from(newSecretValue).toString('base64')]) {
      expect(text).not.toContain(value);
      expect(JSON.stringify(list)).not.toContain(value);
    }
  });

  it('relatedTo the Deployment gives its ConfigMap edit and nothing unrelated', async () => {
    const { text, list } = await changes({
      relatedTo: { kind: 'deploy', name: 'web', namespace: ns },
      limit: 200,
    });
    expect(text).toMatch(new RegExp(`^changes around Deployment ${ns}/web since`));
    expect(lineOf(list, 'ConfigMap', 'web-config', /^data changed/)).toBeDefined();
    expect(lineOf(list, 'Deployment', 'web', /^image /)).toBeDefined();
    // The web pod runs on the dedicated node: its NotReady is a change around web.
    expect(lineOf(list, 'Node', node, /^Ready True → False \(KubeletNotReady\)$/)).toBeDefined();
    const unrelated = list.filter(
      (c) =>
        ['batch', 'old-svc', 'creds'].includes(c.name) ||
        c.name.startsWith('batch-') ||
        (c.kind === 'Node' && c.name !== node),
    );
    expect(unrelated).toEqual([]);
    expect(list.every((c) => c.namespace === ns || c.namespace === undefined)).toBe(true);
  });

  it('never shows the forbidden namespace', async () => {
    const { text, list } = await changes({ namespace: 'all', limit: 500 });
    expect(text).not.toContain(hidden);
    expect(list.filter((c) => c.namespace === hidden || c.name === 'hush')).toEqual([]);
    const denied = await call(client, 'k8s-what-changed', { namespace: hidden });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).not.toContain('hush');
  });

  it('serves k8s://changes: the same changes, the forbidden namespace left out', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain('k8s://changes');
    const read = await client.readResource({ uri: 'k8s://changes' });
    const text = (read.contents[0] as { text: string }).text;
    expect(text).toContain(`ConfigMap ${ns}/web-config`);
    expect(text).toContain('data changed: keys level (values not shown)');
    expect(text).not.toContain(hidden);
    expect(text).not.toContain(secretValue);
  });

  it('says in the summary what changed shortly before a finding, and diagnose-workload lists it', async () => {
    const { apps } = adminClients();
    const d = await apps.readNamespacedDeployment({ name: 'pay', namespace: ns });
    d.spec!.template.metadata!.labels = { app: 'pay', 'k8s-mcp.demo/simulate': 'imagepull' };
    d.spec!.template.spec!.containers[0]!.image = 'registry.example/pay:1.5-broken';
    await apps.replaceNamespacedDeployment({
      name: 'pay',
      namespace: ns,
      body: d,
      fieldManager: 'e2e-rollout',
    });
    const context = new RegExp(
      `changed shortly before: Deployment ${ns}/pay image registry\\.example/pay:1\\.4 → registry\\.example/pay:1\\.5-broken by e2e-rollout \\((\\d+ s before|at the same time)\\)`,
    );
    let text = '';
    await expectEventually(
      async () => {
        const result = await call(client, 'k8s-cluster-summary', {
          summary_type: 'anomalies',
          namespace: ns,
        });
        text = textOf(result);
        expect(text).toMatch(/\[critical\] Pod .*pay-.*: ImagePullBackOff/);
        expect(text).toMatch(context);
      },
      { timeoutMs: 30_000, description: 'the image pull finding with the rollout before it' },
    );
    // The context sits under the finding it explains.
    const finding = text.split('\n- ').find((block) => block.includes('ImagePullBackOff'))!;
    expect(finding).toMatch(context);

    const prompt = await client.getPrompt({
      name: 'diagnose-workload',
      arguments: { namespace: ns, kind: 'Deployment', name: 'pay' },
    });
    const body = (prompt.messages[0]!.content as { text: string }).text;
    expect(body).toMatch(/Changes in the last hour to it, .*newest first\): \n/);
    expect(body).toMatch(
      new RegExp(
        `- \\d\\d:\\d\\d:\\d\\dZ Deployment ${ns}/pay image registry\\.example/pay:1\\.4 → registry\\.example/pay:1\\.5-broken by e2e-rollout`,
      ),
    );
    expect(body).toContain(
      `k8s-what-changed {"relatedTo":{"kind":"Deployment","name":"pay","namespace":"${ns}"},"sinceMinutes":60}`,
    );
  });
});
