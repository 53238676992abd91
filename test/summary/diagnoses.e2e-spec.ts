// The diagnoses an on-call engineer acts on, on the real control plane, with fault topologies of
// this suite's own (issue 20): a crash behind a Service behind an Ingress, a pod no node takes for
// a missing label and one for an untolerated taint (on a tainted KWOK node this suite adds), a
// Service whose selector matches nothing, an image that does not exist and a missing ConfigMap.
// Each root cause must be one finding ranked above its symptoms, stay intact at small budgets
// with the cut notice counting the rest, and each hint's calls, made as written, must show what
// the hint says. Crashes and image pulls come from the KWOK stages (pod label
// k8s-mcp.demo/simulate). Cost: ~45 s, most of it the 30 s the Unschedulable finding waits for.
import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SIMULATE_LABEL } from '../../scripts/lib/samples.mjs';
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
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import type { RankedFinding } from '../../src/summary/ranking.js';

const id = randomBytes(3).toString('hex');
/** A label no node has, and the label and taint of the one node this suite adds. */
const MISSING_LABEL = `diag-e2e-pool=${id}-missing`;
const POOL_KEY = 'diag-e2e-tainted-pool';
const TAINT = { key: 'diag-e2e/dedicated', value: id, effect: 'NoSchedule' };
const TAINT_TEXT = `${TAINT.key}=${TAINT.value}:${TAINT.effect}`;
const nodeName = `diag-e2e-${id}`;

const deployment = (
  name: string,
  opts: { simulate?: string; image?: string; podSpec?: string; container?: string } = {},
) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, labels: { app: ${name} } }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata:
      labels: { app: ${name}${opts.simulate ? `, ${SIMULATE_LABEL}: ${opts.simulate}` : ''} }
    spec:${opts.podSpec ?? ''}
      containers:
        - name: app
          image: ${opts.image ?? 'registry.example/app:1.0'}${opts.container ?? ''}
`;

const service = (name: string, selector: string) => `
apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec:
  selector: { app: ${selector} }
  ports: [{ port: 80, targetPort: 8080 }]
`;

const appManifest = [
  // A crash behind a Service behind an Ingress.
  deployment('checkout', { simulate: 'crashloop' }),
  service('checkout', 'checkout'),
  `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: storefront }
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: checkout, port: { number: 80 } } }
`,
  // A healthy Deployment its Service does not select (a typo in the selector).
  deployment('inventory'),
  service('inventory', 'inventory-v2'),
  // An image that does not exist.
  deployment('recommender', { simulate: 'imagepull', image: `registry.invalid/diag/recommender:${id}` }),
  // A ConfigMap that does not exist, named by an env key reference.
  deployment('worker', {
    container: `
          env:
            - name: WORKER_MODE
              valueFrom: { configMapKeyRef: { name: worker-settings, key: mode } }`,
  }),
].join('---');

const schedManifest = [
  deployment('trainer', { podSpec: `\n      nodeSelector: { ${MISSING_LABEL.replace('=', ': ')} }` }),
  // Only the tainted node has the pool label; the pod does not tolerate its taint.
  deployment('batch', { podSpec: `\n      nodeSelector: { ${POOL_KEY}: '${id}' }` }),
].join('---');

interface Anomalies {
  sections: Record<string, { items: Record<string, unknown>[]; shown: number; listed: number }>;
}

/** The calls a hint names, as written: `k8s-tool {json}`. */
function callsIn(hint: string): { tool: string; args: Record<string, unknown> }[] {
  return [...hint.matchAll(/(k8s-[a-z-]+) (\{[^{}]*\})/g)].map((m) => ({
    tool: m[1]!,
    args: JSON.parse(m[2]!) as Record<string, unknown>,
  }));
}

describe('diagnoses: causes before symptoms, decisive words kept, no dead ends (real cluster)', () => {
  let app: string;
  let sched: string;
  let sut: RunningApp;
  let client: Client;
  let list: RankedFinding[];

  beforeAll(async () => {
    const { core } = adminClients();
    // A KWOK node (kwok manages every node) with a pool label and a taint; deleted afterwards.
    await core.createNode({
      body: {
        metadata: {
          name: nodeName,
          labels: { 'kubernetes.io/hostname': nodeName, [POOL_KEY]: id },
          annotations: { 'kwok.x-k8s.io/node': 'fake' },
        },
        spec: { taints: [TAINT] },
        status: {
          capacity: { cpu: '4', memory: '16Gi', pods: '110' },
          allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
        },
      },
    });
    [app, sched] = await Promise.all([createTestNamespace('diag-app'), createTestNamespace('diag-sched')]);
    await Promise.all([applyManifest(appManifest, app), applyManifest(schedManifest, sched)]);
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      K8S_ALLOWED_NAMESPACES: `${app},${sched}`,
      MAX_SUMMARY_SIZE_KB: '50',
    });
    const registry = sut.app.get(InformerRegistry);
    registry.start();
    await registry.ready();
    client = await connectClient(sut.url);
    list = await expectEventually(
      async () => {
        const result = await call(client, 'k8s-cluster-summary', {
          summary_type: 'anomalies',
          max_size_kb: 50,
        });
        const items = (result.structuredContent as unknown as Anomalies).sections.anomalies!
          .items as unknown as RankedFinding[];
        const has = (kind: string, ns: string, name: RegExp, reason: string) =>
          items.some(
            (f) => f.kind === kind && f.namespace === ns && name.test(f.name) && f.reason === reason,
          );
        expect(has('Pod', app, /^checkout-/, 'CrashLoopBackOff')).toBe(true);
        expect(has('Service', app, /^inventory$/, 'SelectorMatchesNothing')).toBe(true);
        expect(items.some((f) => /^recommender-/.test(f.name) && f.detector === 'pod-image-pull')).toBe(true);
        expect(has('Pod', app, /^worker-/, 'MissingReference')).toBe(true);
        expect(has('Pod', sched, /^trainer-/, 'Unschedulable')).toBe(true);
        expect(has('Pod', sched, /^batch-/, 'Unschedulable')).toBe(true);
        return items;
      },
      { timeoutMs: 90_000, intervalMs: 1000, description: 'every planted fault found' },
    );
  }, 150_000);

  afterAll(async () => {
    await client?.close();
    await sut?.close();
    await Promise.all([app && deleteNamespace(app), sched && deleteNamespace(sched)]);
    try {
      await adminClients().core.deleteNode({ name: nodeName });
    } catch (err) {
      if (apiStatus(err) !== 404) throw err;
    }
  }, 60_000);

  const find = (ns: string, kind: string, name: RegExp) =>
    list.findIndex((f) => f.namespace === ns && f.kind === kind && name.test(f.name));

  it('reports each root cause once, with what it takes down, above its symptoms', () => {
    const crash = list[find(app, 'Pod', /^checkout-/)]!;
    expect(crash).toMatchObject({ severity: 'critical', reason: 'CrashLoopBackOff' });
    expect(crash.message).toContain('exit code 1');
    expect(crash.takesDown).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'Deployment', name: 'checkout' }),
        expect.objectContaining({ kind: 'Service', name: 'checkout' }),
        expect.objectContaining({ kind: 'Ingress', name: 'storefront' }),
      ]),
    );
    const image = list[find(app, 'Pod', /^recommender-/)]!;
    expect(image.message).toContain(`registry.invalid/diag/recommender:${id}`);
    expect(image.takesDown).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'Deployment', name: 'recommender' })]),
    );
    expect(list[find(app, 'Service', /^inventory$/)]).toMatchObject({
      severity: 'critical',
      message: expect.stringContaining('selector app=inventory-v2 matches no pod'),
    });
    expect(list[find(app, 'Pod', /^worker-/)]!.message).toContain('ConfigMap worker-settings');
    expect(list[find(sched, 'Pod', /^trainer-/)]!.message).toContain(`no node has label ${MISSING_LABEL}`);
    expect(list[find(sched, 'Pod', /^batch-/)]!.message).toContain(`untolerated taint ${TAINT_TEXT}`);
    // One finding per cause: no other finding for the same pod, and a symptom (the Deployment,
    // Service or Ingress a cause takes down) is either folded into its cause or ranked below it.
    for (const cause of [/^checkout-/, /^recommender-/, /^trainer-/, /^batch-/, /^worker-/]) {
      const ns = cause.source.includes('trainer') || cause.source.includes('batch') ? sched : app;
      expect(list.filter((f) => f.namespace === ns && f.kind === 'Pod' && cause.test(f.name))).toHaveLength(
        1,
      );
    }
    for (const [ns, causeName, symptoms] of [
      [app, /^checkout-/, ['Deployment/checkout', 'Service/checkout', 'Ingress/storefront']],
      [app, /^recommender-/, ['Deployment/recommender']],
      [sched, /^trainer-/, ['Deployment/trainer']],
      [sched, /^batch-/, ['Deployment/batch']],
    ] as const) {
      const causeRank = find(ns, 'Pod', causeName);
      for (const s of symptoms) {
        const [kind, name] = s.split('/');
        const at = find(ns, kind!, new RegExp(`^${name}$`));
        if (at !== -1) expect(at).toBeGreaterThan(causeRank);
      }
    }
  });

  it.each([1, 2, 5, 10])(
    'at %i KB every finding shown is intact and the cut notice counts the rest',
    async (kb) => {
      const result = await call(client, 'k8s-cluster-summary', {
        summary_type: 'anomalies',
        max_size_kb: kb,
      });
      const text = textOf(result);
      expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(kb * 1024);
      const lines = text.split('\n');
      let shown = 0;
      for (const f of list) {
        const at = lines.findIndex((l) =>
          l.startsWith(`- [${f.severity}] ${f.kind} ${f.namespace}/${f.name}`),
        );
        if (at === -1) continue;
        shown++;
        const line = lines[at]!;
        expect(line).toContain(`: ${f.reason}`);
        // The decisive end of the message (image name, "not found", exit code, the label) is kept.
        const message = (f.message ?? '').replace(/\s+/g, ' ').trim();
        expect(line).toContain(message.slice(-24));
        expect(line).toContain(message.slice(0, 12));
        // The named fact of an Unschedulable pod comes before the scheduler's words: kept whole.
        const named = message.split(' (scheduler: ')[0]!;
        if (named !== message) expect(line).toContain(named);
      }
      const more = /… and (\d+) more findings/.exec(text);
      const cut = /\[cut to fit [\d.]+ KB: \d+ more sections, (\d+) items/.exec(text);
      if (shown < list.length) {
        // Either the anomalies section says how many findings it left out, or the cut notice counts them.
        if (more) expect(shown + Number(more[1])).toBe(list.length);
        else expect(cut && Number(cut[1])).toBeGreaterThanOrEqual(list.length);
      } else expect(more).toBeNull();
      if (kb >= 2) expect(shown).toBeGreaterThan(0);
      if (process.env.DIAG_SHOW) console.log(text);
      console.log(
        `[diagnoses e2e] ${kb} KB: ${shown} of ${list.length} findings shown, ${Buffer.byteLength(text)} bytes`,
      );
    },
  );

  it("every hint's calls, made as written, show what the hint says", async () => {
    const ours = list.filter((f) => f.namespace === app || f.namespace === sched);
    let calls = 0;
    for (const f of ours) {
      // structuredContent carries the hint as the text the model reads.
      const named = callsIn(f.hint as unknown as string);
      expect(named.length).toBeGreaterThan(0);
      for (const c of named) {
        calls++;
        const result = await call(client, c.tool, c.args);
        const text = textOf(result);
        const what = `${f.kind} ${f.name} (${f.reason}): ${c.tool} ${JSON.stringify(c.args)} → ${text.slice(0, 300)}`;
        if (c.tool === 'k8s-get-resource') {
          // The missing object's call answers that it does not exist.
          expect({ what, isError: result.isError, text }).toMatchObject({
            isError: true,
            text: expect.stringMatching(/not found/),
          });
          continue;
        }
        expect({ what, isError: result.isError ?? false }).toEqual({ what, isError: false });
        switch (c.tool) {
          case 'k8s-describe-pod':
            if (f.reason === 'Unschedulable') expect(text).toMatch(/Node-Selector: \S+=/);
            if (f.detector === 'pod-image-pull')
              expect(text).toContain(`registry.invalid/diag/recommender:${id}`);
            if (f.reason === 'MissingReference')
              expect(text).toContain('WORKER_MODE ← ConfigMap worker-settings/mode');
            break;
          case 'k8s-get-nodes':
            // The nodes with the label the pod asks for: none, or the tainted one with its taint.
            if (f.message?.includes('no node has label')) expect(text).toMatch(/^No nodes found/);
            else expect(text).toContain(TAINT_TEXT);
            break;
          case 'k8s-cluster-summary':
            if (c.args.summary_type === 'nodes' && f.message?.includes('untolerated taint'))
              expect(text).toContain(TAINT_TEXT);
            break;
          case 'k8s-get-pods':
            if (f.reason === 'SelectorMatchesNothing' && c.args.labelSelector)
              expect(text).toMatch(/^No pods found/);
            break;
          case 'k8s-get-logs':
            expect(text.length).toBeGreaterThan(0);
            break;
        }
      }
    }
    console.log(`[diagnoses e2e] ${calls} hint calls made for ${ours.length} findings`);
  });
});
