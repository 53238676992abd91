#!/usr/bin/env node
// R6 load and leaks: the built server (dist/main.js) as a child process against a real control
// plane, driven over HTTP from this process.
//
//   npm run build && node bench/load.mjs                 # every scenario
//   node bench/load.mjs --only=calls                     # calls: 200 sessions × 50 cached calls
//                                                        # sessions: 10,000 Streamable HTTP sessions, half abandoned
//                                                        # sse: 10,000 legacy SSE sessions, half left open
//                                                        # subs: 10,000 resource subscriptions, half never ended
//   node bench/load.mjs --sessions=2000                  # a smaller run (default 10000)
//
// Kubeconfig: $K8S_MCP_BENCH_KUBECONFIG (default .cluster/kubeconfig). Server settings for the run
// are printed with the results (SETTINGS below; override with the same environment variables).
// Memory: the server runs with --expose-gc and an inspector on 127.0.0.1; before each reading it
// runs gc() twice through the inspector, then reads process.memoryUsage(). Results: JSON on stdout.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { freePort, nextId, openSession, post, PROTOCOL, untilLive } from './lib/raw-mcp.mjs';

// Web globals of Node 24 (lint's globals are Node's classic set).
const { WebSocket, AbortController, TextDecoderStream } = globalThis;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'dist', 'main.js');
const argv = process.argv.slice(2);
const arg = (name, dflt) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const only = new Set(arg('only', 'calls,sessions,sse,subs').split(','));
const SESSIONS = Number(arg('sessions', '10000'));
const WARMUP = 500;
/** Waves of SESSIONS after the "before" reading, each followed by a reading (--waves=2: plateau test). */
const WAVES = Number(arg('waves', '1'));
const CALL_CLIENTS = 200;
const CALLS_PER_CLIENT = 50;
// Sessions in flight while opening and closing: enough to keep both cores busy, few enough that
// the loopback connection pool is not the bottleneck.
const IN_FLIGHT = 32;
// Resolved here: the server runs in a temp folder, where a relative path would point elsewhere.
const KUBECONFIG = path.resolve(
  process.env.K8S_MCP_BENCH_KUBECONFIG ?? path.join(ROOT, '.cluster', 'kubeconfig'),
);

/** Settings of the server for the run: the caps above what the run opens, a short idle timeout. */
/**
 * Callers (--identities=N): with N > 1 the server gets N static bearer tokens and session i uses
 * token i mod N, so the per-identity cap applies per caller as in production instead of binding the
 * whole run (without tokens every client is the same anonymous identity).
 */
const IDENTITIES = Number(arg('identities', '1'));
const TOKENS =
  IDENTITIES > 1
    ? Array.from({ length: IDENTITIES }, (_, k) => `load${k}:${randomBytes(16).toString('hex')}`)
    : [];
/** Authorization for session i (none with one identity). */
const auth = (i = 0) =>
  TOKENS.length ? { authorization: `Bearer ${TOKENS[i % TOKENS.length].split(':')[1]}` } : {};

const SETTINGS = {
  K8S_MCP_SESSION_IDLE_TIMEOUT: process.env.K8S_MCP_SESSION_IDLE_TIMEOUT ?? '5',
  K8S_MCP_MAX_SESSIONS: process.env.K8S_MCP_MAX_SESSIONS ?? '20000',
  K8S_MCP_MAX_SESSIONS_PER_IDENTITY: process.env.K8S_MCP_MAX_SESSIONS_PER_IDENTITY ?? '20000',
  K8S_MCP_MAX_STREAMS: process.env.K8S_MCP_MAX_STREAMS ?? '20000',
  K8S_MCP_MAX_SUBSCRIPTIONS: process.env.K8S_MCP_MAX_SUBSCRIPTIONS ?? '100',
};
const IDLE_S = Number(SETTINGS.K8S_MCP_SESSION_IDLE_TIMEOUT);
/**
 * SSE streams the bench leaves open at once (--hold=N): by default what the caps allow with room
 * for the sessions in flight and for closes the server has not counted yet, so no stream is
 * refused. Under caps above the run (the old way) it never binds: 5,250 streams end up open at once.
 */
const HOLD = Number(
  arg(
    'hold',
    String(
      Math.max(
        1,
        Math.min(
          Number(SETTINGS.K8S_MCP_MAX_STREAMS),
          Number(SETTINGS.K8S_MCP_MAX_SESSIONS),
          Number(SETTINGS.K8S_MCP_MAX_SESSIONS_PER_IDENTITY) * IDENTITIES,
        ) -
          2 * IN_FLIGHT,
      ),
    ),
  ),
);
/** --reduce: each wave's reading is followed by one after a last-resort GC (memory-reducing). */
const REDUCE = argv.includes('--reduce');
const LAST_RESORT_GC = "gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });";
/** Extra node flags for the server (--node-flags="--max-semi-space-size=1"), e.g. to test V8 settings. */
const NODE_FLAGS = arg('node-flags', '').split(' ').filter(Boolean);

const log = (...a) => process.stderr.write(`[load] ${a.join(' ')}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TMP = mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-load-'));
let child;
process.on('exit', () => {
  child?.kill('SIGKILL');
  rmSync(TMP, { recursive: true, force: true });
});

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

// ---- the server and its inspector ----------------------------------------------------------------
async function startServer() {
  const port = await freePort();
  const env = {
    ...process.env,
    LOG_DIR: '',
    LOG_LEVEL: 'warn',
    K8S_AUDIT_LOG_PATH: path.join(TMP, 'audit.log'),
  };
  for (const k of Object.keys(env)) if (k.startsWith('K8S_') && k !== 'K8S_AUDIT_LOG_PATH') delete env[k];
  delete env.KUBECONFIG;
  Object.assign(env, SETTINGS);
  if (TOKENS.length) env.K8S_MCP_AUTH_TOKENS = TOKENS.join(',');
  child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--inspect=127.0.0.1:0',
      ...NODE_FLAGS,
      MAIN,
      '--transport',
      'http',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--kubeconfig',
      KUBECONFIG,
    ],
    { cwd: TMP, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const inspectorUrl = new Promise((resolve) => {
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-20000);
      const m = /Debugger listening on (ws:\/\/\S+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
  });
  const base = `http://127.0.0.1:${port}`;
  await untilLive(base, child, () => stderr);
  const inspector = await connectInspector(await inspectorUrl, child.pid);
  return { base, inspector, stderr: () => stderr };
}

/**
 * The server's resident memory by kind of mapping, in MiB (Linux; {} elsewhere): `mallocMiB` is
 * glibc malloc's (the brk heap plus its per-thread arenas, 64 MiB-aligned reservations), `anonMiB`
 * the other anonymous memory (V8's heap pages, large mmap'd allocations, thread stacks), `fileMiB`
 * mapped files (the node binary's pages).
 */
function smaps(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return {};
  }
  const ARENA = 64 * 2 ** 20;
  const maps = [];
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head)
      maps.push({
        start: parseInt(head[1], 16),
        end: parseInt(head[2], 16),
        perms: head[3],
        path: head[4],
        rss: 0,
      });
    else if (line.startsWith('Rss:')) maps.at(-1).rss = Number(/(\d+)/.exec(line)[1]) * 1024;
  }
  const kb = { malloc: 0, anon: 0, file: 0, other: 0 };
  maps.forEach((m, i) => {
    const next = maps[i + 1];
    const arena =
      m.path === '' &&
      m.start % ARENA === 0 &&
      (m.end - m.start === ARENA ||
        (next && next.start === m.end && next.perms.startsWith('---') && next.end - m.start === ARENA));
    if (m.path === '[heap]' || arena) kb.malloc += m.rss;
    else if (m.path === '') kb.anon += m.rss;
    else if (m.path.startsWith('/')) kb.file += m.rss;
    else kb.other += m.rss;
  });
  return {
    mallocMiB: round(kb.malloc / 2 ** 20),
    anonMiB: round(kb.anon / 2 ** 20),
    fileMiB: round(kb.file / 2 ** 20),
  };
}

async function connectInspector(url, pid) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let next = 1;
  const pending = new Map();
  ws.onmessage = (e) => {
    const msg = JSON.parse(e.data);
    pending.get(msg.id)?.(msg);
    pending.delete(msg.id);
  };
  const evaluate = (expression) =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      ws.send(
        JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true } }),
      );
    });
  return {
    /**
     * Heap and RSS in MiB after two full GCs, with what makes up the RSS: V8's own accounting
     * (heapTotal: pages V8 holds; external/arrayBuffers: memory outside the heap it knows of) and
     * the process's mappings from /proc/<pid>/smaps (malloc's arenas vs. other anonymous memory).
     */
    async memory(collect = 'gc(); gc();') {
      const r = await evaluate(
        `${collect} JSON.stringify({ m: process.memoryUsage(), ` +
          "spaces: process.getBuiltinModule('v8').getHeapSpaceStatistics(), " +
          'resources: process.getActiveResourcesInfo() })',
      );
      const { m, spaces, resources } = JSON.parse(r.result.result.value);
      const mib = (b) => round(b / 2 ** 20);
      const space = (name) => spaces.find((s) => s.space_name === name);
      const resourceCounts = {};
      for (const k of resources) resourceCounts[k] = (resourceCounts[k] ?? 0) + 1;
      return {
        heapUsedMiB: mib(m.heapUsed),
        rssMiB: mib(m.rss),
        heapTotalMiB: mib(m.heapTotal),
        externalMiB: mib(m.external),
        arrayBuffersMiB: mib(m.arrayBuffers),
        newSpaceMiB: mib(space('new_space')?.space_size ?? 0),
        oldSpaceMiB: mib(space('old_space')?.space_size ?? 0),
        ...smaps(pid),
        resources: resourceCounts,
      };
    },
    close: () => ws.close(),
  };
}

async function openSessions(base) {
  const text = await (await fetch(`${base}/metrics/prometheus`, { headers: auth() })).text();
  const out = {};
  for (const m of text.matchAll(/^k8s_mcp_mcp_sessions\{transport="([^"]+)"\} (\d+)/gm))
    out[m[1]] = Number(m[2]);
  return out;
}

// ---- raw Streamable HTTP sessions (no SDK client: 10,000 of them must be cheap to drive) ---------
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const initialize = (base, i) => openSession(base, 'load', auth(i));

async function cachedCall(base, sessionId, i) {
  const { text } = await post(
    base,
    { jsonrpc: '2.0', id: nextId(), method: 'tools/call', params: { name: 'k8s-get-nodes', arguments: {} } },
    sessionId,
    auth(i),
  );
  if (!text.includes('"result"') || text.includes('"isError":true'))
    throw new Error(`call failed: ${text.slice(0, 300)}`);
}

async function endSession(base, sessionId, i) {
  const res = await fetch(`${base}/mcp`, {
    method: 'DELETE',
    headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL, ...auth(i) },
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`DELETE: HTTP ${res.status}`);
}

/** Runs `count` jobs, IN_FLIGHT at a time; returns the errors. */
async function pool(count, job) {
  let next = 0;
  const errors = [];
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) {
        const i = next++;
        try {
          await job(i);
        } catch (err) {
          errors.push(err.message);
        }
      }
    }),
  );
  return errors;
}

// ---- scenarios -----------------------------------------------------------------------------------
async function scenarioCalls(server) {
  const clients = [];
  for (let i = 0; i < CALL_CLIENTS; i += 20)
    clients.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(20, CALL_CLIENTS - i) }, async (_, k) => {
          const c = new Client({ name: 'load', version: '1' });
          await c.connect(
            new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`), {
              requestInit: { headers: auth(i + k) },
            }),
          );
          return c;
        }),
      )),
    );
  const latencies = [];
  let errors = 0;
  const firstError = [];
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let i = 0; i < CALLS_PER_CLIENT; i++) {
        const s = performance.now();
        try {
          const r = await c.callTool({ name: 'k8s-get-nodes', arguments: {} });
          if (r.isError || r.structuredContent?.source !== 'cache')
            throw new Error(JSON.stringify(r).slice(0, 300));
          latencies.push(performance.now() - s);
        } catch (err) {
          errors++;
          if (firstError.length < 3) firstError.push(err.message);
        }
      }
    }),
  );
  const wallS = (performance.now() - t0) / 1000;
  await Promise.all(
    clients.map(async (c) => {
      await c.transport.terminateSession().catch(() => undefined);
      await c.close();
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    sessions: CALL_CLIENTS,
    callsPerSession: CALLS_PER_CLIENT,
    calls: CALL_CLIENTS * CALLS_PER_CLIENT,
    errors,
    firstErrors: firstError,
    p50_ms: round(percentile(latencies, 0.5)),
    p99_ms: round(percentile(latencies, 0.99)),
    max_ms: round(latencies.at(-1)),
    callsPerSecond: round((CALL_CLIENTS * CALLS_PER_CLIENT) / wallS, 0),
    wall_s: round(wallS, 1),
  };
}

/** Waits out the idle timeout (plus reaping slack) and reports what is still open. */
async function afterIdle(server) {
  await sleep((IDLE_S + 3) * 1000);
  for (let i = 0; i < 20; i++) {
    const open = await openSessions(server.base);
    if (Object.values(open).every((n) => n === 0)) return open;
    await sleep(1000);
  }
  return openSessions(server.base);
}

const growth = (before, after, key) => round(((after[key] - before[key]) / before[key]) * 100, 1);

/**
 * A memory cycle: warm-up, reading, then WAVES waves of `n` sessions driven by `one(i)`, each
 * followed by the idle wait and a reading. A second wave tells a leak (memory grows again by as
 * much) from a high-water mark the allocator keeps and reuses (it stays flat).
 */
async function leakCycle(server, name, n, one) {
  log(`${name}: warm-up ${WARMUP}`);
  const warmErrors = await pool(WARMUP, one);
  await afterIdle(server);
  const before = await server.inspector.memory();
  // --reduce: the same reading after a last-resort GC too, so that both sides of that growth figure
  // come after the same kind of forced GC (V8's page pool released on both).
  const beforeReduced = REDUCE ? await server.inspector.memory(LAST_RESORT_GC) : undefined;
  log(`${name}: ${n} × ${WAVES} (before: ${JSON.stringify(before)})`);
  const waves = [];
  const errors = [];
  for (let w = 0; w < WAVES; w++) {
    const t0 = performance.now();
    errors.push(...(await pool(n, (i) => one(w * n + i))));
    const wallS = (performance.now() - t0) / 1000;
    const openAfterRun = await openSessions(server.base);
    const openAfterIdle = await afterIdle(server);
    const after = await server.inspector.memory();
    // --reduce: then a last-resort GC (V8 gives back the pages it pools for reuse), another reading.
    const reduced = REDUCE ? await server.inspector.memory(LAST_RESORT_GC) : undefined;
    const wave = {
      wall_s: round(wallS, 1),
      perSecond: round(n / wallS, 0),
      openRightAfter: openAfterRun,
      openAfterIdleTimeout: openAfterIdle,
      heldOpenHighWater: heldHighWater,
      after,
      heapGrowthPct: growth(before, after, 'heapUsedMiB'),
      rssGrowthPct: growth(before, after, 'rssMiB'),
      ...(reduced
        ? {
            beforeLastResortGc: beforeReduced,
            afterLastResortGc: reduced,
            rssGrowthAfterLastResortGcPct: growth(beforeReduced, reduced, 'rssMiB'),
            heapGrowthAfterLastResortGcPct: growth(beforeReduced, reduced, 'heapUsedMiB'),
          }
        : {}),
    };
    heldHighWater = 0;
    log(`${name}: wave ${w + 1}: ${JSON.stringify(wave)}`);
    waves.push(wave);
  }
  const first = waves[0];
  const result = {
    count: n,
    errors: warmErrors.length + errors.length,
    firstErrors: [...warmErrors, ...errors].slice(0, 3),
    wall_s: first.wall_s,
    perSecond: first.perSecond,
    openRightAfter: first.openRightAfter,
    openAfterIdleTimeout: first.openAfterIdleTimeout,
    before,
    after: first.after,
    heapGrowthPct: first.heapGrowthPct,
    rssGrowthPct: first.rssGrowthPct,
    ...(WAVES > 1 ? { waves } : {}),
  };
  log(`${name}: ${JSON.stringify(result)}`);
  return result;
}

/** Streamable HTTP: open, one cached call, then DELETE (even i) or walk away (odd i). */
const streamableSession = (server) => async (i) => {
  const id = await initialize(server.base, i);
  await cachedCall(server.base, id, i);
  if (i % 2 === 0) await endSession(server.base, id, i);
};

/**
 * Legacy SSE: GET /sse, initialize and one call through /messages; close (even) or leave open
 * (odd). A stream left open takes one of HOLD slots first and gives it back when the server ends
 * it, so the streams open at once stay within the server's caps.
 */
const leftOpen = [];
let heldNow = 0;
let heldHighWater = 0;
const slotWaiters = [];
async function takeSlot() {
  while (heldNow >= HOLD) await new Promise((r) => slotWaiters.push(r));
  heldNow++;
  heldHighWater = Math.max(heldHighWater, heldNow);
}
function giveSlot() {
  heldNow--;
  slotWaiters.shift()?.();
}
const sseSession = (server) => async (i) => {
  const keep = i % 2 === 1;
  if (keep) await takeSlot();
  const abort = new AbortController();
  let res;
  try {
    res = await fetch(`${server.base}/sse`, {
      headers: { accept: 'text/event-stream', ...auth(i) },
      signal: abort.signal,
    });
    if (res.status !== 200) throw new Error(`GET /sse: HTTP ${res.status} ${await res.text()}`);
  } catch (err) {
    if (keep) giveSlot();
    throw err;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let buf = '';
    const until = async (re) => {
      for (;;) {
        const m = re.exec(buf);
        if (m) return m;
        const { value, done } = await reader.read();
        if (done) throw new Error('SSE stream ended');
        buf += value;
      }
    };
    const endpoint = (await until(/event: endpoint\ndata: (\S+)/))[1];
    const send = async (body) => {
      const r = await fetch(new URL(endpoint, server.base), {
        method: 'POST',
        headers: { ...HEADERS, ...auth(i) },
        body: JSON.stringify(body),
      });
      await r.arrayBuffer();
      if (r.status !== 202) throw new Error(`POST /messages: HTTP ${r.status}`);
    };
    const initId = nextId();
    await send({
      jsonrpc: '2.0',
      id: initId,
      method: 'initialize',
      params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'load', version: '1' } },
    });
    await until(new RegExp(`"id":${initId}\\b`));
    await send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const callId = nextId();
    await send({
      jsonrpc: '2.0',
      id: callId,
      method: 'tools/call',
      params: { name: 'k8s-get-nodes', arguments: {} },
    });
    await until(new RegExp(`"id":${callId}\\b`));
  } catch (err) {
    // A failed session frees what it holds: its stream and its slot.
    abort.abort();
    if (keep) giveSlot();
    throw err;
  }
  if (!keep) abort.abort();
  else {
    // Left open: read to its end (the server's liveness ping arrives, is never answered, and the
    // idle timeout ends the stream), then the slot is free again.
    leftOpen.push(abort);
    (async () => {
      try {
        while (!(await reader.read()).done);
      } catch {
        /* aborted by the bench at the end */
      }
      giveSlot();
    })();
  }
};

/** Subscriptions: a session subscribes to 5 resources; even: unsubscribe + DELETE, odd: walk away. */
const subscriptionSession = (server, uris) => async (i) => {
  const id = await initialize(server.base, i);
  const mine = Array.from({ length: 5 }, (_, k) => uris[(i * 5 + k) % uris.length]);
  for (const uri of mine)
    await post(
      server.base,
      { jsonrpc: '2.0', id: nextId(), method: 'resources/subscribe', params: { uri } },
      id,
      auth(i),
    );
  if (i % 2 === 0) {
    for (const uri of mine)
      await post(
        server.base,
        { jsonrpc: '2.0', id: nextId(), method: 'resources/unsubscribe', params: { uri } },
        id,
        auth(i),
      );
    await endSession(server.base, id, i);
  }
};

// ---- main ----------------------------------------------------------------------------------------
if (!existsSync(MAIN)) throw new Error('dist/main.js missing: npm run build first');
if (!existsSync(KUBECONFIG))
  throw new Error(`kubeconfig ${KUBECONFIG} missing (set K8S_MCP_BENCH_KUBECONFIG)`);
const server = await startServer();
log(`server up at ${server.base}; waiting for the cache`);
for (let i = 0; ; i++) {
  const c = new Client({ name: 'load', version: '1' });
  await c.connect(
    new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`), { requestInit: { headers: auth() } }),
  );
  const r = await c.callTool({ name: 'k8s-get-nodes', arguments: {} });
  await c.transport.terminateSession().catch(() => undefined);
  await c.close();
  if (r.structuredContent?.source === 'cache') break;
  if (i > 60) throw new Error('k8s-get-nodes never answered from the cache');
  await sleep(500);
}
const results = {
  date: new Date().toISOString(),
  command: `node bench/load.mjs ${argv.join(' ')}`.trim(),
  settings: {
    ...SETTINGS,
    ...(TOKENS.length ? { K8S_MCP_AUTH_TOKENS: `${TOKENS.length} tokens (random)` } : {}),
    ...(NODE_FLAGS.length ? { nodeFlags: NODE_FLAGS.join(' ') } : {}),
    ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
    ...(process.env.MALLOC_TRIM_THRESHOLD_
      ? { MALLOC_TRIM_THRESHOLD_: process.env.MALLOC_TRIM_THRESHOLD_ }
      : {}),
  },
  heldOpenAtMost: only.has('sse') ? HOLD : undefined,
  loadavg: os.loadavg().map((x) => round(x)),
  start: await server.inspector.memory(),
};
if (only.has('calls')) {
  log(`calls: ${CALL_CLIENTS} sessions × ${CALLS_PER_CLIENT}`);
  results.calls = await scenarioCalls(server);
  log(JSON.stringify(results.calls));
}
if (only.has('sessions'))
  results.sessions = await leakCycle(server, 'sessions', SESSIONS, streamableSession(server));
if (only.has('sse')) {
  results.sse = await leakCycle(server, 'sse', SESSIONS, sseSession(server));
  results.sse.leftOpenByClient = leftOpen.length;
  for (const a of leftOpen.splice(0)) a.abort();
}
if (only.has('subs')) {
  const namespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
  const uris = [
    'k8s://cluster/summary',
    'k8s://anomalies',
    ...namespaces.map((n) => `k8s://namespaces/${n}/summary`),
  ];
  // 5 subscriptions a session: SESSIONS/5 sessions make SESSIONS subscriptions.
  results.subs = await leakCycle(server, 'subs', Math.ceil(SESSIONS / 5), subscriptionSession(server, uris));
  results.subs.subscriptions = results.subs.count * 5;
}
results.end = await server.inspector.memory();
results.loadavgEnd = os.loadavg().map((x) => round(x));
server.inspector.close();
console.log(JSON.stringify(results, null, 2));
process.exit(0);
