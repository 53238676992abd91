// Credentials that may read only some kinds: the others are skipped as forbidden after a real 403,
// readiness still settles, and the health score leaves them out.
import { applyManifest, createTestNamespace, deleteNamespace } from '../helpers/cluster.js';
import { type RunningApp, startApp } from '../helpers/mcp-app.js';
import { serviceAccountKubeconfig } from '../helpers/service-account.js';
import { serviceAccountWithRole } from '../factories/manifests.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import type { SyncStatus } from '../../src/sync/sync-status.js';
import type { SyncHealth } from '../../src/graph/cluster-model.controller.js';

describe('SyncModule with limited RBAC (real cluster)', () => {
  let ns: string;
  let sut: RunningApp;

  beforeAll(async () => {
    ns = await createTestNamespace('sync-rbac');
    await applyManifest(
      serviceAccountWithRole('syncer', 'sync-reader', [
        { resources: ['pods', 'configmaps'], verbs: ['list', 'watch'] },
      ]),
      ns,
    );
    sut = await startApp({
      KUBECONFIG_PATH: await serviceAccountKubeconfig(ns, 'syncer'),
      K8S_ALLOWED_NAMESPACES: ns,
    });
    const registry = sut.app.get(InformerRegistry);
    registry.start();
    await registry.ready();
  });

  afterAll(async () => {
    await sut?.close();
    if (ns) await deleteNamespace(ns);
  });

  it('syncs what RBAC grants and marks the rest forbidden, without failing readiness', async () => {
    const status = (await (await fetch(`${sut.url}/intelligent/status`)).json()) as SyncStatus;
    const state = (kind: string) => status.kinds.find((k) => k.kind === kind)!;
    expect(status.phase).toBe('synced');
    expect(state('Pod')).toMatchObject({ state: 'healthy', synced: true });
    expect(state('ConfigMap')).toMatchObject({ state: 'healthy', synced: true });
    for (const kind of ['Secret', 'Node', 'Namespace', 'Deployment', 'Event']) {
      expect({ kind, state: state(kind).state, errors: state(kind).errors }).toEqual({
        kind,
        state: 'forbidden',
        errors: 0,
      });
    }
    expect(state('Secret').lastError).toMatch(/forbidden|RBAC/i);

    const health = (await (await fetch(`${sut.url}/intelligent/health`)).json()) as SyncHealth;
    expect(health.healthScore).toBe(100);
    expect(health.kinds.forbidden).toContain('Secret');
    expect(health.kinds.synced).toBe(2);
  });
});
