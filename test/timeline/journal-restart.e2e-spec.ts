// The on-disk change journal (TIMELINE_JOURNAL_PATH) against the real control plane: a change seen
// by one server is still answered by the next one started on the same file, whose answer goes back
// to it and says from when to when no server was recording (changes then are not in the journal).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

interface Answer {
  completeSince: string;
  gaps?: { from: string; to: string }[];
  changes: { time: string; kind: string; name: string; changes: string[] }[];
}

describe('the on-disk change journal across a restart (real cluster)', () => {
  let ns: string;
  let dir: string;
  let sut: RunningApp | undefined;
  let client: Client | undefined;

  const start = async () => {
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      K8S_NAMESPACE: ns,
      TIMELINE_JOURNAL_PATH: join(dir, 'changes.jsonl'),
    });
    const registry = sut.app.get(InformerRegistry);
    registry.start();
    await registry.ready();
    client = await connectClient(sut.url);
  };
  const stop = async () => {
    await client?.close();
    await sut?.close();
    client = undefined;
    sut = undefined;
  };
  const ask = async () => {
    const result = await call(client!, 'k8s-what-changed', { namespace: ns, sinceMinutes: 30 });
    expect(result.isError).toBeFalsy();
    return { text: textOf(result), answer: result.structuredContent as unknown as Answer };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-journal-e2e-'));
    ns = await createTestNamespace('journal');
    await applyManifest(
      `
apiVersion: apps/v1
kind: Deployment
metadata: { name: keeper }
spec:
  replicas: 2
  selector: { matchLabels: { app: keeper } }
  template:
    metadata: { labels: { app: keeper } }
    spec: { containers: [{ name: keeper, image: registry.example/keeper:1.0 }] }
`,
      ns,
    );
  });

  afterAll(async () => {
    await stop();
    if (ns) await deleteNamespace(ns);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers a change made before the restart, from the oldest kept record, with the gap named', async () => {
    await start();
    const { apps } = adminClients();
    const d = await apps.readNamespacedDeployment({ name: 'keeper', namespace: ns });
    d.spec!.replicas = 0;
    await apps.replaceNamespacedDeployment({
      name: 'keeper',
      namespace: ns,
      body: d,
      fieldManager: 'e2e-scale',
    });
    let before: Answer | undefined;
    await expectEventually(
      async () => {
        before = (await ask()).answer;
        expect(before.changes.some((c) => c.name === 'keeper' && c.changes.includes('replicas 2 → 0'))).toBe(
          true,
        );
      },
      { timeoutMs: 30_000, description: 'the scale in the first journal' },
    );
    const firstStart = Date.parse(before!.completeSince);
    await stop();
    const stoppedAt = Date.now();

    await start();
    const { text, answer } = await ask();
    const scale = answer.changes.find((c) => c.name === 'keeper' && c.changes.includes('replicas 2 → 0'));
    expect(scale).toBeDefined();
    // Complete since the first server began, not since this one did.
    expect(Date.parse(answer.completeSince)).toBe(firstStart);
    expect(Date.parse(answer.completeSince)).toBeLessThanOrEqual(Date.parse(scale!.time));
    expect(answer.gaps).toHaveLength(1);
    const gap = answer.gaps![0]!;
    expect(Date.parse(gap.from)).toBeGreaterThanOrEqual(Date.parse(scale!.time));
    expect(Date.parse(gap.from)).toBeLessThanOrEqual(stoppedAt);
    expect(Date.parse(gap.to)).toBeGreaterThanOrEqual(stoppedAt);
    expect(text).toContain(`note: not recording from ${gap.from} to ${gap.to}`);
    expect(text).toContain('replicas 2 → 0');
  });
});
