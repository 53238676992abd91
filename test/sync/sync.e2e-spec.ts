// The SyncModule against the real control plane: initial sync, live changes, deletions,
// metadata-only Secrets, and the store matching a fresh LIST.
import {
  adminClients,
  applyManifest,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { type RunningApp, startApp } from '../helpers/mcp-app.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import type { SyncStatus } from '../../src/sync/sync-status.js';
import type { SyncHealth } from '../../src/sync/sync-status.controller.js';

/** Changes must reach the cache this fast (the watch delivers them in milliseconds). */
const PROPAGATION_MS = 2000;

const deployment = (name: string, replicas: number) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, labels: { app: ${name} } }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: [{ name: app, image: registry.example/app:1.0 }]
`;

describe('SyncModule (real cluster)', () => {
  let ns: string;
  let sut: RunningApp;
  let registry: InformerRegistry;
  let initialSyncMs: number;

  beforeAll(async () => {
    ns = await createTestNamespace('sync');
    await applyManifest(deployment('web', 2), ns);
    sut = await startApp({ KUBECONFIG_PATH: testKubeconfigPath() });
    registry = sut.app.get(InformerRegistry);
    const started = Date.now();
    registry.start();
    await registry.ready();
    initialSyncMs = Date.now() - started;
    console.log(
      `[sync e2e] initial sync of ${registry.informers().length} kinds: ${initialSyncMs} ms, ` +
        `${registry.informer('Pod')!.store.size} pods`,
    );
  });

  afterAll(async () => {
    await sut?.close();
    if (ns) await deleteNamespace(ns);
  });

  it('syncs every watched kind and reports it on /intelligent/status and /intelligent/health', async () => {
    const status = (await (await fetch(`${sut.url}/intelligent/status`)).json()) as SyncStatus;
    expect(status.phase).toBe('synced');
    expect(status.kinds.length).toBe(InformerRegistry.kinds().length);
    for (const kind of status.kinds) {
      expect({ kind: kind.kind, synced: kind.synced, state: kind.state }).toEqual({
        kind: kind.kind,
        synced: true,
        state: 'healthy',
      });
    }
    const health = (await (await fetch(`${sut.url}/intelligent/health`)).json()) as SyncHealth;
    expect(health).toMatchObject({ phase: 'synced', healthScore: 100 });
  });

  it('holds exactly what a fresh LIST returns (pod keys and resourceVersions)', async () => {
    const { core } = adminClients();
    await expectEventually(
      async () => {
        const listed = await core.listNamespacedPod({ namespace: ns });
        const fresh = listed.items
          .map((p) => `${ns}/${p.metadata!.name}@${p.metadata!.resourceVersion}`)
          .sort();
        const cached = registry
          .informer('Pod')!
          .store.byIndex('namespace', ns)
          .map((p) => `${ns}/${p.metadata.name}@${p.metadata.resourceVersion}`)
          .sort();
        expect(fresh.length).toBe(2);
        expect(cached).toEqual(fresh);
      },
      { timeoutMs: 30_000, description: 'cached pods equal listed pods' },
    );
  });

  it('sees scaling up and down within 2 s', async () => {
    const { apps } = adminClients();
    const pods = registry.informer('Pod')!.store;
    await apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace: ns, body: { spec: { replicas: 4 } } },
      // JSON merge patch: the scale subresource takes a partial object.
      (await import('@kubernetes/client-node')).setHeaderOptions(
        'Content-Type',
        'application/merge-patch+json',
      ),
    );
    await expectEventually(
      async () => {
        const d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
        const cached = registry.informer('Deployment')!.store.get(`${ns}/web`);
        expect(cached?.metadata.resourceVersion).toBe(d.metadata!.resourceVersion);
        expect(pods.byIndex('label', 'app=web').filter((p) => p.metadata.namespace === ns)).toHaveLength(4);
      },
      { timeoutMs: 30_000, description: 'scale up reaches the cache' },
    );
    const before = Date.now();
    await apps.deleteNamespacedDeployment({ name: 'web', namespace: ns });
    await expectEventually(
      () => expect(registry.informer('Deployment')!.store.get(`${ns}/web`)).toBeUndefined(),
      { timeoutMs: PROPAGATION_MS, intervalMs: 20, description: 'deleted deployment leaves the cache' },
    );
    expect(Date.now() - before).toBeLessThan(PROPAGATION_MS);
  });

  it('sees a created and a deleted ConfigMap within 2 s', async () => {
    const { core } = adminClients();
    const store = registry.informer('ConfigMap')!.store;
    await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'cm1' }, data: { k: 'v' } },
    });
    await expectEventually(() => expect(store.get(`${ns}/cm1`)).toBeDefined(), {
      timeoutMs: PROPAGATION_MS,
      intervalMs: 20,
      description: 'created ConfigMap in the cache',
    });
    expect(store.get(`${ns}/cm1`)).not.toHaveProperty('data');
    await core.deleteNamespacedConfigMap({ name: 'cm1', namespace: ns });
    await expectEventually(() => expect(store.get(`${ns}/cm1`)).toBeUndefined(), {
      timeoutMs: PROPAGATION_MS,
      intervalMs: 20,
      description: 'deleted ConfigMap leaves the cache',
    });
  });

  it('caches Secrets as metadata only: no data, no last-applied copy, no managedFields', async () => {
    const { core } = adminClients();
    await core.createNamespacedSecret({
      namespace: ns,
      body: {
        metadata: {
          name: 'creds',
          labels: { app: 'creds' },
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"c2VjcmV0"}}',
          },
        },
        stringData: { password: 'secret' },
      },
    });
    const cached = await expectEventually(
      () => {
        const s = registry.informer('Secret')!.store.get(`${ns}/creds`);
        if (!s) throw new Error('not cached yet');
        return s;
      },
      { timeoutMs: PROPAGATION_MS, intervalMs: 20, description: 'Secret in the cache' },
    );
    expect(cached.metadata.labels).toEqual({ app: 'creds' });
    expect(cached).not.toHaveProperty('data');
    expect(cached).not.toHaveProperty('stringData');
    expect(cached.metadata).not.toHaveProperty('managedFields');
    expect(JSON.stringify(cached)).not.toContain('c2VjcmV0');
  });
});
