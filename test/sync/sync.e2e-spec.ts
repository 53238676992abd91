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
import { deploymentManifest } from '../factories/manifests.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import type { SyncStatus } from '../../src/sync/sync-status.js';
import type { SyncHealth } from '../../src/graph/cluster-model.controller.js';

/** Changes must reach the cache this fast (the watch delivers them in milliseconds). */
const PROPAGATION_MS = 2000;

describe('SyncModule (real cluster)', () => {
  let ns: string;
  let sut: RunningApp;
  let registry: InformerRegistry;
  let initialSyncMs: number;

  beforeAll(async () => {
    ns = await createTestNamespace('sync');
    await applyManifest(deploymentManifest('web', 2), ns);
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

  it('sees scaling, pod churn and deletion: objects within 2 s, controllers’ follow-ups eventually', async () => {
    const { apps, core } = adminClients();
    const { setHeaderOptions } = await import('@kubernetes/client-node');
    const deployments = registry.informer('Deployment')!.store;
    const webPods = () =>
      registry
        .informer('Pod')!
        .store.byIndex('label', 'app=web')
        .filter((p) => p.metadata.namespace === ns);
    const replicasOf = () =>
      (deployments.get(`${ns}/web`)?.spec as { replicas?: number } | undefined)?.replicas;
    const scale = (replicas: number) =>
      apps.patchNamespacedDeploymentScale(
        { name: 'web', namespace: ns, body: { spec: { replicas } } },
        // The scale subresource takes a JSON merge patch of a partial object.
        setHeaderOptions('Content-Type', 'application/merge-patch+json'),
      );
    const within2s = (check: () => void, description: string) =>
      expectEventually(check, { timeoutMs: PROPAGATION_MS, intervalMs: 20, description });
    const eventually = (check: () => unknown, description: string) =>
      expectEventually(check, { timeoutMs: 30_000, description });

    await scale(4);
    await within2s(() => expect(replicasOf()).toBe(4), 'scaled-up Deployment in the cache');
    await eventually(() => expect(webPods()).toHaveLength(4), 'four pods in the cache');

    const victim = webPods()[0]!.metadata.name;
    await core.deleteNamespacedPod({ name: victim, namespace: ns, gracePeriodSeconds: 0 });
    await within2s(
      () => expect(registry.informer('Pod')!.store.get(`${ns}/${victim}`)).toBeUndefined(),
      'deleted pod leaves the cache',
    );

    await scale(1);
    await within2s(() => expect(replicasOf()).toBe(1), 'scaled-down Deployment in the cache');
    await eventually(async () => {
      const listed = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=web' });
      const fresh = listed.items.map((p) => `${p.metadata!.name}@${p.metadata!.resourceVersion}`).sort();
      expect(
        webPods()
          .map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`)
          .sort(),
      ).toEqual(fresh);
    }, 'cached pods equal listed pods after scaling down');

    await apps.deleteNamespacedDeployment({ name: 'web', namespace: ns });
    await within2s(
      () => expect(deployments.get(`${ns}/web`)).toBeUndefined(),
      'deleted Deployment leaves the cache',
    );
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
