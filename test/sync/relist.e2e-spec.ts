// A real 410 Gone from the real API server: the reflector watches from a resourceVersion far older
// than the watch cache keeps, relists, and reports the deletion it missed meanwhile.
import {
  adminClients,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { compactEtcd } from '../helpers/etcd.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { type RunningApp, startApp } from '../helpers/mcp-app.js';
import { K8sService } from '../../src/k8s/k8s.service.js';
import { Informer } from '../../src/sync/informer.js';
import { ApiListWatch, type ListWatchSource, type WatchEvent } from '../../src/sync/list-watch.js';
import { Reflector } from '../../src/sync/reflector.js';
import { WATCHED_KINDS } from '../../src/sync/watched-kinds.js';

/**
 * The real list/watch with faults injected at the reflector's side of it: events can be dropped
 * (as on a broken connection) and the next watch can be sent with an expired resourceVersion.
 */
class FaultySource implements ListWatchSource {
  deaf = false;
  expireNextWatch = false;
  readonly watchedFrom: string[] = [];
  readonly goneSeen: string[] = [];
  private cutCurrent?: () => void;

  constructor(private readonly inner: ListWatchSource) {}

  list(rv: string) {
    return this.inner.list(rv);
  }

  async watch(rv: string, timeout: number, onEvent: (e: WatchEvent) => void, done: (err: unknown) => void) {
    // "1" is older than the revision the test compacts etcd at.
    const from = this.expireNextWatch ? '1' : rv;
    this.expireNextWatch = false;
    this.watchedFrom.push(from);
    const handle = await this.inner.watch(
      from,
      timeout,
      (e) => {
        if (e.type === 'ERROR') this.goneSeen.push(`event ${(e.object as { code?: number }).code}`);
        if (!this.deaf) onEvent(e);
      },
      (err) => {
        if ((err as { statusCode?: number } | null)?.statusCode === 410) this.goneSeen.push('http 410');
        done(err);
      },
    );
    // Looks to the reflector like the server closing the stream.
    this.cutCurrent = () => {
      done(null);
      handle.abort();
    };
    return handle;
  }

  cut(): void {
    this.cutCurrent?.();
  }
}

describe('Reflector relist on 410 Gone (real cluster)', () => {
  let ns: string;
  let app: RunningApp;
  let reflector: Reflector | undefined;

  beforeAll(async () => {
    ns = await createTestNamespace('sync-gone');
    app = await startApp({ KUBECONFIG_PATH: testKubeconfigPath() });
  });

  afterAll(async () => {
    reflector?.stop();
    await app?.close();
    if (ns) await deleteNamespace(ns);
  });

  it('relists after a watch from a too-old resourceVersion and loses no deletion', async () => {
    const { core } = adminClients();
    for (const name of ['a', 'b'])
      await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name } } });
    const kind = WATCHED_KINDS.find((k) => k.ref.kind === 'ConfigMap')!;
    const clients = await app.app.get(K8sService).clients();
    const source = new FaultySource(new ApiListWatch(clients, kind.ref, { namespace: ns }, true));
    const informer = new Informer(kind);
    const deleted: string[] = [];
    informer.addHandlers({ delete: (o) => deleted.push(o.metadata.name) });
    reflector = new Reflector(source, informer, {
      name: `configmaps in ${ns}`,
      watchTimeoutSeconds: 600,
      resyncSeconds: 0,
      maxRetryCount: 3,
    });
    informer.addReflector(reflector, ns);
    reflector.start();
    await informer.ready();
    expect(
      informer.store
        .byIndex('namespace', ns)
        .map((o) => o.metadata.name)
        .sort(),
    ).toContain('b');

    source.deaf = true;
    await core.deleteNamespacedConfigMap({ name: 'b', namespace: ns });
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'c' } } });
    // Longer than SHORT_WATCH_MS, so the cut watch counts as closed by the server, not as failed.
    await new Promise((r) => setTimeout(r, 1200));
    expect(informer.store.get(`${ns}/b`)).toBeDefined();

    // ConfigMap watches are served by etcd (up.sh: configmaps#0), so compaction really expires "1".
    await compactEtcd();
    source.deaf = false;
    source.expireNextWatch = true;
    source.cut();
    await expectEventually(
      () => {
        expect(source.goneSeen.length).toBeGreaterThan(0);
        expect(deleted).toContain('b');
        expect(
          informer.store
            .byIndex('namespace', ns)
            .map((o) => o.metadata.name)
            // The root CA ConfigMap is put in every namespace by kube-controller-manager.
            .filter((n) => n !== 'kube-root-ca.crt')
            .sort(),
        ).toEqual(['a', 'c']);
      },
      { timeoutMs: 10_000, description: 'relist after 410' },
    );
    expect(source.watchedFrom).toContain('1');
    expect(reflector.stats.relists).toBeGreaterThanOrEqual(1);
    console.log(
      `[relist e2e] 410 seen as: ${source.goneSeen.join(', ')}; watched from ${source.watchedFrom.join(' → ')}`,
    );
  });
});
