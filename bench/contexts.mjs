#!/usr/bin/env node
// Several contexts from one server (issue 17): heap and sync time of the live models, and the
// latency of a cached call on one context while another syncs. Measured in-process on the built
// server (dist/), each scenario in a child process of its own (its heap is its own):
//
//   npm run build && node_modules/.bin/node --expose-gc bench/contexts.mjs [--calls=200]
//
//   one   — one context (today's server), for the baseline
//   two   — two contexts on two distinct control planes (the shared one and a second one this
//           script starts with test/cluster/up.sh in a temporary state dir, and stops)
//   four  — four context names for the one shared cluster (four models, four caches of it)
//   busy  — two contexts, the second started (lazily) while the first answers cached calls
//
// Each cluster gets a namespace holding 1,000 bare pods bound to a KWOK node (created here,
// deleted after); every context is limited to it (K8S_ALLOWED_NAMESPACES), so each model caches
// exactly those 1,000 pods plus the cluster-scoped kinds. Kubeconfig of the shared cluster:
// $K8S_MCP_TEST_KUBECONFIG (default .cluster/kubeconfig). Bounded loops only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { parse, stringify } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(ROOT, 'dist', p));
const arg = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const log = (m) => process.stderr.write(`[bench contexts] ${m}\n`);
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const PODS = 1000;
const CALLS = Number(arg('calls', 200));

const child = arg('child', '');
if (child) await runChild(child);
else await runParent();

// ---- parent: fixtures, one child per scenario, the table --------------------------------------
async function runParent() {
  const k8s = await import('@kubernetes/client-node');
  const shared = process.env.K8S_MCP_TEST_KUBECONFIG ?? path.join(ROOT, '.cluster', 'kubeconfig');
  const dir = mkdtempSync(path.join(tmpdir(), 'k8s-mcp-bench-contexts-'));
  const stateDir = path.join(dir, 'second-cluster');
  const ns = `bench-ctx-${Math.random().toString(16).slice(2, 8)}`;
  const clients = [];
  let secondUp = false;
  try {
    let t = performance.now();
    const up = spawnSync('bash', [path.join(ROOT, 'test/cluster/up.sh')], {
      env: { ...process.env, K8S_MCP_CLUSTER_DIR: stateDir },
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (up.status !== 0) throw new Error(`up.sh for the second cluster failed: ${up.stderr}`);
    secondUp = true;
    log(`second control plane up in ${round((performance.now() - t) / 1000)} s`);
    const second = up.stdout.trim();
    for (const file of [shared, second]) {
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(file);
      clients.push(kc.makeApiClient(k8s.CoreV1Api));
    }
    t = performance.now();
    await Promise.all(clients.map((core) => fillNamespace(core, ns)));
    log(`${PODS} pods in ${ns} on each cluster in ${round((performance.now() - t) / 1000)} s`);

    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, fleetKubeconfig(shared, second), { mode: 0o600 });
    const results = {};
    const only = arg('only', '');
    for (const scenario of ['one', 'two', 'four', 'busy'].filter(
      (x) => !only || only.split(',').includes(x),
    )) {
      log(`scenario ${scenario}`);
      const r = spawnSync(
        process.execPath,
        ['--expose-gc', fileURLToPath(import.meta.url), `--child=${scenario}`, `--calls=${CALLS}`],
        {
          env: { ...process.env, BENCH_KUBECONFIG: kubeconfig, BENCH_NAMESPACE: ns, BENCH_DIR: dir },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          timeout: 300_000,
        },
      );
      if (r.status !== 0) throw new Error(`scenario ${scenario} failed (exit ${r.status})`);
      results[scenario] = JSON.parse(r.stdout.trim().split('\n').at(-1));
    }
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.log(JSON.stringify({ pods: PODS, calls: CALLS, load, results }, null, 2));
  } finally {
    await Promise.all(
      clients.slice(0, 1).map((core) => core.deleteNamespace({ name: ns }).catch(() => undefined)),
    );
    if (secondUp) {
      const down = spawnSync('bash', [path.join(ROOT, 'test/cluster/down.sh')], {
        env: { ...process.env, K8S_MCP_CLUSTER_DIR: stateDir },
        encoding: 'utf8',
        timeout: 120_000,
      });
      if (down.status !== 0) log(`down.sh failed: ${down.stderr}`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The namespace with PODS bare pods bound to the first node (KWOK runs them; no scheduler needed). */
async function fillNamespace(core, ns) {
  const node = (await core.listNode()).items[0].metadata.name;
  await core.createNamespace({ body: { metadata: { name: ns, labels: { 'k8s-mcp-test': 'true' } } } });
  let next = 0;
  const one = async () => {
    while (next < PODS) {
      const i = next++;
      await core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name: `pod-${String(i).padStart(4, '0')}`, labels: { app: `app-${i % 10}` } },
          spec: { nodeName: node, containers: [{ name: 'app', image: 'registry.example/app:1.0' }] },
        },
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, one));
}

/** Contexts a1..a4 on the shared cluster, beta on the second; a1 current. */
function fleetKubeconfig(shared, second) {
  const a = parse(readFileSync(shared, 'utf8'));
  const b = parse(readFileSync(second, 'utf8'));
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'shared', cluster: a.clusters[0].cluster },
      { name: 'second', cluster: b.clusters[0].cluster },
    ],
    users: [
      { name: 'shared-admin', user: a.users[0].user },
      { name: 'second-admin', user: b.users[0].user },
    ],
    contexts: [
      ...['a1', 'a2', 'a3', 'a4'].map((name) => ({
        name,
        context: { cluster: 'shared', user: 'shared-admin' },
      })),
      { name: 'beta', context: { cluster: 'second', user: 'second-admin' } },
    ],
    'current-context': 'a1',
  });
}

// ---- child: one scenario in a process of its own ----------------------------------------------
async function runChild(scenario) {
  await import('reflect-metadata');
  const gc = vm.runInThisContext('typeof gc === "function" ? gc : undefined');
  if (!gc) throw new Error('run with node --expose-gc');
  const heapMiB = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  const { createApp } = await dist('bootstrap.js');
  const { loadConfig } = await dist('config/config.loader.js');
  const { ToolInvoker } = await dist('mcp/tool-invoker.service.js');
  const { InformerRegistry } = await dist('sync/informer-registry.js');
  const { ClusterModels } = await dist('contexts/cluster-models.service.js');
  const ns = process.env.BENCH_NAMESPACE;
  const contexts = { one: '', two: 'a1,beta', four: 'a1,a2,a3,a4', busy: 'a1,beta' }[scenario];
  const config = loadConfig({
    env: {
      KUBECONFIG_PATH: process.env.BENCH_KUBECONFIG,
      LOG_DIR: '',
      LOG_LEVEL: 'silent',
      K8S_AUDIT_LOG_PATH: path.join(process.env.BENCH_DIR, `audit-${scenario}.log`),
      K8S_ALLOWED_NAMESPACES: ns,
      K8S_NAMESPACE: ns,
      K8S_CONTEXTS: contexts,
      K8S_CONTEXT_IDLE_STOP: '0',
      TIMELINE_ENABLED: 'false',
    },
    cwd: process.env.BENCH_DIR,
  });
  const app = await createApp(config);
  await app.init();
  const registry = app.get(InformerRegistry);
  const models = app.get(ClusterModels);
  const invoker = app.get(ToolInvoker);
  const caller = { transport: 'stdio' };
  const names = [...(await models.names())];
  const podsOf = async (name) => {
    const lease = await models.acquire(name);
    try {
      return lease.model.registry.informer('Pod')?.store.size ?? 0;
    } finally {
      lease.release();
    }
  };
  const allSynced = async () => (await models.status()).every((c) => c.sync?.phase === 'synced');
  try {
    const heapBefore = heapMiB();
    if (scenario !== 'busy') {
      const t0 = performance.now();
      registry.start();
      for (const name of names.slice(1)) await models.acquire(name).then((l) => l.release());
      while (!(await allSynced())) await new Promise((r) => setTimeout(r, 20));
      const syncMs = performance.now() - t0;
      const pods = await Promise.all(names.map(podsOf));
      const status = await models.status();
      const heapAfter = heapMiB();
      console.log(
        JSON.stringify({
          contexts: names,
          pods,
          allSyncedMs: round(syncMs),
          initialSyncMs: status.map((c) => c.sync?.initialSyncMs ?? null),
          heapMiB: round(heapAfter - heapBefore),
          heapTotalMiB: round(heapAfter),
        }),
      );
      return;
    }
    // busy: a1 synced and warm, then beta started while a1 answers cached calls one after another.
    registry.start();
    await registry.ready();
    // Timed from the call's arrival: a client's call comes as I/O, so it first waits for the event
    // loop's turn (behind whatever the other model's sync is parsing), then runs. Without the
    // yield the cached calls, all microtasks, would starve the other model's sockets.
    const once = async () => {
      const t = performance.now();
      await nextTurn();
      const r = await invoker.call('k8s-get-pods', { namespace: ns, limit: 20 }, caller);
      if (r.isError || r.structuredContent?.source !== 'cache') throw new Error(JSON.stringify(r.content));
      return performance.now() - t;
    };
    for (let i = 0; i < 30; i++) await once();
    const before = [];
    for (let i = 0; i < CALLS; i++) before.push(await once());
    const t0 = performance.now();
    const started = models.acquire('beta').then((l) => l.release());
    const during = [];
    let betaSyncedMs;
    while (betaSyncedMs === undefined && during.length < 100_000) {
      during.push(await once());
      const beta = (await models.status()).find((c) => c.name === 'beta');
      if (beta?.sync?.phase === 'synced') betaSyncedMs = performance.now() - t0;
    }
    await started;
    const stats = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
      return { n: s.length, p50: round(q(0.5), 2), p99: round(q(0.99), 2), max: round(s.at(-1), 2) };
    };
    console.log(
      JSON.stringify({
        call: `k8s-get-pods {namespace, limit: 20} on a1 (cache of ${await podsOf('a1')} pods)`,
        before: stats(before),
        whileBetaSyncs: stats(during),
        betaSyncedMs: round(betaSyncedMs ?? NaN),
        betaPods: await podsOf('beta'),
      }),
    );
  } finally {
    await app.close();
  }
}
