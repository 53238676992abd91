import type { AccessReview } from './access-review.service.js';
import { AppError } from '../common/errors/app-error.js';
import type { KubeApi, ListPage, ListQuery } from '../k8s/kube-api.service.js';
import type { KubeObject } from '../k8s/kube-object.js';
import { KINDS, type ResourceRef } from '../k8s/resource-ref.js';
import { NamespacePolicy } from '../security/namespace-policy.js';
import { aKubeObject, aPod } from '../../test/factories/kube-objects.js';
import { CachedReads, describeFreshness } from './cached-reads.service.js';
import { Informer } from './informer.js';
import type { InformerRegistry } from './informer-registry.js';
import type { ListWatchSource } from './list-watch.js';
import { Reflector } from './reflector.js';
import { WATCHED_KINDS, type WatchedKind } from './watched-kinds.js';

/** Lists these objects once at resourceVersion 42, then keeps a watch open that sends nothing. */
class RecordedSource implements ListWatchSource {
  constructor(private readonly items: KubeObject[]) {}
  async list() {
    return { items: this.items, resourceVersion: '42' };
  }
  async watch(_rv: string, _t: number, _on: unknown, done: (err: unknown) => void) {
    return { abort: () => done(new DOMException('aborted', 'AbortError')) };
  }
}

const watched = (kind: string): WatchedKind => WATCHED_KINDS.find((k) => k.ref.kind === kind)!;

/** KubeApi stand-in that records what reached the API server. */
class FakeKube {
  readonly calls: string[] = [];
  policy?: NamespacePolicy;
  // KubeApi's check against the policy (its API confirmation of a miss is not needed here).
  async assertNamespaceVisible(namespace: string): Promise<void> {
    this.policy?.assertVisible(namespace);
  }
  async list(ref: ResourceRef, q: ListQuery): Promise<ListPage> {
    this.calls.push(`list ${ref.plural} ${q.namespace ?? 'all'}`);
    return { items: [aKubeObject(ref.kind, 'from-api')], omitted: { items: 0, namespaces: [] } };
  }
  async get(ref: ResourceRef, name: string): Promise<KubeObject> {
    this.calls.push(`get ${ref.plural} ${name}`);
    if (name === 'missing') throw new AppError('K8S.NOT_FOUND', 'not found');
    return aKubeObject(ref.kind, name);
  }
}

const phase = (o: KubeObject, p: string): KubeObject => ({ ...o, status: { phase: p } });
const PODS = [
  phase(aPod('web-2', { namespace: 'shop', labels: { app: 'web', tier: 'front' }, node: 'n1' }), 'Running'),
  phase(aPod('web-1', { namespace: 'shop', labels: { app: 'web', tier: 'front' }, node: 'n2' }), 'Running'),
  phase(aPod('db-0', { namespace: 'shop', labels: { app: 'db' }, node: 'n1' }), 'Pending'),
  phase(aPod('api-0', { namespace: 'data', labels: { app: 'api' }, node: 'n2' }), 'Running'),
  // The sync never watches a denied namespace; the reads must hide it anyway.
  phase(aPod('secret-0', { namespace: 'ops', labels: { app: 'web' }, node: 'n1' }), 'Running'),
];
const EVENTS = [
  {
    ...aKubeObject('Event', 'e1', { namespace: 'shop' }),
    involvedObject: { kind: 'Pod', name: 'db-0', uid: 'u1' },
  },
  {
    ...aKubeObject('Event', 'e2', { namespace: 'shop' }),
    involvedObject: { kind: 'Pod', name: 'db-0', uid: 'u0' },
  },
];

describe(CachedReads.name, () => {
  const reflectors: Reflector[] = [];
  let kube: FakeKube;

  /** A CachedReads over synced informers of these kinds (kinds without objects stay unsynced). */
  async function setup(
    objects: Partial<Record<string, KubeObject[]>>,
    policy = { allowed: [] as string[], forbidden: ['ops'] },
    kinds: WatchedKind[] = ['Pod', 'Event', 'ConfigMap', 'Namespace'].map(watched),
  ): Promise<CachedReads> {
    kube = new FakeKube();
    const informers = new Map<string, Informer>();
    for (const kind of kinds) {
      const informer = new Informer(kind);
      informers.set(kind.ref.kind, informer);
      const items = objects[kind.ref.kind];
      if (!items) continue;
      const reflector = new Reflector(new RecordedSource(items), informer, {
        name: kind.ref.plural,
        watchTimeoutSeconds: 60,
        resyncSeconds: 0,
        maxRetryCount: 3,
      });
      reflectors.push(reflector);
      informer.addReflector(reflector);
      informer.start();
      await informer.ready();
    }
    const registry = { informer: (k: string) => informers.get(k) } as unknown as InformerRegistry;
    const namespacePolicy = new NamespacePolicy({
      K8S_ALLOWED_NAMESPACES: policy.allowed,
      K8S_FORBIDDEN_NAMESPACES: policy.forbidden,
    });
    kube.policy = namespacePolicy;
    return new CachedReads(registry, kube as unknown as KubeApi, namespacePolicy, {} as AccessReview);
  }

  afterEach(() => {
    for (const r of reflectors.splice(0)) r.stop();
  });

  const names = (page: { items: KubeObject[] }) => page.items.map((o) => o.metadata.name);

  it('answers a synced kind from the cache in key order, with selectors, and says so', async () => {
    const sut = await setup({ Pod: PODS });
    const page = await sut.list(KINDS.pod, {
      namespace: 'shop',
      labelSelector: 'app in (web,db)',
      limit: 10,
    });
    expect(names(page)).toEqual(['db-0', 'web-1', 'web-2']);
    expect(page.freshness).toMatchObject({ source: 'cache', resourceVersion: '42', watchState: 'healthy' });
    expect(page.freshness.lastEventAgeSeconds).toBeLessThan(5);
    expect(kube.calls).toEqual([]);
    const byField = await sut.list(KINDS.pod, {
      allNamespaces: true,
      fieldSelector: 'spec.nodeName=n2,status.phase=Running',
      limit: 10,
    });
    expect(names(byField)).toEqual(['api-0', 'web-1']);
    expect(describeFreshness(page.freshness)).toMatch(
      /^\(from the watch cache, last watch event [\d.]+s ago, resourceVersion 42; fresh: true reads from the API server\)$/,
    );
  });

  it('goes to the API server for fresh, before the first sync, for kinds not watched and for unknown fields', async () => {
    const sut = await setup({ Pod: PODS });
    const q = { namespace: 'shop', limit: 10 };
    expect((await sut.list(KINDS.pod, q, { fresh: true })).freshness).toEqual({
      source: 'api',
      reason: 'fresh: true',
    });
    expect((await sut.list(KINDS.deployment, q)).freshness.reason).toBe('deployments are not watched');
    expect((await sut.list(KINDS.event, q)).freshness.reason).toBe('the watch cache has not synced events');
    const crd = { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true };
    expect((await sut.list(crd, q)).freshness.source).toBe('api');
    const unknownField = await sut.list(KINDS.pod, { ...q, fieldSelector: 'spec.restartPolicy=Always' });
    expect(unknownField.freshness.reason).toBe(
      "the watch cache cannot evaluate fieldSelector 'spec.restartPolicy=Always'",
    );
    expect(kube.calls).toHaveLength(5);
  });

  it('serves metadata-only kinds from the cache only when metadata suffices', async () => {
    const sut = await setup({ ConfigMap: [aKubeObject('ConfigMap', 'cfg', { namespace: 'shop' })] });
    const q = { namespace: 'shop', limit: 10 };
    expect((await sut.list(KINDS.pod, q)).freshness.source).toBe('api');
    const cm = { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true };
    expect((await sut.list(cm, q)).freshness.reason).toBe(
      'the watch cache holds only the metadata of configmaps',
    );
    expect(names(await sut.list(cm, q, { metadataSuffices: true }))).toEqual(['cfg']);
  });

  it('refuses a bad label selector as INPUT.INVALID whichever source would answer', async () => {
    const sut = await setup({ Pod: PODS });
    for (const fresh of [false, true]) {
      await expect(
        sut.list(KINDS.pod, { namespace: 'shop', labelSelector: 'app in (web', limit: 1 }, { fresh }),
      ).rejects.toMatchObject({ code: 'INPUT.INVALID', message: expect.stringContaining("'app in (web'") });
    }
    expect(kube.calls).toEqual([]);
  });

  it('pages with cache tokens that stay stable and cannot be mistaken for API tokens', async () => {
    const sut = await setup({ Pod: PODS });
    const seen: string[] = [];
    let token: string | undefined;
    const remaining: (number | undefined)[] = [];
    do {
      const page = await sut.list(KINDS.pod, { allNamespaces: true, limit: 2, continue: token });
      seen.push(...names(page));
      remaining.push(page.remaining);
      token = page.continue;
      if (token) expect(token.startsWith('cache:')).toBe(true);
    } while (token);
    expect(seen).toEqual(['api-0', 'db-0', 'web-1', 'web-2']);
    expect(remaining).toEqual([2, undefined]);
    const first = await sut.list(KINDS.pod, { allNamespaces: true, limit: 1 });
    await expect(
      sut.list(KINDS.pod, { allNamespaces: true, limit: 1, continue: first.continue }, { fresh: true }),
    ).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    const apiToken = await sut.list(KINDS.pod, { allNamespaces: true, limit: 1, continue: 'eyJ2IjoxfQ' });
    expect(apiToken.freshness.reason).toBe('continuing a page the API server started');
    await expect(
      sut.list(KINDS.pod, { allNamespaces: true, limit: 1, continue: 'cache:!!' }),
    ).rejects.toMatchObject({ code: 'INPUT.INVALID', message: 'continue: not a token this server issued' });
  });

  it('applies a deny-list: the namespace refused, its objects never shown, hidden namespaces counted', async () => {
    const sut = await setup({
      Pod: PODS,
      Namespace: ['shop', 'data', 'ops'].map((n) => aKubeObject('Namespace', n)),
    });
    const all = await sut.list(KINDS.pod, { allNamespaces: true, labelSelector: 'app=web', limit: 10 });
    expect(names(all)).toEqual(['web-1', 'web-2']);
    expect(all.omitted.namespaces).toHaveLength(1);
    // A hidden namespace answers as a missing one; only details (for the audit log) say why.
    await expect(sut.list(KINDS.pod, { namespace: 'ops', limit: 10 })).rejects.toMatchObject({
      code: 'K8S.NOT_FOUND',
      message: "namespace 'ops' not found",
    });
    await expect(sut.get(KINDS.pod, 'secret-0', 'ops')).rejects.toMatchObject({
      code: 'K8S.NOT_FOUND',
      details: { denied: true },
    });
    const namespaces = await sut.list(KINDS.namespace, { limit: 10 });
    expect(names(namespaces)).toEqual(['data', 'shop']);
    expect(namespaces.omitted.namespaces).toHaveLength(1);
    const one = await sut.list(KINDS.pod, { namespace: 'shop', limit: 10 });
    expect(one.omitted.namespaces).toEqual([]);
  });

  it('applies an allow-list: pages across the allowed namespaces only, counting nothing, as KubeApi', async () => {
    const sut = await setup({ Pod: PODS }, { allowed: ['data', 'shop'], forbidden: [] });
    const first = await sut.list(KINDS.pod, { allNamespaces: true, limit: 3 });
    const second = await sut.list(KINDS.pod, { allNamespaces: true, limit: 3, continue: first.continue });
    expect([...names(first), ...names(second)]).toEqual(['api-0', 'db-0', 'web-1', 'web-2']);
    expect(first.omitted).toEqual({ items: 0, namespaces: [] });
    await expect(sut.list(KINDS.pod, { namespace: 'ops', limit: 1 })).rejects.toMatchObject({
      code: 'K8S.NOT_FOUND',
    });
  });

  it('reads one object from the cache with its type, and asks the API server about a miss', async () => {
    const sut = await setup({ Pod: PODS });
    const hit = await sut.get(KINDS.pod, 'web-1', 'shop');
    expect(hit.freshness.source).toBe('cache');
    expect(hit.object).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1' } });
    await expect(sut.get(KINDS.pod, 'missing', 'shop')).rejects.toMatchObject({ code: 'K8S.NOT_FOUND' });
    const fresh = await sut.get(KINDS.pod, 'web-1', 'shop', { fresh: true });
    expect(fresh.freshness.source).toBe('api');
    expect(kube.calls).toEqual(['get pods missing', 'get pods web-1']);
  });

  it("finds a pod's events by involvedObject.uid, and leaves a full event cache to the API server", async () => {
    const sut = await setup({ Event: EVENTS });
    const page = await sut.list(KINDS.event, {
      namespace: 'shop',
      fieldSelector: 'involvedObject.kind=Pod,involvedObject.name=db-0,involvedObject.uid=u1',
      limit: 500,
    });
    expect(names(page)).toEqual(['e1']);
    const tiny = await setup({ Event: EVENTS }, undefined, [{ ...watched('Event'), maxObjects: 2 }]);
    expect((await tiny.list(KINDS.event, { namespace: 'shop', limit: 5 })).freshness.reason).toBe(
      'the watch cache keeps only the newest 2 events',
    );
  });
});
