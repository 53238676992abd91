// The demo samples (config/samples) against the real local control plane: every deliberately broken
// object is in its broken state when read back from the API, and the healthy ones are healthy.
// The samples are applied under a unique name prefix (namespaces e2e-<hex>-shop/-data/-ops and
// prefixed cluster-scoped objects), so a running `npm run demo` or another suite is not disturbed;
// everything is deleted afterwards.
import { randomBytes, X509Certificate } from 'node:crypto';

import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  KubeConfig,
  NetworkingV1Api,
  RbacAuthorizationV1Api,
  type V1Pod,
} from '@kubernetes/client-node';

import {
  applySamples,
  deleteSamples,
  sampleNames,
  SIMULATE_LABEL,
  waitForSamples,
  type SampleNames,
} from '../../scripts/lib/samples.mjs';
import { adminClients, apiStatus } from '../helpers/cluster.js';

const prefix = `e2e-${randomBytes(3).toString('hex')}-`;

describe('demo samples (config/samples)', () => {
  let kc: KubeConfig;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let names: SampleNames;
  let settledMs = 0;

  beforeAll(async () => {
    kc = adminClients().kc;
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    names = (await applySamples(kc, { prefix })).names;
    settledMs = (await waitForSamples(kc, { prefix, timeoutMs: 150_000 })).elapsedMs;
  }, 200_000);

  afterAll(async () => {
    if (kc) await deleteSamples(kc, { prefix, wait: true, timeoutMs: 90_000 });
  }, 120_000);

  /** The single live pod matching a label selector. */
  async function onePod(namespace: string, labelSelector: string): Promise<V1Pod> {
    const pods = (await core.listNamespacedPod({ namespace, labelSelector })).items.filter(
      (p) => !p.metadata?.deletionTimestamp,
    );
    expect(pods).toHaveLength(1);
    return pods[0];
  }

  it('settles within the demo timeout', () => {
    expect(settledMs).toBeLessThan(150_000);
    expect(sampleNames(prefix).namespaces.shop).toBe(`${prefix}shop`);
  });

  describe('broken on purpose', () => {
    it('shop/payment is in CrashLoopBackOff after failing with exit code 1', async () => {
      const pod = await onePod(names.namespaces.shop, `${SIMULATE_LABEL}=crashloop`);
      const cs = pod.status!.containerStatuses![0];
      expect(pod.status!.phase).toBe('Running');
      expect(cs.state?.waiting?.reason).toBe('CrashLoopBackOff');
      expect(cs.restartCount).toBeGreaterThan(0);
      expect(cs.ready).toBe(false);
      expect(cs.lastState?.terminated?.exitCode).toBe(1);
      expect(pod.status!.conditions!.find((c) => c.type === 'Ready')?.status).toBe('False');
    });

    it('shop/recommendations is Pending in ImagePullBackOff', async () => {
      const pod = await onePod(names.namespaces.shop, `${SIMULATE_LABEL}=imagepull`);
      const cs = pod.status!.containerStatuses![0];
      expect(pod.spec!.nodeName).toBeTruthy();
      expect(pod.status!.phase).toBe('Pending');
      expect(['ImagePullBackOff', 'ErrImagePull']).toContain(cs.state?.waiting?.reason);
      expect(cs.image).toBe('registry.invalid/shop/recommendations:2.0.0-rc1');
    });

    it('the ImagePullBackOff pod stays that way (pod-ready does not take over)', async () => {
      await new Promise((r) => setTimeout(r, 3000));
      const pod = await onePod(names.namespaces.shop, `${SIMULATE_LABEL}=imagepull`);
      expect(pod.status!.phase).toBe('Pending');
      expect(pod.status!.containerStatuses![0].state?.waiting?.reason).toBe('ImagePullBackOff');
    });

    it('data/analytics-worker was OOMKilled (exit code 137) and restarted', async () => {
      const pod = await onePod(names.namespaces.data, `${SIMULATE_LABEL}=oomkilled`);
      const cs = pod.status!.containerStatuses![0];
      expect(cs.lastState?.terminated?.reason).toBe('OOMKilled');
      expect(cs.lastState?.terminated?.exitCode).toBe(137);
      expect(cs.restartCount).toBeGreaterThan(0);
      expect(cs.state?.running).toBeDefined();
    });

    it('ops/gpu-trainer is Pending: the scheduler found no node (Unschedulable)', async () => {
      const pod = await onePod(names.namespaces.ops, 'app=gpu-trainer');
      const scheduled = pod.status!.conditions!.find((c) => c.type === 'PodScheduled');
      expect(pod.status!.phase).toBe('Pending');
      expect(pod.spec!.nodeName).toBeFalsy();
      expect(scheduled?.status).toBe('False');
      expect(scheduled?.reason).toBe('Unschedulable');
      expect(scheduled?.message).toMatch(/node\(s\) didn't match/);
    });

    it('Service shop/inventory selects no pods (its EndpointSlices are empty)', async () => {
      const ns = names.namespaces.shop;
      const svc = await core.readNamespacedService({ namespace: ns, name: 'inventory' });
      const selector = Object.entries(svc.spec!.selector!)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      expect((await core.listNamespacedPod({ namespace: ns, labelSelector: selector })).items).toHaveLength(
        0,
      );
      const slices = await kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({
        namespace: ns,
        labelSelector: 'kubernetes.io/service-name=inventory',
      });
      expect(slices.items.flatMap((s) => s.endpoints ?? [])).toHaveLength(0);
      // ... while the inventory Deployment itself is fine (its pods carry another label).
      const d = await apps.readNamespacedDeployment({ namespace: ns, name: 'inventory' });
      expect(d.status?.readyReplicas).toBe(1);
    });

    it('Ingress shop/admin points at a Service that does not exist', async () => {
      const ns = names.namespaces.shop;
      const ing = await kc
        .makeApiClient(NetworkingV1Api)
        .readNamespacedIngress({ namespace: ns, name: 'admin' });
      const backend = ing.spec!.rules![0].http!.paths[0].backend.service!.name;
      expect(backend).toBe('admin-dashboard');
      const err = await core.readNamespacedService({ namespace: ns, name: backend }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(apiStatus(err)).toBe(404);
    });
  });

  describe('healthy', () => {
    it.each([
      ['shop', 'frontend', 3],
      ['shop', 'catalog', 2],
      ['shop', 'cart', 2],
      ['data', 'redis', 1],
    ] as const)('Deployment %s/%s is available with %i ready replicas', async (ns, name, replicas) => {
      const d = await apps.readNamespacedDeployment({ namespace: names.namespaces[ns], name });
      expect(d.status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');
      expect(d.status?.readyReplicas).toBe(replicas);
    });

    it('StatefulSet data/postgres is ready and its claims are Bound to the pre-created PVs', async () => {
      const ns = names.namespaces.data;
      const sts = await apps.readNamespacedStatefulSet({ namespace: ns, name: 'postgres' });
      expect(sts.status?.readyReplicas).toBe(2);
      for (const i of [0, 1]) {
        const pvc = await core.readNamespacedPersistentVolumeClaim({
          namespace: ns,
          name: `data-postgres-${i}`,
        });
        expect(pvc.status?.phase).toBe('Bound');
        expect(pvc.spec?.storageClassName).toBe(names.storageClass);
        expect(pvc.spec?.volumeName).toBe(`${prefix}k8s-mcp-demo-postgres-${i}`);
      }
      const spare = await core.readPersistentVolume({ name: `${prefix}k8s-mcp-demo-spare` });
      expect(spare.status?.phase).toBe('Available');
    });

    it('DaemonSet ops/log-agent runs a ready pod on every node', async () => {
      const ds = await apps.readNamespacedDaemonSet({ namespace: names.namespaces.ops, name: 'log-agent' });
      const nodes = await core.listNode();
      expect(ds.status?.desiredNumberScheduled).toBe(nodes.items.length);
      expect(ds.status?.numberReady).toBe(nodes.items.length);
    });

    it('Job ops/schema-migrate completed; CronJob ops/nightly-report exists', async () => {
      const batch = kc.makeApiClient(BatchV1Api);
      const job = await batch.readNamespacedJob({ namespace: names.namespaces.ops, name: 'schema-migrate' });
      expect(job.status?.conditions?.find((c) => c.type === 'Complete')?.status).toBe('True');
      expect(job.status?.succeeded).toBe(1);
      const cron = await batch.readNamespacedCronJob({
        namespace: names.namespaces.ops,
        name: 'nightly-report',
      });
      expect(cron.spec?.schedule).toBe('0 2 * * *');
    });

    it('Service shop/frontend has 3 ready endpoints in its EndpointSlices', async () => {
      const slices = await kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({
        namespace: names.namespaces.shop,
        labelSelector: 'kubernetes.io/service-name=frontend',
      });
      const ready = slices.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready);
      expect(ready).toHaveLength(3);
      expect(ready.every((e) => e.addresses.length > 0)).toBe(true);
    });

    it('the TLS Secret was generated at apply time and the Ingress uses it', async () => {
      const ns = names.namespaces.shop;
      const secret = await core.readNamespacedSecret({ namespace: ns, name: 'shop-tls' });
      expect(secret.type).toBe('kubernetes.io/tls');
      const cert = new X509Certificate(Buffer.from(secret.data!['tls.crt'], 'base64'));
      expect(cert.subject).toContain('CN=shop.example.test');
      const ing = await kc
        .makeApiClient(NetworkingV1Api)
        .readNamespacedIngress({ namespace: ns, name: 'shop' });
      expect(ing.spec?.tls?.[0]?.secretName).toBe('shop-tls');
      expect(ing.spec?.ingressClassName).toBe(names.ingressClass);
    });

    // Regression: client-node's typed serializer dropped the plain `from` of NetworkPolicy peers.
    it('NetworkPolicy peers reach the API server (from, with the prefixed namespace selector)', async () => {
      const np = await kc
        .makeApiClient(NetworkingV1Api)
        .readNamespacedNetworkPolicy({ namespace: names.namespaces.data, name: 'postgres-from-shop' });
      expect(np.spec?.ingress?.[0]?._from?.[0]?.namespaceSelector?.matchLabels).toEqual({
        'kubernetes.io/metadata.name': names.namespaces.shop,
      });
    });

    it('references across namespaces follow the prefix', async () => {
      const rbac = await kc
        .makeApiClient(RbacAuthorizationV1Api)
        .readNamespacedRoleBinding({ namespace: names.namespaces.data, name: 'ops-backup-pvc-viewer' });
      expect(rbac.subjects?.[0]?.namespace).toBe(names.namespaces.ops);
      const cm = await core.readNamespacedConfigMap({
        namespace: names.namespaces.shop,
        name: 'frontend-config',
      });
      expect(cm.data?.CATALOG_URL).toBe(`http://catalog.${names.namespaces.shop}.svc.cluster.local`);
    });
  });

  it('applying again is idempotent (no rollout, generated Secret values kept)', async () => {
    const ns = names.namespaces.shop;
    const before = await apps.readNamespacedDeployment({ namespace: ns, name: 'frontend' });
    const secretBefore = await core.readNamespacedSecret({ namespace: ns, name: 'cart-db-credentials' });
    const tlsBefore = await core.readNamespacedSecret({ namespace: ns, name: 'shop-tls' });
    await applySamples(kc, { prefix });
    const after = await apps.readNamespacedDeployment({ namespace: ns, name: 'frontend' });
    const secretAfter = await core.readNamespacedSecret({ namespace: ns, name: 'cart-db-credentials' });
    const tlsAfter = await core.readNamespacedSecret({ namespace: ns, name: 'shop-tls' });
    expect(after.metadata?.generation).toBe(before.metadata?.generation);
    expect(secretAfter.data?.password).toBe(secretBefore.data?.password);
    expect(secretAfter.data?.password).toBeTruthy();
    expect(tlsAfter.data?.['tls.crt']).toBe(tlsBefore.data?.['tls.crt']);
    await waitForSamples(kc, { prefix, timeoutMs: 60_000 });
  });
});
