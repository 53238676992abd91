#!/usr/bin/env node
// Benchmarks of the built server (dist/main.js) against a real local control plane (KWOK nodes).
//
//   npm run bench                      # build, then every scenario
//   node bench/run.mjs --only=a,b      # a: k8s-get-pods over HTTP, b: stdio start-up, c: hung API server,
//                                      # d: live model on 10,000 pods (bench/cluster-model.mjs, own cluster)
//                                      # e: monitoring overhead on a cached call, cached vs API read
//   node bench/run.mjs --delete-namespace   # also delete the bench-pods namespace at the end
//
// Kubeconfig: $K8S_MCP_BENCH_KUBECONFIG, default .cluster/kubeconfig (test/cluster/up.sh is run when
// it is missing). Results: a table on stdout and bench/results/latest.json. Every loop is bounded;
// every child process is killed on exit.
import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { freePort } from './lib/raw-mcp.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'dist', 'main.js');
const NODE = process.execPath;
const NAMESPACE = 'bench-pods';
const POD_COUNT = 1000;
const SEQ_CALLS = 100; // sequential calls per k8s-get-pods variant (after warm-up)
const WARMUP_CALLS = 5;
const CONC_CLIENTS = 16;
const CONC_CALLS = 400; // total calls spread over the 16 sessions
const STARTUP_RUNS = 10;
const HUNG_TIMEOUT_S = 3;
// Scenario d: alternating calls per server and page; enough for a stable median and a p99 from the
// top 1% on a shared 2-core machine, while the whole scenario stays near a minute.
const OVERHEAD_ROUNDS = 400;
const OVERHEAD_WARMUP = 20;
const API_READ_CALLS = 30;

const argv = process.argv.slice(2);
const only = new Set(
  (argv.find((a) => a.startsWith('--only='))?.slice(7) ?? 'a,b,c,d,e').split(',').map((s) => s.trim()),
);
const deleteNamespace = argv.includes('--delete-namespace');

// ---- child processes and temp files: always cleaned up ------------------------------------------
const children = new Set();
const TMP = mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-bench-'));
function cleanup() {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
  children.clear();
  rmSync(TMP, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => process.stderr.write(`[bench] ${a.join(' ')}\n`);

/** Rejects after ms with a message, unless the promise settles first. */
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// ---- statistics ---------------------------------------------------------------------------------
function stats(samples) {
  const s = [...samples].sort((x, y) => x - y);
  const at = (q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  const round = (x) => Math.round(x * 100) / 100;
  return {
    n: s.length,
    median_ms: round(at(0.5)),
    p99_ms: round(at(0.99)),
    mean_ms: round(s.reduce((a, b) => a + b, 0) / s.length),
    min_ms: round(s[0]),
    max_ms: round(s[s.length - 1]),
  };
}

// ---- server processes ---------------------------------------------------------------------------

/** Environment for a server child: no log files, audit log in the temp dir, no inherited kubeconfig. */
function serverEnv(extra = {}) {
  const env = {
    ...process.env,
    LOG_DIR: '',
    LOG_LEVEL: 'warn',
    K8S_AUDIT_LOG_PATH: path.join(TMP, 'audit.log'),
  };
  delete env.KUBECONFIG;
  delete env.KUBECONFIG_PATH;
  for (const k of Object.keys(env))
    if (k.startsWith('K8S_') && !(k in extra) && k !== 'K8S_AUDIT_LOG_PATH') delete env[k];
  return { ...env, ...extra };
}

function spawnServer(args, env) {
  // cwd = temp dir, so that no stray ./.env changes the configuration.
  const child = spawn(NODE, [MAIN, ...args], { cwd: TMP, env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-8000);
  });
  child.once('exit', () => children.delete(child));
  child.stderrTail = () => stderr;
  return child;
}

/** Stops a child: close stdin, then TERM, then KILL; resolves with how it ended. */
async function stopChild(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return { exited: true };
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const t0 = performance.now();
  child.stdin.end();
  let res = await Promise.race([exited, sleep(graceMs).then(() => null)]);
  if (res) return { ...res, via: 'stdin-close', ms: Math.round(performance.now() - t0) };
  child.kill('SIGTERM');
  res = await Promise.race([exited, sleep(graceMs).then(() => null)]);
  if (res) return { ...res, via: 'SIGTERM', ms: Math.round(performance.now() - t0) };
  child.kill('SIGKILL');
  res = await exited;
  return { ...res, via: 'SIGKILL', ms: Math.round(performance.now() - t0) };
}

async function startHttpServer(kubeconfig, extraEnv) {
  const port = await freePort();
  const child = spawnServer(
    ['--transport', 'http', '--host', '127.0.0.1', '--port', String(port), '--kubeconfig', kubeconfig],
    serverEnv(extraEnv),
  );
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${child.stderrTail()}`);
    try {
      await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
      return {
        child,
        port,
        url: `http://127.0.0.1:${port}/mcp`,
        listenMs: Math.round(performance.now() - t0),
      };
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`server not listening on ${port} after 20 s: ${child.stderrTail()}`);
}

/** Line-framed JSON-RPC over a child's stdio (the raw protocol, no SDK in the timing path). */
class StdioRpc {
  constructor(child) {
    this.child = child;
    this.pending = new Map();
    this.buf = '';
    this.nextId = 1;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      this.buf += d;
      let i;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        if (!line.trim()) continue;
        let msg;
        try {
          msg = JSON.parse(line);
        } catch {
          continue; // not ours (the protocol owns stdout; count nothing)
        }
        const p = msg.id !== undefined ? this.pending.get(msg.id) : undefined;
        if (p) {
          this.pending.delete(msg.id);
          p({ msg, at: performance.now(), bytes: Buffer.byteLength(line) });
        }
      }
    });
  }
  /** Sends a request; resolves with { msg, ms, bytes } (ms from send to the response line). */
  request(method, params, timeoutMs = 30_000) {
    const id = this.nextId++;
    const t0 = performance.now();
    const p = new Promise((resolve) => this.pending.set(id, resolve));
    this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    return withTimeout(p, timeoutMs, method).then((r) => ({ ...r, ms: r.at - t0 }));
  }
  notify(method, params) {
    this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}) }) + '\n');
  }
}

const INIT_PARAMS = {
  protocolVersion: LATEST_PROTOCOL_VERSION,
  capabilities: {},
  clientInfo: { name: 'k8s-mcp-bench', version: '1' },
};

function rssMiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : undefined;
  } catch {
    return undefined;
  }
}

// ---- cluster and fixture --------------------------------------------------------------------------
function resolveKubeconfig() {
  const kc = path.resolve(ROOT, process.env.K8S_MCP_BENCH_KUBECONFIG || '.cluster/kubeconfig');
  if (existsSync(kc)) return kc;
  log(`${kc} missing: starting the local control plane (test/cluster/up.sh)`);
  const r = spawnSync('bash', [path.join(ROOT, 'test/cluster/up.sh')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    timeout: 30 * 60_000,
  });
  if (r.status !== 0) throw new Error(`test/cluster/up.sh failed (exit ${r.status})`);
  const out = r.stdout.trim().split('\n').pop();
  if (!out || !existsSync(out)) throw new Error(`up.sh printed no kubeconfig path (got '${out}')`);
  return out;
}

const isReady = (p) =>
  p.status?.phase === 'Running' &&
  (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

async function listAll(core) {
  const items = [];
  let cont;
  for (let page = 0; page < 50; page++) {
    const r = await core.listNamespacedPod({ namespace: NAMESPACE, limit: 500, _continue: cont });
    items.push(...r.items);
    cont = r.metadata?._continue;
    if (!cont) break;
  }
  return items;
}

/**
 * 1,000 bare pods bound to the KWOK nodes with spec.nodeName. Faster than a Deployment: no
 * ReplicaSet controller slow-start, no scheduler (whose default client QPS paces binding), and the two
 * KWOK nodes advertise 110 pods each, so a scheduler would place only 220. KWOK ignores capacity.
 */
async function ensurePods(k8s, kubeconfig) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const t0 = performance.now();
  const res = {
    namespace: NAMESPACE,
    pods: POD_COUNT,
    method: 'bare pods with spec.nodeName on the KWOK nodes',
  };

  try {
    await core.readNamespace({ name: NAMESPACE });
  } catch (err) {
    if (err?.code !== 404) throw err;
    await core.createNamespace({
      body: { metadata: { name: NAMESPACE, labels: { 'k8s-mcp/bench': 'true' } } },
    });
  }
  // The ServiceAccount admission plugin refuses pods until the namespace's default SA exists.
  for (let i = 0; ; i++) {
    try {
      await core.readNamespacedServiceAccount({ name: 'default', namespace: NAMESPACE });
      break;
    } catch (err) {
      if (err?.code !== 404) throw err;
      if (i >= 120) throw new Error(`no default ServiceAccount in ${NAMESPACE} after 30 s`, { cause: err });
      await sleep(250);
    }
  }

  const nodes = (await core.listNode({})).items
    .filter((n) => n.metadata?.annotations?.['kwok.x-k8s.io/node'] === 'fake')
    .map((n) => n.metadata.name)
    .sort();
  if (nodes.length === 0)
    throw new Error('no KWOK nodes (annotation kwok.x-k8s.io/node=fake) in the cluster');
  res.nodes = nodes;

  const existing = new Set((await listAll(core)).map((p) => p.metadata.name));
  const names = Array.from({ length: POD_COUNT }, (_, i) => `bench-pod-${String(i).padStart(4, '0')}`);
  const missing = names.filter((n) => !existing.has(n));
  res.reused = missing.length === 0;
  res.created = missing.length;
  let next = 0;
  const worker = async () => {
    while (next < missing.length) {
      const name = missing[next++];
      const i = Number(name.slice(-4));
      await core.createNamespacedPod({
        namespace: NAMESPACE,
        body: {
          metadata: { name, labels: { app: 'bench', 'k8s-mcp/bench': 'true', shard: String(i % 10) } },
          spec: {
            nodeName: nodes[i % nodes.length],
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: 0,
            tolerations: [{ operator: 'Exists' }],
            containers: [{ name: 'app', image: 'registry.invalid/bench/app:1', resources: {} }],
          },
        },
      });
    }
  };
  if (missing.length) {
    log(`creating ${missing.length} pods in ${NAMESPACE} (32 in flight)`);
    await Promise.all(Array.from({ length: 32 }, worker));
  }
  res.create_ms = Math.round(performance.now() - t0);

  // Wait (bounded: 10 min) until all 1,000 are Running and Ready.
  let ready = 0;
  for (let i = 0; i < 1200; i++) {
    const pods = await listAll(core);
    ready = pods.filter((p) => names.includes(p.metadata.name) && isReady(p)).length;
    if (ready >= POD_COUNT) break;
    if (i % 10 === 0)
      log(`${ready}/${POD_COUNT} pods Running+Ready after ${Math.round(performance.now() - t0)} ms`);
    await sleep(500);
  }
  if (ready < POD_COUNT) throw new Error(`only ${ready}/${POD_COUNT} pods ready after 10 min`);
  res.time_to_ready_ms = Math.round(performance.now() - t0);
  log(
    `${POD_COUNT} pods ready in ${res.time_to_ready_ms} ms (${res.reused ? 'reused' : `created ${res.created}`})`,
  );

  // Baseline: the same list straight from the API server, no MCP: one keep-alive HTTPS GET with
  // JSON.parse of the body (what any client pays at least).
  const opts = {};
  await kc.applyToHTTPSOptions(opts);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  const server = new URL(kc.getCurrentCluster().server);
  const get = (limit, via = agent) =>
    new Promise((resolve, reject) => {
      const req = https.get(
        {
          ...opts,
          agent: via,
          host: server.hostname,
          port: server.port,
          path: `/api/v1/namespaces/${NAMESPACE}/pods?limit=${limit}`,
          headers: { ...(opts.headers ?? {}), accept: 'application/json' },
          timeout: 30_000,
        },
        (r) => {
          const chunks = [];
          r.on('data', (c) => chunks.push(c));
          r.on('end', () => {
            const body = Buffer.concat(chunks);
            JSON.parse(body.toString('utf8'));
            resolve(body.length);
          });
          r.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('API server GET timed out')));
      req.on('error', reject);
    });
  for (const limit of [POD_COUNT, 100]) {
    const direct = [];
    let bytes = 0;
    for (let i = 0; i < WARMUP_CALLS + 30; i++) {
      const t = performance.now();
      bytes = await get(limit);
      if (i >= WARMUP_CALLS) direct.push(performance.now() - t);
    }
    res[`api_direct_list_${limit}`] = { ...stats(direct), response_bytes: bytes };
  }
  // The same GET with 16 in flight (16 keep-alive sockets): the API server's own ceiling.
  const agent16 = new https.Agent({ keepAlive: true, maxSockets: CONC_CLIENTS });
  for (const limit of [POD_COUNT, 100]) {
    const total = limit === POD_COUNT ? 160 : CONC_CALLS;
    const lat = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONC_CLIENTS }, async () => {
        while (next < total) {
          next++;
          const t = performance.now();
          await get(limit, agent16);
          lat.push(performance.now() - t);
        }
      }),
    );
    const wall = performance.now() - t0;
    res[`api_direct_list_${limit}_16_in_flight`] = {
      calls: lat.length,
      calls_per_s: Math.round((lat.length / wall) * 1000 * 10) / 10,
      ...stats(lat),
    };
  }
  agent16.destroy();
  agent.destroy();
  return { res, core };
}

// ---- scenario a: k8s-get-pods over Streamable HTTP ----------------------------------------------
async function connectClient(url) {
  const client = new Client({ name: 'k8s-mcp-bench', version: '1' });
  await withTimeout(client.connect(new StreamableHTTPClientTransport(new URL(url))), 15_000, 'connect');
  return client;
}

async function callPods(client, args) {
  const t = performance.now();
  const r = await client.callTool({ name: 'k8s-get-pods', arguments: args }, undefined, { timeout: 60_000 });
  const ms = performance.now() - t;
  if (r.isError) throw new Error(`k8s-get-pods failed: ${r.content?.[0]?.text}`);
  return { ms, r };
}

async function podsVariant(url, name, args, expectCount) {
  const client = await connectClient(url);
  try {
    let first;
    for (let i = 0; i < WARMUP_CALLS; i++) first = (await callPods(client, args)).r;
    const count = first.structuredContent?.count;
    if (count !== expectCount) throw new Error(`${name}: expected ${expectCount} pods, got ${count}`);
    const text = first.content.map((c) => c.text ?? '').join('');
    const seq = [];
    for (let i = 0; i < SEQ_CALLS; i++) seq.push((await callPods(client, args)).ms);

    // 16 sessions, CONC_CALLS calls in all, each session one call at a time.
    const clients = [client];
    for (let i = 1; i < CONC_CLIENTS; i++) clients.push(await connectClient(url));
    const lat = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        while (next < CONC_CALLS) {
          next++;
          lat.push((await callPods(c, args)).ms);
        }
      }),
    );
    const wall = performance.now() - t0;
    await Promise.all(clients.slice(1).map((c) => c.close().catch(() => {})));
    return {
      scenario: name,
      args,
      pods_returned: count,
      response_bytes: Buffer.byteLength(JSON.stringify(first)), // JSON-RPC result (text + structuredContent)
      text_bytes: Buffer.byteLength(text),
      sequential: stats(seq),
      concurrent: {
        clients: CONC_CLIENTS,
        calls: lat.length,
        wall_ms: Math.round(wall),
        calls_per_s: Math.round((lat.length / wall) * 1000 * 10) / 10,
        ...stats(lat),
      },
    };
  } finally {
    await client.close().catch(() => {});
  }
}

async function scenarioA(kubeconfig) {
  const out = [];
  // Server 1: K8S_MAX_RESOURCES=1000, so the whole namespace is one page.
  const big = await startHttpServer(kubeconfig, { K8S_MAX_RESOURCES: '1000' });
  try {
    log(`a: server on ${big.url} (K8S_MAX_RESOURCES=1000)`);
    out.push(
      await podsVariant(big.url, 'a1 get-pods 1000/page table', { namespace: NAMESPACE, limit: 1000 }, 1000),
    );
    // One call per other output format: sizes only.
    const c = await connectClient(big.url);
    try {
      const sizes = {};
      for (const output of ['table', 'name', 'json', 'yaml']) {
        const { ms, r } = await callPods(c, { namespace: NAMESPACE, limit: 1000, output });
        sizes[output] = {
          ms: Math.round(ms),
          response_bytes: Buffer.byteLength(JSON.stringify(r)),
          text_bytes: Buffer.byteLength(r.content.map((x) => x.text ?? '').join('')),
        };
      }
      out.push({ scenario: 'a2 get-pods 1000 output sizes', sizes });
    } finally {
      await c.close().catch(() => {});
    }
  } finally {
    await stopChild(big.child);
  }
  // Server 2: the default page size (K8S_MAX_RESOURCES unset = 100), no limit argument.
  const def = await startHttpServer(kubeconfig, {});
  try {
    log(`a: server on ${def.url} (default K8S_MAX_RESOURCES)`);
    out.push(
      await podsVariant(def.url, 'a3 get-pods default page (100) table', { namespace: NAMESPACE }, 100),
    );
  } finally {
    await stopChild(def.child);
  }
  return out;
}

// ---- scenario d: monitoring overhead on a cached call; cached vs API read -------------------------
/** Calls k8s-get-pods until the watch cache answers (the server syncs in the background after start). */
async function waitForCache(client, args) {
  for (let i = 0; i < 600; i++) {
    const { r } = await callPods(client, args);
    if (r.structuredContent?.source === 'cache') return r;
    await sleep(200);
  }
  throw new Error('k8s-get-pods not answered from the watch cache after 120 s');
}

const pct = (on, off) => Math.round(((on - off) / off) * 1000) / 10;

/**
 * Four servers side by side, two with MONITORING_ENABLED=true and two with =false, all synced; the
 * same cached k8s-get-pods on each in turn (the order rotates every round, so drift and load spikes
 * hit every server alike). Two servers per setting show the noise floor: how far two identical
 * processes differ on this machine. Then the same 1,000-pod page with fresh: true (API server)
 * against the cached one.
 */
async function scenarioE(kubeconfig) {
  const env = { K8S_MAX_RESOURCES: '1000' };
  const servers = [];
  const out = [];
  const clients = [];
  try {
    for (const monitoring of ['true', 'false', 'true', 'false'])
      servers.push({
        monitoring,
        ...(await startHttpServer(kubeconfig, { ...env, MONITORING_ENABLED: monitoring })),
      });
    for (const srv of servers) clients.push(await connectClient(srv.url));
    const t0 = performance.now();
    for (const c of clients) await waitForCache(c, { namespace: NAMESPACE, limit: 1 });
    log(`d: all servers answer from the watch cache after ${Math.round(performance.now() - t0)} ms`);
    for (const [label, limit, rounds] of [
      ['100 pods', 100, OVERHEAD_ROUNDS],
      ['1000 pods', POD_COUNT, OVERHEAD_ROUNDS / 2],
    ]) {
      const args = { namespace: NAMESPACE, limit };
      for (const c of clients) {
        for (let i = 0; i < OVERHEAD_WARMUP; i++) {
          const { r } = await callPods(c, args);
          if (r.structuredContent?.source !== 'cache') throw new Error(`d: ${label} not from the cache`);
          if (r.structuredContent?.count !== limit)
            throw new Error(`d: ${label}: got ${r.structuredContent?.count}`);
        }
      }
      const ms = clients.map(() => []);
      for (let i = 0; i < rounds; i++) {
        for (let k = 0; k < clients.length; k++) {
          const j = (i + k) % clients.length;
          ms[j].push((await callPods(clients[j], args)).ms);
        }
      }
      const sOn = stats([...ms[0], ...ms[2]]);
      const sOff = stats([...ms[1], ...ms[3]]);
      const per = ms.map((m) => stats(m));
      out.push({
        scenario: `e monitoring overhead, cached get-pods ${label}`,
        monitoring_on: sOn,
        monitoring_off: sOff,
        overhead_pct: {
          median: pct(sOn.median_ms, sOff.median_ms),
          mean: pct(sOn.mean_ms, sOff.mean_ms),
          p99: pct(sOn.p99_ms, sOff.p99_ms),
        },
        // Same setting, different process: what "overhead" two identical servers show.
        noise_pct: {
          on_vs_on: pct(per[0].median_ms, per[2].median_ms),
          off_vs_off: pct(per[1].median_ms, per[3].median_ms),
        },
        per_server_median_ms: per.map((p, i) => ({
          monitoring: servers[i].monitoring,
          median_ms: p.median_ms,
        })),
        meets_target: pct(sOn.median_ms, sOff.median_ms) <= 5,
      });
    }
    const cOff = clients[1];
    // Cached against API-backed, 1,000 pods, same server (monitoring off), interleaved; as a table
    // (what a model usually gets) and as names only (the least rendering: closest to the data path).
    for (const output of ['table', 'name']) {
      const args = { namespace: NAMESPACE, limit: POD_COUNT, output };
      const cached = [];
      const api = [];
      for (let i = 0; i < WARMUP_CALLS; i++) await callPods(cOff, { ...args, fresh: true });
      for (let i = 0; i < API_READ_CALLS; i++) {
        const { ms, r } = await callPods(cOff, { ...args, fresh: true });
        if (r.structuredContent?.source !== 'api')
          throw new Error('d: fresh: true did not read the API server');
        api.push(ms);
        cached.push((await callPods(cOff, args)).ms);
      }
      const sCached = stats(cached);
      const sApi = stats(api);
      out.push({
        scenario: `e cached vs API read, get-pods 1000 pods ${output}`,
        cached: sCached,
        api: sApi,
        speedup_median: Math.round((sApi.median_ms / sCached.median_ms) * 10) / 10,
        meets_target: sApi.median_ms / sCached.median_ms >= 10,
      });
    }
  } finally {
    for (const c of clients) await c.close().catch(() => {});
    for (const srv of servers) await stopChild(srv.child);
  }
  return out;
}

// ---- scenario b: stdio start-up -----------------------------------------------------------------
async function scenarioB(kubeconfig) {
  const runs = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    let run;
    const t0 = performance.now();
    const child = spawnServer(['--transport', 'stdio', '--kubeconfig', kubeconfig], serverEnv());
    const rpc = new StdioRpc(child);
    try {
      // Written at once: the frame waits in the pipe until the server reads stdin.
      const init = await rpc.request('initialize', INIT_PARAMS, 20_000);
      const initMs = init.at - t0;
      if (!init.msg.result) throw new Error(`initialize failed: ${JSON.stringify(init.msg.error)}`);
      rpc.notify('notifications/initialized');
      const list1 = await rpc.request('tools/list', {});
      const list2 = await rpc.request('tools/list', {});
      const ping = await rpc.request('ping', {});
      run = {
        spawn_to_initialize_ms: initMs,
        tools_list_first_ms: list1.ms,
        tools_list_second_ms: list2.ms,
        ping_ms: ping.ms,
        tools: list1.msg.result?.tools?.length,
        tools_list_bytes: list1.bytes,
        rss_mib: rssMiB(child.pid),
      };
    } finally {
      const shutdown = await stopChild(child);
      if (run) runs.push({ ...run, shutdown });
    }
  }
  // Calibration: a bare node process from spawn to its first stdout byte (the floor of any start-up).
  const bare = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const t0 = performance.now();
    const child = spawn(NODE, ['-e', "process.stdout.write('x')"], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.add(child);
    await withTimeout(new Promise((r) => child.stdout.once('data', r)), 10_000, 'bare node');
    bare.push(performance.now() - t0);
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    children.delete(child);
  }
  const pick = (k) => runs.map((r) => r[k]);
  const init = stats(pick('spawn_to_initialize_ms'));
  return {
    scenario: 'b stdio start-up',
    runs: runs.length,
    spawn_to_initialize: init,
    target_ms: 300,
    meets_target: init.median_ms <= 300,
    bare_node_spawn_to_stdout: stats(bare),
    tools_list_first: stats(pick('tools_list_first_ms')),
    tools_list_warm: stats(pick('tools_list_second_ms')),
    ping: stats(pick('ping_ms')),
    tools: runs[0]?.tools,
    tools_list_bytes: runs[0]?.tools_list_bytes,
    rss_mib_median: stats(pick('rss_mib')).median_ms,
    shutdown_on_stdin_close: runs.map((r) => `${r.shutdown?.via}:${r.shutdown?.ms}ms`),
  };
}

// ---- scenario c: hung API server ----------------------------------------------------------------
async function scenarioC() {
  const sockets = new Set();
  let connections = 0;
  const hung = net.createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((r) => hung.listen(0, '127.0.0.1', r));
  const port = hung.address().port;
  const kc = path.join(TMP, 'hung-kubeconfig');
  writeFileSync(
    kc,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: hung',
      '  cluster:',
      `    server: https://127.0.0.1:${port}`,
      '    insecure-skip-tls-verify: true',
      'users:',
      '- name: bench',
      '  user:',
      '    token: bench-not-a-secret',
      'contexts:',
      '- name: hung',
      '  context: {cluster: hung, user: bench, namespace: default}',
      'current-context: hung',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const t0 = performance.now();
  const child = spawnServer(
    ['--transport', 'stdio', '--kubeconfig', kc],
    serverEnv({ K8S_REQUEST_TIMEOUT: String(HUNG_TIMEOUT_S) }),
  );
  const rpc = new StdioRpc(child);
  const res = { scenario: 'c hung API server (stdio)', k8s_request_timeout_s: HUNG_TIMEOUT_S };
  try {
    const init = await rpc.request('initialize', INIT_PARAMS, 30_000);
    res.spawn_to_initialize_ms = Math.round(init.at - t0);
    rpc.notify('notifications/initialized');
    res.tools_list_ms = Math.round((await rpc.request('tools/list', {})).ms * 100) / 100;

    const call = (id) =>
      rpc
        .request('tools/call', { name: 'k8s-get-pods', arguments: { namespace: 'default' } }, 60_000)
        .then((r) => ({
          id,
          ms: Math.round(r.ms),
          isError: r.msg.result?.isError === true,
          jsonRpcError: r.msg.error,
          text: r.msg.result?.content?.[0]?.text,
        }));
    const first = call(1);
    await sleep(200);
    // While that call hangs: another tools/list, a ping, a second tool call.
    const list = await rpc.request('tools/list', {}, 10_000);
    const ping = await rpc.request('ping', {}, 10_000);
    res.tools_list_during_hung_call_ms = Math.round(list.ms * 100) / 100;
    res.ping_during_hung_call_ms = Math.round(ping.ms * 100) / 100;
    const second = call(2);
    res.tool_call = await first;
    res.tool_call_concurrent = await second;
    res.tool_call_after = await call(3);
    res.connections_accepted_by_hung_server = connections;
    res.pass =
      [res.tool_call, res.tool_call_concurrent, res.tool_call_after].every(
        (c) => c.isError && c.ms < (HUNG_TIMEOUT_S + 2) * 1000,
      ) && res.tools_list_during_hung_call_ms < 100;
  } finally {
    // Exit after stdin closes, while the API server still hangs (allowed 15 s before SIGTERM).
    res.shutdown = await stopChild(child, 15_000);
    for (const s of sockets) s.destroy();
    await new Promise((r) => hung.close(r));
  }
  return res;
}

// ---- report -------------------------------------------------------------------------------------
function gitRev() {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  const d = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' });
  return `${r.stdout.trim()}${d.stdout.trim() ? '+dirty-src' : ''}`;
}

function pad(s, n) {
  s = String(s ?? '');
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function printReport(results) {
  const lines = [];
  const row = (cols, widths) => lines.push(cols.map((c, i) => pad(c, widths[i])).join(' '));
  lines.push(
    `k8s-mcp benchmark  ${results.meta.date}  ${results.meta.git}  node ${results.meta.node}  ` +
      `${results.meta.cpus} cores  load ${results.meta.loadavg_at_start.join(' ')} -> ${results.meta.loadavg_at_end.join(' ')}`,
  );
  if (results.setup) {
    const s = results.setup;
    lines.push(
      `setup: ${s.pods} pods in ${s.namespace} (${s.reused ? 'reused' : `created ${s.created}`}), ready after ${s.time_to_ready_ms} ms; ` +
        `API server GET+JSON.parse, no MCP: 1000 pods median ${s.api_direct_list_1000.median_ms} ms ` +
        `(p99 ${s.api_direct_list_1000.p99_ms}, ${s.api_direct_list_1000.response_bytes} B); ` +
        `100 pods median ${s.api_direct_list_100.median_ms} ms (${s.api_direct_list_100.response_bytes} B)`,
    );
    for (const n of [1000, 100]) {
      const c = s[`api_direct_list_${n}_16_in_flight`];
      if (c)
        lines.push(
          `       same GET, ${n} pods, 16 in flight: ${c.calls_per_s} calls/s, median ${c.median_ms} ms, p99 ${c.p99_ms} ms (${c.calls} calls)`,
        );
    }
  }
  const W = [52, 6, 9, 9, 9, 9, 8, 8];
  lines.push('');
  row(['scenario', 'calls', 'median', 'p99', 'mean', 'bytes', 'calls/s', 'clients'], W);
  for (const r of results.scenarios) {
    if (r.error) {
      lines.push(`${r.scenario}: ERROR ${r.error}`);
      continue;
    }
    if (r.sequential) {
      row(
        [
          r.scenario + ' (seq)',
          r.sequential.n,
          r.sequential.median_ms,
          r.sequential.p99_ms,
          r.sequential.mean_ms,
          r.response_bytes,
          '',
          1,
        ],
        W,
      );
      const c = r.concurrent;
      row(
        [
          r.scenario + ' (16 sessions)',
          c.calls,
          c.median_ms,
          c.p99_ms,
          c.mean_ms,
          r.response_bytes,
          c.calls_per_s,
          c.clients,
        ],
        W,
      );
    } else if (r.sizes) {
      for (const [k, v] of Object.entries(r.sizes))
        row([`${r.scenario}: ${k}`, 1, v.ms, '', '', v.response_bytes, '', `text ${v.text_bytes}`], W);
    } else if (r.spawn_to_initialize) {
      const s = r.spawn_to_initialize;
      row(
        [
          'b spawn -> initialize (stdio)',
          r.runs,
          s.median_ms,
          `max ${s.max_ms}`,
          s.mean_ms,
          '',
          '',
          r.meets_target ? '≤300 ok' : '>300 !',
        ],
        W,
      );
      row(
        [
          'b bare node: spawn -> first stdout byte',
          r.runs,
          r.bare_node_spawn_to_stdout.median_ms,
          `max ${r.bare_node_spawn_to_stdout.max_ms}`,
          r.bare_node_spawn_to_stdout.mean_ms,
          '',
          '',
          '',
        ],
        W,
      );
      row(
        [
          'b tools/list, first after init',
          r.runs,
          r.tools_list_first.median_ms,
          `max ${r.tools_list_first.max_ms}`,
          r.tools_list_first.mean_ms,
          r.tools_list_bytes,
          '',
          '',
        ],
        W,
      );
      row(
        [
          'b tools/list, warm',
          r.runs,
          r.tools_list_warm.median_ms,
          `max ${r.tools_list_warm.max_ms}`,
          r.tools_list_warm.mean_ms,
          '',
          '',
          '',
        ],
        W,
      );
      lines.push(
        `  RSS after tools/list: ${r.rss_mib_median} MiB (median); shutdown: ${r.shutdown_on_stdin_close.join(' ')}`,
      );
    } else if (r.bare_list_ms) {
      lines.push(...liveModelLines(r));
    } else if (r.monitoring_on) {
      for (const [side, v] of [
        ['monitoring on', r.monitoring_on],
        ['monitoring off', r.monitoring_off],
      ])
        row([`${r.scenario}: ${side}`, v.n, v.median_ms, v.p99_ms, v.mean_ms, '', '', ''], W);
      lines.push(
        `  overhead: median ${r.overhead_pct.median}%, mean ${r.overhead_pct.mean}%, p99 ${r.overhead_pct.p99}% (target median ≤ 5%: ${r.meets_target ? 'ok' : 'missed'}); ` +
          `noise between identical servers: on vs on ${r.noise_pct.on_vs_on}%, off vs off ${r.noise_pct.off_vs_off}%`,
      );
    } else if (r.speedup_median) {
      row(
        [
          `${r.scenario}: cache`,
          r.cached.n,
          r.cached.median_ms,
          r.cached.p99_ms,
          r.cached.mean_ms,
          '',
          '',
          '',
        ],
        W,
      );
      row(
        [`${r.scenario}: API (fresh)`, r.api.n, r.api.median_ms, r.api.p99_ms, r.api.mean_ms, '', '', ''],
        W,
      );
      lines.push(
        `  cached is ${r.speedup_median}× faster (median; target ≥ 10×: ${r.meets_target ? 'ok' : 'missed'})`,
      );
    } else if (r.k8s_request_timeout_s) {
      lines.push(
        `${r.scenario}, K8S_REQUEST_TIMEOUT=${r.k8s_request_timeout_s}: ${r.pass ? 'PASS' : 'FAIL'}`,
      );
      lines.push(`  spawn -> initialize ${r.spawn_to_initialize_ms} ms; tools/list ${r.tools_list_ms} ms`);
      lines.push(
        `  while a tool call hangs: tools/list ${r.tools_list_during_hung_call_ms} ms, ping ${r.ping_during_hung_call_ms} ms`,
      );
      for (const k of ['tool_call', 'tool_call_concurrent', 'tool_call_after']) {
        const c = r[k];
        if (c)
          lines.push(
            `  ${k}: ${c.ms} ms, isError=${c.isError}${c.jsonRpcError ? ` JSON-RPC error ${JSON.stringify(c.jsonRpcError)}` : ''}: ${String(
              c.text ?? '',
            )
              .split('\n')[0]
              .slice(0, 240)}`,
          );
      }
      lines.push(`  connections accepted by the hung server: ${r.connections_accepted_by_hung_server}`);
      if (r.shutdown) lines.push(`  exit after stdin close: ${r.shutdown.via} after ${r.shutdown.ms} ms`);
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
}

// ---- scenario d: the live model on 10,000 pods (its own process: it needs --expose-gc) -------------
async function scenarioD() {
  const child = spawn(NODE, ['--expose-gc', path.join(ROOT, 'bench', 'cluster-model.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  children.delete(child);
  if (code !== 0) throw new Error(`bench/cluster-model.mjs exited with ${code}`);
  return JSON.parse(out);
}

function liveModelLines(r) {
  const f = (o) => (o ? `p50 ${o.p50} ms, p99 ${o.p99} ms (n=${o.n})` : 'n/a');
  const lines = [
    `${r.scenario}: ${r.objects_total} objects in ${Object.keys(r.objects).length} kinds, ${r.cpus} cores`,
    `  initial sync ${r.initial_sync_ms} ms vs bare paginated LIST ${r.bare_list_ms.best} ms: ${r.sync_to_bare_ratio}x (target <= 1.2x)`,
    `  heap per cached pod ${r.heap_per_cached_pod_kib} KiB (target <= 1.5 KB); app heap after sync ${r.app_heap_mib} MiB; RSS ${JSON.stringify(r.rss_mib)}`,
    `  change-to-visible ${f(r.change_to_visible_ms)}, lost ${r.change_to_visible_ms?.lost}`,
    `  events applied: scale up ${JSON.stringify(r.scale_up_1000)}, down ${JSON.stringify(r.scale_down_1000)}; in-process ceiling ${r.apply_ceiling_events_per_s}/s`,
  ];
  lines.push(
    `  graph ${JSON.stringify(r.graph)}; relation query impact depth 3 in-process ${f(r.relation_query_impact_depth3_ms)} (target p99 <= 2 ms)`,
    `  over MCP: get-pods 1000 cached ${f(r.get_pods_1000_cached_ms)} vs API ${f(r.get_pods_1000_api_ms)}: ${r.get_pods_cached_speedup}x (target >= 10x)`,
    `  over MCP: k8s-relation-query ${f(r.relation_query_tool_ms)}; k8s-cluster-summary overview 10 KB ${f(r.summary_overview_10kb_ms)}, ${r.summary_overview_10kb_ms?.text_bytes} B (target p50 <= 50 ms)`,
  );
  return lines;
}

// ---- main ---------------------------------------------------------------------------------------
async function main() {
  if (!existsSync(MAIN)) throw new Error('dist/main.js missing: run `npm run build` (or `npm run bench`)');
  const results = {
    meta: {
      date: new Date().toISOString(),
      git: gitRev(),
      node: process.version,
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model,
      mem_gib: Math.round(os.totalmem() / 2 ** 30),
      kernel: os.release(),
      loadavg_at_start: os.loadavg().map((x) => Math.round(x * 100) / 100),
      note: 'k8s-get-pods answers from the watch cache once the server has synced (fresh: true reads the API server); a may start before the sync completes, d waits for it',
    },
    scenarios: [],
  };
  let failed = false;
  const run = async (name, fn) => {
    try {
      const r = await fn();
      results.scenarios.push(...(Array.isArray(r) ? r : [r]));
      if (r && !Array.isArray(r) && r.pass === false) failed = true;
    } catch (err) {
      failed = true;
      log(`${name} failed: ${err.stack ?? err}`);
      results.scenarios.push({ scenario: name, error: String(err.message ?? err) });
    }
  };

  let kubeconfig;
  let core;
  if (only.has('a') || only.has('b') || only.has('e')) {
    kubeconfig = resolveKubeconfig();
    const k8s = await import('@kubernetes/client-node');
    try {
      const setup = await ensurePods(k8s, kubeconfig);
      results.setup = setup.res;
      core = setup.core;
    } catch (err) {
      failed = true;
      log(`setup failed: ${err.stack ?? err}`);
      results.setup = { error: String(err.message ?? err) };
    }
  }
  if (only.has('a') && core) await run('a k8s-get-pods over HTTP', () => scenarioA(kubeconfig));
  if (only.has('b')) await run('b stdio start-up', () => scenarioB(kubeconfig));
  if (only.has('c')) await run('c hung API server', () => scenarioC());
  if (only.has('d')) await run('d live model, 10k pods', () => scenarioD());
  if (only.has('e') && core) await run('e monitoring overhead, cached vs API', () => scenarioE(kubeconfig));

  if (deleteNamespace && core) {
    log(`deleting namespace ${NAMESPACE}`);
    await core.deleteNamespace({ name: NAMESPACE }).catch((e) => log(`delete failed: ${e.message}`));
  }

  results.meta.loadavg_at_end = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  printReport(results);
  log(`results written to bench/results/latest.json`);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    cleanup();
    process.exit(code);
  },
  (err) => {
    log(err.stack ?? String(err));
    cleanup();
    process.exit(1);
  },
);
