#!/usr/bin/env node
// The live-model benchmark (scenario d): the watch cache, the graph and the cached tools on a
// KWOK cluster of 10,000 pods (bench/lib/large-cluster.mjs), measured in-process on the built
// server (dist/). Run by `npm run bench` (it passes --expose-gc) or alone:
//
//   node --expose-gc bench/cluster-model.mjs            # prints JSON on stdout, progress on stderr
//   node --expose-gc bench/cluster-model.mjs --timeline=off   # the same with TIMELINE_ENABLED=false
//
// Every figure is measured here; nothing is estimated from smaller runs.
import 'reflect-metadata';
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, URLSearchParams } from 'node:url';
import vm from 'node:vm';
import path from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  appName,
  countPods,
  ensureLargeCluster,
  namespaceName,
  pool,
  populateLargeCluster,
  SHAPE,
} from './lib/large-cluster.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(ROOT, 'dist', p));
const k8s = await import('@kubernetes/client-node');
// Scale and annotation changes are JSON merge patches of partial objects.
const mergePatch = k8s.setHeaderOptions('Content-Type', 'application/merge-patch+json');
const log = (m) => process.stderr.write(`[bench d] ${m}\n`);
// --timeline=off runs the app without the change journal (TIMELINE_ENABLED=false), to weigh it.
const TIMELINE = process.argv.find((a) => a.startsWith('--timeline='))?.slice(11) ?? 'on';
if (!['on', 'off'].includes(TIMELINE)) throw new Error('--timeline must be on or off');
// --sync-only stops after the sync figures (bare LIST, initial sync): for before/after runs of it;
// --no-bare-list skips the bare LIST too (to profile the sync alone).
const SYNC_ONLY = process.argv.includes('--sync-only');
// --sync-rounds=N (with --sync-only): N rounds of a bare LIST then a sync in a fresh app, alternated,
// so both sides see the same load and both are warm (one cold sync against the best of three warm
// bare LISTs flatters the LIST).
const SYNC_ROUNDS = Number(process.argv.find((a) => a.startsWith('--sync-rounds='))?.slice(14) ?? '1');
const BARE_LIST = !process.argv.includes('--no-bare-list');
// --graph-only: the sync, then the in-process relation queries, nothing else (no pods changed).
const GRAPH_ONLY = process.argv.includes('--graph-only');

// --expose-gc puts gc on the global object; reached through vm so lint needs no browser globals.
const gc = vm.runInThisContext('typeof gc === "function" ? gc : undefined');
if (!gc) throw new Error('run with node --expose-gc');

const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { n: s.length, p50: round(q(0.5), 3), p99: round(q(0.99), 3), max: round(s.at(-1), 3) };
}
function heapUsed() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
const rssMiB = () => round(process.memoryUsage().rss / 2 ** 20);

// ---- the bare paginated LIST: HTTPS GET + JSON.parse, nothing else ------------------------------
const PARTIAL_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

function httpsGetJson(opts, url, accept) {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ...opts, headers: { ...opts.headers, Accept: accept } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new Error(`GET ${url}: ${res.statusCode} ${body.slice(0, 200)}`));
        else resolve(JSON.parse(body));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Lists every watched kind the way the sync does (500 a page, kinds in parallel), keeping nothing. */
async function bareList(kc, kinds, resourcePath) {
  const opts = { agent: new https.Agent({ keepAlive: true, maxSockets: 64 }) };
  await kc.applyToHTTPSOptions(opts);
  const server = kc.getCurrentCluster().server;
  const counts = {};
  const t0 = performance.now();
  await Promise.all(
    kinds.map(async (k) => {
      let cont;
      let n = 0;
      do {
        const q = new URLSearchParams({ limit: '500', ...(cont ? { continue: cont } : {}) });
        const page = await httpsGetJson(
          opts,
          `${server}${resourcePath(k.ref)}?${q}`,
          k.metadataOnly ? PARTIAL_LIST : 'application/json',
        );
        n += (page.items ?? []).length; // an empty PartialObjectMetadataList has items: null
        cont = page.metadata?.continue || undefined;
      } while (cont);
      counts[k.ref.kind] = n;
    }),
  );
  opts.agent.destroy();
  return { ms: performance.now() - t0, counts };
}

/** The app started, then timed from registry.start() to ready(): the initial sync. */
async function startAndSync(kubeconfig, dir) {
  const { InformerRegistry } = await dist('sync/informer-registry.js');
  const app = await startApp(kubeconfig, dir, { TIMELINE_ENABLED: TIMELINE === 'on' ? 'true' : 'false' });
  const registry = app.get(InformerRegistry);
  const t0 = performance.now();
  const h0 = process.hrtime.bigint();
  registry.start();
  await registry.ready();
  const ms = performance.now() - t0;
  return { app, registry, ms, window: [Number(h0 / 1000n), Number(process.hrtime.bigint() / 1000n)] };
}

/** --sync-rounds: bare LIST and sync alternated; medians and bests of each, and their ratios. */
async function alternateSync(kubeconfig, dir, k8s, res, firstApp) {
  await firstApp.close();
  const { WATCHED_KINDS } = await dist('sync/watched-kinds.js');
  const { resourcePath } = await dist('k8s/resource-ref.js');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const bare = [];
  const sync = [];
  for (let i = 0; i < SYNC_ROUNDS; i++) {
    bare.push((await bareList(kc, WATCHED_KINDS, resourcePath)).ms);
    const synced = await startAndSync(kubeconfig, dir);
    sync.push(synced.ms);
    await synced.app.close();
    gc();
    log(`round ${i + 1}: bare LIST ${round(bare.at(-1))} ms, sync ${round(sync.at(-1))} ms`);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  res.alternated = {
    rounds: SYNC_ROUNDS,
    bare_ms: bare.map((x) => round(x)),
    sync_ms: sync.map((x) => round(x)),
    ratio_of_medians: round(median(sync) / median(bare), 2),
    ratio_of_bests: round(Math.min(...sync) / Math.min(...bare), 2),
    ratios_per_round: sync.map((x, i) => round(x / bare[i], 2)),
  };
  log(`alternated: ${JSON.stringify(res.alternated)}`);
}

// ---- the app, in-process -------------------------------------------------------------------------
async function startApp(kubeconfig, dir, extraEnv = {}) {
  const { loadConfig } = await dist('config/config.loader.js');
  const { createApp } = await dist('bootstrap.js');
  const config = loadConfig({
    env: {
      KUBECONFIG_PATH: kubeconfig,
      LOG_DIR: '',
      LOG_LEVEL: 'silent',
      K8S_AUDIT_LOG_PATH: path.join(dir, 'audit.log'),
      K8S_MCP_HOST: '127.0.0.1',
      K8S_MCP_PORT: '0',
      K8S_MAX_RESOURCES: '1000',
      ...extraEnv,
    },
    cwd: dir,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  return app;
}

// ---- measurements ------------------------------------------------------------------------------
async function measureSync(kubeconfig, dir, k8s, res) {
  const { WATCHED_KINDS } = await dist('sync/watched-kinds.js');
  const { resourcePath } = await dist('k8s/resource-ref.js');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);

  // Warm the API server's caches and the connection paths once, then take the best of three.
  if (BARE_LIST) await bareList(kc, WATCHED_KINDS, resourcePath);
  const bare = [];
  let counts = {};
  for (let i = 0; i < (BARE_LIST ? 3 : 0); i++) {
    const r = await bareList(kc, WATCHED_KINDS, resourcePath);
    bare.push(r.ms);
    counts = r.counts;
  }
  res.objects = counts;
  res.objects_total = Object.values(counts).reduce((a, b) => a + b, 0);
  res.bare_list_ms = { runs: bare.map((x) => round(x)), best: round(Math.min(...bare)) };

  const heap0 = heapUsed();
  const rss0 = rssMiB();
  const { app, registry, ms: syncMs, window } = await startAndSync(kubeconfig, dir);
  // The window on the clock of --cpu-prof's samples (µs), to profile the sync alone.
  res.sync_window_us = window;
  res.initial_sync_ms = round(syncMs);
  res.sync_to_bare_ratio = round(syncMs / res.bare_list_ms.best, 2);
  res.initial_sync_status_ms = registry.status().initialSyncMs;
  await sleep(2000); // let the watches settle before weighing
  const heap1 = heapUsed();
  res.app_heap_mib = round((heap1 - heap0) / 2 ** 20);
  // The whole app's heap over the cached pods (every kind, graph, journal): the journal's share.
  res.app_heap_per_cached_pod_kib = round((heap1 - heap0) / registry.informer('Pod').store.size / 1024, 2);
  res.rss_mib = { before_app: rss0, synced: rssMiB() };
  res.cached = Object.fromEntries(registry.informers().map((i) => [i.kind.ref.kind, i.store.size]));
  return { app, registry, kc };
}

/** Heap a cached pod costs in the Store (trimmed object + indexes), weighed apart from the app. */
async function measureHeapPerPod(kc, res) {
  const { Store } = await dist('sync/store.js');
  const opts = { agent: new https.Agent({ keepAlive: true }) };
  await kc.applyToHTTPSOptions(opts);
  const server = kc.getCurrentCluster().server;
  const pages = [];
  let cont;
  do {
    const q = new URLSearchParams({ limit: '500', ...(cont ? { continue: cont } : {}) });
    const page = await httpsGetJson(opts, `${server}/api/v1/pods?${q}`, 'application/json');
    pages.push(JSON.stringify(page.items)); // kept as text so only the store holds objects
    cont = page.metadata?.continue || undefined;
  } while (cont);
  opts.agent.destroy();
  // Held through an object so that dropping it is visible to the collector (and to lint).
  const held = { store: new Store() };
  for (const text of pages) for (const pod of JSON.parse(text) ?? []) held.store.upsert(pod);
  pages.length = 0;
  const withStore = heapUsed();
  const n = held.store.size;
  held.store = undefined;
  const without = heapUsed();
  res.store_pods = n;
  res.heap_per_cached_pod_kib = round((withStore - without) / n / 1024, 2);
}

/** Events the Pod informer applies per second while 1,000 pods are added and then removed. */
async function measureScaling(registry, apps, core, res) {
  const informer = registry.informer('Pod');
  let events = 0;
  let first = 0;
  let last = 0;
  const tick = () => {
    last = performance.now();
    if (!first) first = last;
    events++;
  };
  const off = informer.addHandlers({ add: tick, update: tick, delete: tick });
  const targets = [];
  for (let n = 0; n < 5; n++)
    for (let d = 0; d < SHAPE.deploymentsPerNamespace; d++) targets.push([namespaceName(n), appName(d)]);
  const scaleAll = (replicas) =>
    pool(targets, 16, ([namespace, name]) =>
      apps.patchNamespacedDeploymentScale({ namespace, name, body: { spec: { replicas } } }, mergePatch),
    );
  const runningInCache = () =>
    informer.store
      .list()
      .filter((p) => p.metadata.labels?.['k8s-mcp/bench'] === 'large' && p.status?.phase === 'Running')
      .length;
  const phase = async (name, replicas, expectRunning) => {
    events = 0;
    first = 0;
    const t0 = performance.now();
    await scaleAll(replicas);
    const deadline = Date.now() + 10 * 60_000;
    while (runningInCache() !== expectRunning || informer.store.size < expectRunning) {
      if (Date.now() > deadline)
        throw new Error(`${name}: cache did not reach ${expectRunning} running pods`);
      await sleep(200);
    }
    // Deletions finish after the last pod stops running: wait for the stream to go quiet.
    let quiet;
    do {
      quiet = events;
      await sleep(1500);
    } while (events !== quiet);
    res[name] = {
      pods_changed: SHAPE.replicas * targets.length, // 100 Deployments, 10 pods each way
      events,
      seconds: round((last - t0) / 1000, 2),
      events_per_s: round(events / ((last - first) / 1000)),
    };
    log(`${name}: ${JSON.stringify(res[name])}`);
  };
  const base = SHAPE.namespaces * SHAPE.deploymentsPerNamespace * SHAPE.replicas;
  try {
    await phase('scale_up_1000', SHAPE.replicas * 2, base + 1000);
    await phase('scale_down_1000', SHAPE.replicas, base);
  } finally {
    off();
    await scaleAll(SHAPE.replicas).catch(() => {});
  }
  void core;
}

/** Replays recorded pod events straight into an informer: the sync's own ceiling, no API server. */
async function measureApplyCeiling(registry, res) {
  const { Informer } = await dist('sync/informer.js');
  const src = registry.informer('Pod');
  const pods = src.store.list().slice(0, 5000);
  const sink = new Informer(src.kind);
  const t0 = performance.now();
  for (const p of pods) sink.upsert(JSON.parse(JSON.stringify(p)));
  for (const p of pods)
    sink.upsert({ ...p, metadata: { ...p.metadata, resourceVersion: `${p.metadata.resourceVersion}1` } });
  for (const p of pods) sink.delete(p);
  const s = (performance.now() - t0) / 1000;
  res.apply_ceiling_events_per_s = Math.round((pods.length * 3) / s);
}

/** Time from a PATCH returning to the Pod informer holding that resourceVersion. */
async function measureChangeToVisible(registry, core, res) {
  const informer = registry.informer('Pod');
  const waiting = new Map();
  const off = informer.addHandlers({
    update: (_old, obj) => {
      const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
      const w = waiting.get(key);
      if (w && obj.metadata.annotations?.['bench/seq'] === w.seq) {
        waiting.delete(key);
        w.resolve(performance.now());
      }
    },
  });
  const pods = informer.store
    .list()
    .filter((p) => p.metadata.labels?.['k8s-mcp/bench'] === 'large')
    .slice(0, 200);
  const samples = [];
  try {
    for (let i = 0; i < pods.length; i++) {
      const p = pods[i];
      const key = `${p.metadata.namespace}/${p.metadata.name}`;
      const seq = `${Date.now()}-${i}`;
      const seen = new Promise((resolve) => waiting.set(key, { seq, resolve }));
      const t0 = performance.now();
      await core.patchNamespacedPod(
        {
          name: p.metadata.name,
          namespace: p.metadata.namespace,
          body: { metadata: { annotations: { 'bench/seq': seq } } },
        },
        mergePatch,
      );
      const t1 = await Promise.race([seen, sleep(10_000).then(() => NaN)]);
      samples.push(t1 - t0);
    }
  } finally {
    off();
  }
  const lost = samples.filter(Number.isNaN).length;
  res.change_to_visible_ms = { ...stats(samples.filter((x) => !Number.isNaN(x))), lost };
}

/** Relation queries straight on the GraphService (the "in-process" figure). */
async function measureGraph(app, res) {
  const { GraphService } = await dist('graph/graph.service.js');
  const graph = app.get(GraphService);
  if (!(await graph.whenReady(120_000))) throw new Error('graph not ready after 120 s');
  graph.flush();
  res.graph = graph.counts();
  const roots = [];
  for (let n = 0; n < SHAPE.namespaces; n += 5)
    for (let d = 0; d < SHAPE.deploymentsPerNamespace; d += 4) {
      const namespace = namespaceName(n);
      roots.push({ kind: 'Deployment', namespace, name: appName(d) });
      roots.push({ kind: 'Service', namespace, name: appName(d) });
      roots.push({ kind: 'ConfigMap', namespace, name: `cfg-${String(d).padStart(2, '0')}` });
      roots.push({ kind: 'Node', name: `kwok-node-${(n * 7 + d) % SHAPE.nodes}` });
    }
  // Per query: wall time, this process's CPU time, and whether a GC fell into it (wall time the
  // process did not get, from other processes on the shared cores, is the difference).
  const gcs = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  const samples = [];
  const cpu = [];
  const spans = [];
  const byKind = {};
  let nodes = 0;
  for (let round = 0; round < 10; round++)
    for (const root of roots) {
      const c = process.cpuUsage();
      const t0 = performance.now();
      const r = graph.query('impact', root, { maxDepth: 3 });
      const t1 = performance.now();
      const used = process.cpuUsage(c);
      samples.push(t1 - t0);
      spans.push([t0, t1]);
      cpu.push((used.user + used.system) / 1000);
      (byKind[root.kind] ??= []).push(t1 - t0);
      nodes += r.nodes?.length ?? 0;
    }
  await sleep(50); // GC entries arrive on a later turn
  observer.disconnect();
  const withGc = spans.map(([s, e]) => gcs.some(([gs, ge]) => gs < e && ge > s));
  res.relation_query_impact_depth3_ms = {
    ...stats(samples),
    mean_nodes: round(nodes / samples.length),
    cpu: stats(cpu),
    gcs: gcs.length,
    queries_with_gc: withGc.filter(Boolean).length,
    without_gc: stats(samples.filter((_, i) => !withGc[i])),
    by_root_kind: Object.fromEntries(Object.entries(byKind).map(([k, xs]) => [k, stats(xs)])),
  };
}

/** Tool calls over Streamable HTTP to the in-process server: cached vs API reads, summary. */
async function measureTools(app, res) {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } =
    await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const client = new Client({ name: 'bench-d', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
  const time = async (name, args, n) => {
    const samples = [];
    let bytes = 0;
    for (let i = 0; i < n + 3; i++) {
      const t0 = performance.now();
      const r = await client.callTool({ name, arguments: args });
      const ms = performance.now() - t0;
      if (r.isError) throw new Error(`${name} failed: ${JSON.stringify(r.content).slice(0, 300)}`);
      if (i >= 3) samples.push(ms); // the first calls warm up code paths
      bytes = Buffer.byteLength(r.content?.[0]?.text ?? '', 'utf8');
    }
    return { ...stats(samples), text_bytes: bytes };
  };
  try {
    const pods = { namespace: 'all', limit: 1000 };
    res.get_pods_1000_cached_ms = await time('k8s-get-pods', pods, 30);
    res.get_pods_1000_api_ms = await time('k8s-get-pods', { ...pods, fresh: true }, 30);
    res.get_pods_cached_speedup = round(res.get_pods_1000_api_ms.p50 / res.get_pods_1000_cached_ms.p50, 1);
    const impact = {
      query_type: 'impact',
      resource_type: 'configmap',
      resource_name: 'cfg-00',
      namespace: namespaceName(0),
      max_depth: 3,
    };
    res.relation_query_tool_ms = await time('k8s-relation-query', impact, 50);
    const overview = { summary_type: 'overview', max_size_kb: 10, include_anomalies: true };
    res.summary_overview_10kb_ms = await time('k8s-cluster-summary', overview, 30);
  } finally {
    await client.close();
  }
}

async function main() {
  const { kubeconfig } = ensureLargeCluster(ROOT, log);
  const fill = await populateLargeCluster(k8s, kubeconfig, log);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-bench-d-'));
  const res = {
    scenario: 'd live model, 10k pods',
    timeline: TIMELINE,
    node: process.version,
    shape: SHAPE,
    cluster_fill_s: fill.seconds,
    cpus: os.cpus().length,
  };
  let app;
  try {
    const synced = await measureSync(kubeconfig, dir, k8s, res);
    app = synced.app;
    log(
      `sync: ${res.initial_sync_ms} ms vs bare LIST ${res.bare_list_ms.best} ms (${res.sync_to_bare_ratio}x)`,
    );
    if (SYNC_ONLY && SYNC_ROUNDS > 1) {
      await alternateSync(kubeconfig, dir, k8s, res, app);
      app = undefined;
    }
    if (SYNC_ONLY) {
      process.stdout.write(JSON.stringify(res, null, 2) + '\n');
      return;
    }
    if (GRAPH_ONLY) {
      await measureGraph(app, res);
      process.stdout.write(JSON.stringify(res, null, 2) + '\n');
      return;
    }
    await measureHeapPerPod(synced.kc, res);
    log(`heap per cached pod: ${res.heap_per_cached_pod_kib} KiB`);
    await measureChangeToVisible(synced.registry, fill.core, res);
    log(`change-to-visible: ${JSON.stringify(res.change_to_visible_ms)}`);
    await measureGraph(app, res);
    log(
      `graph: ${JSON.stringify(res.graph)}; impact depth 3 ${JSON.stringify(res.relation_query_impact_depth3_ms)}`,
    );
    await measureTools(app, res);
    log(
      `tools: get-pods cached ${res.get_pods_1000_cached_ms.p50} ms vs API ${res.get_pods_1000_api_ms.p50} ms; ` +
        `relation-query ${res.relation_query_tool_ms.p50} ms; summary ${JSON.stringify(res.summary_overview_10kb_ms)}`,
    );
    await measureApplyCeiling(synced.registry, res);
    await measureScaling(synced.registry, fill.apps, fill.core, res);
    res.rss_mib.end = rssMiB();
    const c = await countPods(fill.core);
    res.pods_at_end = c;
  } finally {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(res, null, 2) + '\n');
}

main().then(
  () => process.exit(0),
  (err) => {
    log(err.stack ?? String(err));
    process.exit(1);
  },
);
