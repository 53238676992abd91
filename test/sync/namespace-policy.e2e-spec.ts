// With a namespace policy the sync never watches what the policy hides (STYLE.md rule 4).
import {
  applyManifest,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { type RunningApp, startApp } from '../helpers/mcp-app.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import type { SyncStatus } from '../../src/sync/sync-status.js';

const configMap = (name: string) => `
apiVersion: v1
kind: ConfigMap
metadata: { name: ${name} }
data: { k: v }
`;

async function startSynced(
  env: Record<string, string>,
): Promise<{ app: RunningApp; registry: InformerRegistry }> {
  const app = await startApp({ KUBECONFIG_PATH: testKubeconfigPath(), ...env });
  const registry = app.app.get(InformerRegistry);
  registry.start();
  await registry.ready();
  return { app, registry };
}

const namespacesIn = (registry: InformerRegistry, kind: string) =>
  new Set(
    registry
      .informer(kind)!
      .store.list()
      .map((o) => o.metadata.namespace),
  );

describe('SyncModule with a namespace policy (real cluster)', () => {
  let shown: string;
  let hidden: string;
  let sut: RunningApp | undefined;

  beforeAll(async () => {
    [shown, hidden] = await Promise.all([
      createTestNamespace('sync-shown'),
      createTestNamespace('sync-hidden'),
    ]);
    await applyManifest(configMap('visible'), shown);
    await applyManifest(configMap('invisible'), hidden);
  });

  afterEach(async () => {
    await sut?.close();
    sut = undefined;
  });

  afterAll(async () => {
    await Promise.all([shown, hidden].filter(Boolean).map(deleteNamespace));
  });

  it('with an allow-list: one reflector per allowed namespace, nothing cached from others', async () => {
    const { app, registry } = await startSynced({ K8S_ALLOWED_NAMESPACES: shown });
    sut = app;
    const status = (await (await fetch(`${app.url}/intelligent/status`)).json()) as SyncStatus;
    const pods = status.kinds.find((k) => k.kind === 'Pod')!;
    expect(pods.scopes.map((s) => s.namespace)).toEqual([shown]);
    expect(status.kinds.find((k) => k.kind === 'Node')!.scopes.map((s) => s.namespace)).toEqual([undefined]);
    for (const kind of ['Pod', 'ConfigMap', 'Secret', 'ServiceAccount', 'Event']) {
      expect([...namespacesIn(registry, kind)].filter((ns) => ns !== shown)).toEqual([]);
    }
    expect(registry.informer('Namespace')!.store.keys()).toEqual([shown]);
    expect(registry.informer('ConfigMap')!.store.get(`${shown}/visible`)).toBeDefined();
    expect(status.healthScore).toBe(100);
  });

  it('with a deny-list: a cluster-wide watch that leaves the denied namespace out', async () => {
    const { app, registry } = await startSynced({ K8S_FORBIDDEN_NAMESPACES: hidden });
    sut = app;
    for (const kind of ['Pod', 'ConfigMap', 'ServiceAccount', 'Event']) {
      expect(namespacesIn(registry, kind).has(hidden)).toBe(false);
    }
    expect(namespacesIn(registry, 'ConfigMap').has(shown)).toBe(true);
    expect(registry.informer('Namespace')!.store.get(hidden)).toBeUndefined();
    expect(registry.informer('Namespace')!.store.get(shown)).toBeDefined();
  });
});
