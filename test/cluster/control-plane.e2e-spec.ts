// The local control plane behaves like a cluster: real controllers and scheduler, kwok nodes and
// pods, kwok-served logs; and up.sh/down.sh leave nothing running behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { CoreV1Api, DiscoveryV1Api, KubeConfig } from '@kubernetes/client-node';

import { adminClients, applyManifest, createTestNamespace, deleteNamespace } from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';

const here = path.dirname(fileURLToPath(import.meta.url));

const manifest = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: registry.example/web:1.0
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
`;

describe('local control plane', () => {
  let namespace: string;

  beforeAll(async () => {
    namespace = await createTestNamespace('cp');
  });

  afterAll(async () => {
    if (namespace) await deleteNamespace(namespace);
  });

  it('has two Ready kwok nodes', async () => {
    const { core } = adminClients();
    const nodes = await core.listNode({ labelSelector: 'type=kwok' });
    expect(nodes.items.map((n) => n.metadata?.name).sort()).toEqual(['kwok-node-0', 'kwok-node-1']);
    for (const n of nodes.items) {
      expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }
  });

  it('runs a Deployment: ReplicaSet, 3 Running pods on kwok nodes, EndpointSlice with 3 ready endpoints', async () => {
    const { kc, core, apps } = adminClients();
    const discovery = kc.makeApiClient(DiscoveryV1Api);
    const t0 = Date.now();
    await applyManifest(manifest, namespace);

    const rs = await expectEventually(
      async () => {
        const list = await apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=web' });
        expect(list.items).toHaveLength(1);
        expect(list.items[0].metadata?.ownerReferences?.[0]).toMatchObject({
          kind: 'Deployment',
          name: 'web',
        });
        return list.items[0];
      },
      { timeoutMs: 30_000, description: 'ReplicaSet of Deployment web' },
    );
    expect(rs.spec?.replicas).toBe(3);

    const pods = await expectEventually(
      async () => {
        const list = await core.listNamespacedPod({ namespace, labelSelector: 'app=web' });
        const running = list.items.filter((p) => p.status?.phase === 'Running');
        expect(running).toHaveLength(3);
        return running;
      },
      { timeoutMs: Math.max(1_000, 30_000 - (Date.now() - t0)), description: '3 Running pods' },
    );
    for (const p of pods) {
      expect(p.spec?.nodeName).toMatch(/^kwok-node-[01]$/);
      expect(p.status?.podIP).toMatch(/^10\.244\./);
      expect(p.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata?.name });
    }

    await expectEventually(
      async () => {
        const slices = await discovery.listNamespacedEndpointSlice({
          namespace,
          labelSelector: 'kubernetes.io/service-name=web',
        });
        const ready = slices.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready);
        expect(ready).toHaveLength(3);
        expect(ready.map((e) => e.addresses[0]).sort()).toEqual(pods.map((p) => p.status?.podIP).sort());
      },
      { timeoutMs: 30_000, description: 'EndpointSlice with 3 ready endpoints' },
    );

    await expectEventually(
      async () => {
        const d = await apps.readNamespacedDeployment({ name: 'web', namespace });
        expect(d.status?.availableReplicas).toBe(3);
      },
      { timeoutMs: 30_000, description: 'Deployment web available' },
    );
  });

  it('serves container logs from kwok (ClusterLogs)', async () => {
    const { core } = adminClients();
    const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=web' });
    const pod = pods.items.find((p) => p.status?.phase === 'Running');
    expect(pod).toBeDefined();
    const logs = await core.readNamespacedPodLog({ name: pod!.metadata!.name!, namespace, container: 'web' });
    expect(logs).toContain('k8s-mcp fake container log line 1');
    const tail = await core.readNamespacedPodLog({ name: pod!.metadata!.name!, namespace, tailLines: 2 });
    expect(tail.trim().split('\n')).toHaveLength(2);
  });

  it('deletes pods (no pod stays Terminating)', async () => {
    const { apps, core } = adminClients();
    await apps.deleteNamespacedDeployment({ name: 'web', namespace, propagationPolicy: 'Foreground' });
    await expectEventually(
      async () => {
        const list = await core.listNamespacedPod({ namespace, labelSelector: 'app=web' });
        expect(list.items).toHaveLength(0);
      },
      { timeoutMs: 30_000, description: 'pods of Deployment web deleted' },
    );
  });
});

describe('up.sh / down.sh on a separate state dir', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-cluster-'));
  const env = { ...process.env, K8S_MCP_CLUSTER_DIR: dir };
  const run = (script: string) =>
    spawnSync('bash', [path.join(here, script)], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  afterAll(() => {
    run('down.sh');
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts a second cluster on other ports and stops every process it started', async () => {
    const up = run('up.sh');
    if (up.status !== 0) throw new Error(`up.sh failed (${up.status}):\n${up.stderr}`);
    const kubeconfig = up.stdout.trim();
    expect(kubeconfig).toBe(path.join(dir, 'kubeconfig'));

    const pidFiles = readdirSync(path.join(dir, 'pids')).filter((f) => f.endsWith('.pid'));
    expect(pidFiles.sort()).toEqual(
      ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']
        .map((c) => `${c}.pid`)
        .sort(),
    );
    const pids = pidFiles.map((f) => Number(readFileSync(path.join(dir, 'pids', f), 'utf8').trim()));
    for (const pid of pids) expect(isAlive(pid)).toBe(true);

    // Its own API server, distinct from the suite's cluster.
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    expect(kc.getCurrentCluster()?.server).not.toBe(adminClients().kc.getCurrentCluster()?.server);
    const nodes = await kc.makeApiClient(CoreV1Api).listNode();
    expect(nodes.items).toHaveLength(2);

    // up.sh again is a no-op that prints the same kubeconfig.
    const again = run('up.sh');
    expect(again.status).toBe(0);
    expect(again.stdout.trim()).toBe(kubeconfig);

    const down = run('down.sh');
    if (down.status !== 0) throw new Error(`down.sh failed (${down.status}):\n${down.stderr}`);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(existsSync(path.join(dir, 'pids'))).toBe(false);
    expect(
      existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.pid')) : [],
    ).toEqual([]);

    // down.sh is idempotent.
    expect(run('down.sh').status).toBe(0);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
