// The large KWOK cluster of the live-model benchmark: 100 nodes, 50 namespaces, 1,000 Deployments
// of 10 replicas (10,000 pods, 1,000 ReplicaSets), 1,000 Services and 2,000 ConfigMaps. Idempotent:
// what exists is kept, what is missing is created, and it waits until every pod runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export const SHAPE = Object.freeze({
  nodes: 100,
  namespaces: 50,
  deploymentsPerNamespace: 20,
  replicas: 10,
  configMapsPerNamespace: 40,
});
export const NAMESPACE_PREFIX = 'bench-ns-';
const pad2 = (n) => String(n).padStart(2, '0');
export const namespaceName = (i) => `${NAMESPACE_PREFIX}${pad2(i)}`;
export const appName = (i) => `app-${pad2(i)}`;

/** Starts (or reuses) the benchmark's own control plane in <repo>/.cluster-bench with 100 nodes. */
export function ensureLargeCluster(root, log) {
  const stateDir = process.env.K8S_MCP_BENCH_CLUSTER_DIR || path.join(root, '.cluster-bench');
  const kubeconfig = path.join(stateDir, 'kubeconfig');
  log(`large cluster: state dir ${stateDir} (${SHAPE.nodes} KWOK nodes)`);
  const r = spawnSync('bash', [path.join(root, 'test/cluster/up.sh')], {
    cwd: root,
    env: { ...process.env, K8S_MCP_CLUSTER_DIR: stateDir, K8S_MCP_KWOK_NODES: String(SHAPE.nodes) },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    timeout: 30 * 60_000,
  });
  if (r.status !== 0 || !existsSync(kubeconfig))
    throw new Error(`up.sh for ${stateDir} failed (exit ${r.status})`);
  return { stateDir, kubeconfig };
}

/** Runs fn over items with at most `width` calls in flight. */
export async function pool(items, width, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

const ignoreConflict = (err) => {
  if (err?.code !== 409) throw err;
};

/** Every object the shape asks for, as manifests. */
function manifests() {
  const out = { namespaces: [], configMaps: [], deployments: [], services: [] };
  for (let n = 0; n < SHAPE.namespaces; n++) {
    const ns = namespaceName(n);
    out.namespaces.push({ metadata: { name: ns, labels: { 'k8s-mcp/bench': 'large' } } });
    for (let c = 0; c < SHAPE.configMapsPerNamespace; c++) {
      out.configMaps.push({
        metadata: { name: `cfg-${pad2(c)}`, namespace: ns, labels: { 'k8s-mcp/bench': 'large' } },
        data: { 'app.properties': `setting.${c}=value-${c}\n`.repeat(4) },
      });
    }
    for (let d = 0; d < SHAPE.deploymentsPerNamespace; d++) {
      const app = appName(d);
      const labels = { app, tier: d % 2 ? 'web' : 'worker', 'k8s-mcp/bench': 'large' };
      out.deployments.push({
        metadata: { name: app, namespace: ns, labels },
        spec: {
          replicas: SHAPE.replicas,
          selector: { matchLabels: { app } },
          template: {
            metadata: { labels },
            spec: {
              automountServiceAccountToken: false,
              terminationGracePeriodSeconds: 0,
              tolerations: [{ operator: 'Exists' }],
              containers: [
                {
                  name: 'app',
                  image: `registry.invalid/bench/${app}:1`,
                  ports: [{ name: 'http', containerPort: 8080 }],
                  envFrom: [{ configMapRef: { name: `cfg-${pad2(d + SHAPE.deploymentsPerNamespace)}` } }],
                  volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
                  resources: { requests: { cpu: '10m', memory: '16Mi' } },
                },
              ],
              volumes: [{ name: 'config', configMap: { name: `cfg-${pad2(d)}` } }],
            },
          },
        },
      });
      out.services.push({
        metadata: { name: app, namespace: ns, labels: { 'k8s-mcp/bench': 'large' } },
        spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      });
    }
  }
  return out;
}

/** Counts pods in the bench namespaces, and how many of them run. */
export async function countPods(core) {
  let total = 0;
  let running = 0;
  let cont;
  do {
    const page = await core.listPodForAllNamespaces({
      labelSelector: 'k8s-mcp/bench=large',
      limit: 2000,
      _continue: cont,
    });
    for (const p of page.items) {
      total++;
      if (p.status?.phase === 'Running') running++;
    }
    cont = page.metadata?._continue;
  } while (cont);
  return { total, running };
}

/** Creates whatever is missing and waits until all 10,000 pods run; returns what it did. */
export async function populateLargeCluster(k8s, kubeconfig, log) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const want = manifests();
  const t0 = performance.now();
  const expectedPods = SHAPE.namespaces * SHAPE.deploymentsPerNamespace * SHAPE.replicas;
  const before = await countPods(core);
  if (before.running === expectedPods) {
    log(`large cluster: reusing ${before.running} running pods`);
    return { core, apps, kc, reused: true, seconds: 0 };
  }
  await pool(want.namespaces, 8, (body) => core.createNamespace({ body }).catch(ignoreConflict));
  // The ServiceAccount admission plugin refuses pods until a namespace's default SA exists.
  for (const ns of want.namespaces) {
    for (let i = 0; ; i++) {
      try {
        await core.readNamespacedServiceAccount({ name: 'default', namespace: ns.metadata.name });
        break;
      } catch (err) {
        if (err?.code !== 404 || i > 240) throw err;
        await sleep(250);
      }
    }
  }
  await pool(want.configMaps, 16, (body) =>
    core.createNamespacedConfigMap({ namespace: body.metadata.namespace, body }).catch(ignoreConflict),
  );
  await pool(want.services, 16, (body) =>
    core.createNamespacedService({ namespace: body.metadata.namespace, body }).catch(ignoreConflict),
  );
  await pool(want.deployments, 16, (body) =>
    apps.createNamespacedDeployment({ namespace: body.metadata.namespace, body }).catch(ignoreConflict),
  );
  log(
    `large cluster: objects created in ${((performance.now() - t0) / 1000).toFixed(1)} s; waiting for pods`,
  );
  const deadline = Date.now() + 40 * 60_000;
  let last = '';
  for (;;) {
    const c = await countPods(core);
    const line = `${c.running}/${expectedPods} pods running (${c.total} exist)`;
    if (line !== last) log(`large cluster: ${line}`);
    last = line;
    if (c.running === expectedPods && c.total === expectedPods) break;
    if (Date.now() > deadline) throw new Error(`large cluster not ready after 40 min: ${line}`);
    await sleep(5000);
  }
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  log(`large cluster: ready in ${seconds} s`);
  return { core, apps, kc, reused: false, seconds };
}
