// k8s-cluster-summary, the summary resources (with a live subscription) and the prompts through a
// real MCP client against the real control plane, with the sample application applied under a
// name prefix of its own. The broken samples are driven into their states by the KWOK stages in
// test/cluster/kwok-stages/demo-failures.yaml (pod label k8s-mcp.demo/simulate) and the scheduler.
import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  applySamples,
  deleteSamples,
  SIMULATE_LABEL,
  waitForSamples,
  type SampleNames,
} from '../../scripts/lib/samples.mjs';
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
import { K8sService } from '../../src/k8s/k8s.service.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import type { RankedFinding } from '../../src/summary/ranking.js';

const prefix = `e2e-${randomBytes(3).toString('hex')}-`;

/** The issue's promise: a subscriber hears of a crash within 10 s. */
const NOTIFY_WITHIN_MS = 10_000;

interface Structured {
  bytes: number;
  maxBytes: number;
  truncated: boolean;
  hidden: { namespaces: number; objects: number; allowed?: number; denied: number };
  sections: Record<
    string,
    { items: Record<string, unknown>[]; shown: number; listed: number; included: boolean }
  >;
}

describe('cluster summary, resources and prompts (real cluster, sample application)', () => {
  let names: SampleNames;
  let crashNs: string;
  let sut: RunningApp;
  let client: Client;
  let ours: string[];

  beforeAll(async () => {
    const { kc } = adminClients();
    names = (await applySamples(kc, { prefix })).names;
    crashNs = await createTestNamespace('summary-crash');
    await applyManifest(deploymentManifest('steady', 1), crashNs);
    await waitForSamples(kc, { prefix, timeoutMs: 150_000 });
    ours = [names.namespaces.shop, names.namespaces.data, names.namespaces.ops, crashNs];
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      // Only this suite's namespaces are visible: other suites' objects stay out, and the policy is exercised.
      K8S_ALLOWED_NAMESPACES: ours.join(','),
      MAX_SUMMARY_SIZE_KB: '50',
    });
    await sut.app.get(K8sService).probe();
    const registry = sut.app.get(InformerRegistry);
    registry.start();
    await registry.ready();
    client = await connectClient(sut.url);
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await sut?.close();
    if (crashNs) await deleteNamespace(crashNs);
    await deleteSamples(adminClients().kc, { prefix, wait: false });
  }, 120_000);

  /** The ranked findings of the anomalies summary (structured), once `ready` holds for them. */
  async function findings(ready: (f: RankedFinding[]) => void = () => undefined): Promise<RankedFinding[]> {
    return expectEventually(
      async () => {
        const result = await call(client, 'k8s-cluster-summary', {
          summary_type: 'anomalies',
          max_size_kb: 50,
        });
        expect(result.isError).toBeFalsy();
        const items = (result.structuredContent as unknown as Structured).sections.anomalies!
          .items as unknown as RankedFinding[];
        ready(items);
        return items;
      },
      { timeoutMs: 90_000, intervalMs: 1000, description: 'anomalies as expected' },
    );
  }

  const find = (list: RankedFinding[], kind: string, ns: string, name: RegExp | string, reason?: string) =>
    list.find(
      (f) =>
        f.kind === kind &&
        f.namespace === ns &&
        (typeof name === 'string' ? f.name === name : name.test(f.name)) &&
        (!reason || f.reason === reason),
    );

  it('reports every broken sample object with the right detector and its evidence', async () => {
    const { shop, data, ops } = names.namespaces;
    const list = await findings((l) => {
      // The Unschedulable pod is reported once it has been so for the threshold (30 s).
      expect(find(l, 'Pod', ops, /^gpu-trainer-/, 'Unschedulable')).toBeDefined();
    });
    expect(find(list, 'Pod', shop, /^payment-/, 'CrashLoopBackOff')).toMatchObject({
      detector: 'pod-crashloop',
      severity: 'critical',
      message: expect.stringContaining(
        'last termination Error (exit code 1): fatal: cannot connect to payment gateway',
      ),
      count: expect.any(Number),
    });
    expect(find(list, 'Pod', shop, /^recommendations-/)).toMatchObject({
      detector: 'pod-image-pull',
      reason: expect.stringMatching(/^(ImagePullBackOff|ErrImagePull)$/),
      message: expect.stringContaining('registry.invalid/shop/recommendations:2.0.0-rc1'),
    });
    expect(find(list, 'Pod', data, /^analytics-worker-/)).toMatchObject({
      detector: 'pod-oomkilled',
      reason: 'OOMKilled',
      message: expect.stringContaining('exit code 137; memory limit 128Mi'),
    });
    expect(find(list, 'Pod', ops, /^gpu-trainer-/)).toMatchObject({
      detector: 'pod-pending',
      message: expect.stringMatching(/node\(s\) didn't match/),
    });
    expect(find(list, 'Service', shop, 'inventory')).toMatchObject({
      detector: 'service-endpoints',
      reason: 'SelectorMatchesNothing',
      message: expect.stringContaining('selector app=inventory matches no pod'),
    });
    expect(find(list, 'Ingress', shop, 'admin')).toMatchObject({
      detector: 'ingress-backend',
      reason: 'BackendServiceMissing',
      message: expect.stringContaining('admin-dashboard'),
    });
    // Symptoms are listed under their cause, not ranked as findings of their own: the payment
    // crash takes down its Deployment and Service; the image that does not exist, its Deployment.
    const payment = find(list, 'Pod', shop, /^payment-/, 'CrashLoopBackOff')!;
    expect(payment.takesDown).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'Deployment', namespace: shop, name: 'payment' }),
        expect.objectContaining({ kind: 'Service', namespace: shop, name: 'payment' }),
      ]),
    );
    expect(payment.explains).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'Service', name: 'payment', reason: 'NoReadyEndpoints' }),
        expect.objectContaining({ kind: 'Deployment', name: 'payment', detector: 'workload-unavailable' }),
      ]),
    );
    expect(find(list, 'Pod', shop, /^recommendations-/)!.takesDown).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'Deployment', name: 'recommendations' })]),
    );
    for (const [kind, name] of [
      ['Service', 'payment'],
      ['Deployment', 'payment'],
      ['Deployment', 'recommendations'],
    ])
      expect(find(list, kind, shop, name)).toBeUndefined();
  });

  it('reports nothing healthy as broken', async () => {
    const list = await findings();
    const healthy =
      /^(frontend|catalog|cart|redis|postgres|postgres-headless|log-agent|schema-migrate|nightly-report|steady|data-postgres-\d)(-|$)/;
    const wrong = list.filter(
      (f) =>
        healthy.test(f.name) &&
        // The HPA of frontend is a real finding on this control plane (no metrics API), not a healthy object.
        f.kind !== 'HorizontalPodAutoscaler',
    );
    expect(wrong).toEqual([]);
    // The inventory Deployment is healthy; only its Service is wrong.
    expect(find(list, 'Deployment', names.namespaces.shop, 'inventory')).toBeUndefined();
    const hpa = list.filter((f) => f.kind === 'HorizontalPodAutoscaler');
    if (hpa.length)
      console.log(
        `[summary e2e] HPA findings on this control plane: ${hpa.map((f) => `${f.name} ${f.reason}: ${f.message}`).join('; ')}`,
      );
  });

  it('ranks the failing Service-backed workload above the lone failures', async () => {
    const list = (await findings()).filter((f) => f.namespace?.startsWith(prefix));
    const rank = (kind: string, name: RegExp) => list.findIndex((f) => f.kind === kind && name.test(f.name));
    expect(list[0]).toMatchObject({
      namespace: names.namespaces.shop,
      name: expect.stringMatching(/^payment/),
    });
    expect(rank('Pod', /^payment-/)).toBeLessThan(rank('Pod', /^recommendations-/));
    expect(rank('Pod', /^payment-/)).toBeLessThan(rank('Pod', /^analytics-worker-/));
    expect(rank('Pod', /^payment-/)).toBeLessThan(rank('Pod', /^gpu-trainer-/));
    // The gpu-trainer Deployment's unavailability is explained by its Unschedulable pod at once.
    expect(rank('Deployment', /^gpu-trainer$/)).toBe(-1);
  });

  it.each([1, 2, 5, 10, 20])(
    'overview at %i KB stays within the budget and announces what it cut',
    async (kb) => {
      const result = await call(client, 'k8s-cluster-summary', {
        summary_type: 'overview',
        max_size_kb: kb,
        include_anomalies: true,
      });
      const text = textOf(result);
      const s = result.structuredContent as unknown as Structured;
      expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(kb * 1024);
      expect(s.bytes).toBe(Buffer.byteLength(text, 'utf8'));
      expect(text).toMatch(/^Cluster summary: overview · Kubernetes v\d/);
      if (s.truncated) expect(text).toMatch(/… and \d+ more|\[cut to fit/);
      // Namespaces outside the allow-list are not watched: the summary says so and never names them.
      expect(s.hidden).toMatchObject({ allowed: 4, denied: 0 });
      if (kb >= 2)
        expect(text).toContain('Namespace policy: only 4 allowed namespaces are watched and shown');
      expect(text).not.toMatch(/kube-system|kube-public|kube-node-lease/);
    },
  );

  it('namespace summary of a hidden namespace is refused', async () => {
    const result = await call(client, 'k8s-cluster-summary', {
      summary_type: 'namespace',
      namespace: 'kube-system',
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("namespace 'kube-system' not found");
  });

  it('lists and reads the resources; a hidden namespace resource is refused', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual([
      'k8s://cluster/summary',
      'k8s://anomalies',
      'k8s://changes',
    ]);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['k8s://namespaces/{namespace}/summary']);
    const shop = await client.readResource({ uri: `k8s://namespaces/${names.namespaces.shop}/summary` });
    const text = (shop.contents[0] as { text: string }).text;
    expect(text).toContain(`Cluster summary: namespace ${names.namespaces.shop}`);
    expect(text).toContain('CrashLoopBackOff');
    const overview = await client.readResource({ uri: 'k8s://cluster/summary' });
    expect((overview.contents[0] as { text: string }).text).toContain('## Anomalies');
    // A hidden namespace answers as a missing one.
    await expect(client.readResource({ uri: 'k8s://namespaces/kube-system/summary' })).rejects.toThrow(
      /namespace 'kube-system' not found/,
    );
    await expect(client.readResource({ uri: 'k8s://namespaces/no-such-ns-here/summary' })).rejects.toThrow(
      /namespace 'no-such-ns-here' not found/,
    );
  });

  it('a client subscribed to k8s://anomalies hears of a crashing pod within 10 s', async () => {
    const { apps } = adminClients();
    await expectEventually(
      async () => {
        const d = await apps.readNamespacedDeployment({ namespace: crashNs, name: 'steady' });
        expect(d.status?.availableReplicas).toBe(1);
      },
      { timeoutMs: 60_000, description: 'steady is available' },
    );
    let patchedAt = 0;
    let heardAt = 0;
    const crashed = new Promise<void>((resolve) => {
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, async (n) => {
        if (n.params.uri !== 'k8s://anomalies' || patchedAt === 0) return;
        const read = await client.readResource({ uri: 'k8s://anomalies' });
        const text = (read.contents[0] as { text: string }).text;
        if (new RegExp(`Pod ${crashNs}/steady-[a-z0-9-]+: CrashLoopBackOff`).test(text) && !heardAt) {
          heardAt = Date.now();
          resolve();
        }
      });
    });
    await client.subscribeResource({ uri: 'k8s://anomalies' });
    patchedAt = Date.now();
    // A bad rollout: the new pod template opts into the KWOK crash-loop stage (JSON patch: client-node's default).
    await apps.patchNamespacedDeployment({
      namespace: crashNs,
      name: 'steady',
      body: [
        {
          op: 'add',
          path: `/spec/template/metadata/labels/${SIMULATE_LABEL.replace('/', '~1')}`,
          value: 'crashloop',
        },
      ],
    });
    await Promise.race([crashed, new Promise((r) => setTimeout(r, 30_000))]);
    expect(heardAt).toBeGreaterThan(0);
    const elapsed = heardAt - patchedAt;
    console.log(`[summary e2e] crash heard ${elapsed} ms after the rollout`);
    expect(elapsed).toBeLessThan(NOTIFY_WITHIN_MS);
    await client.unsubscribeResource({ uri: 'k8s://anomalies' });
  });

  it('offers the prompts, filled from the cache', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['diagnose-workload', 'cluster-health-check']);
    const diag = await client.getPrompt({
      name: 'diagnose-workload',
      arguments: { namespace: names.namespaces.shop, kind: 'Deployment', name: 'payment' },
    });
    const text = (diag.messages[0]!.content as { text: string }).text;
    expect(text).toContain(`Diagnose the Deployment ${names.namespaces.shop}/payment`);
    expect(text).toContain('- payment (ClusterIP): 0/1 endpoints ready');
    expect(text).toContain('CrashLoopBackOff');
    const health = await client.getPrompt({ name: 'cluster-health-check', arguments: {} });
    expect((health.messages[0]!.content as { text: string }).text).toContain('## Anomalies');
    await expect(
      client.getPrompt({
        name: 'diagnose-workload',
        arguments: { namespace: 'kube-system', kind: 'Deployment', name: 'x' },
      }),
    ).rejects.toThrow(/namespace 'kube-system' not found/);
  });
});
