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
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
const SETTINGS = {
  K8S_MCP_SESSION_IDLE_TIMEOUT: process.env.K8S_MCP_SESSION_IDLE_TIMEOUT ?? '5',
  K8S_MCP_MAX_SESSIONS: process.env.K8S_MCP_MAX_SESSIONS ?? '20000',
  K8S_MCP_MAX_SESSIONS_PER_IDENTITY: process.env.K8S_MCP_MAX_SESSIONS_PER_IDENTITY ?? '20000',
  K8S_MCP_MAX_STREAMS: process.env.K8S_MCP_MAX_STREAMS ?? '20000',
  K8S_MCP_MAX_SUBSCRIPTIONS: process.env.K8S_MCP_MAX_SUBSCRIPTIONS ?? '100',
};
const IDLE_S = Number(SETTINGS.K8S_MCP_SESSION_IDLE_TIMEOUT);

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
  child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--inspect=127.0.0.1:0',
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
  const inspector = await connectInspector(await inspectorUrl);
  return { base, inspector, stderr: () => stderr };
}

async function connectInspector(url) {
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
    /** heap and RSS in MiB after two full GCs. */
    async memory() {
      const r = await evaluate('gc(); gc(); JSON.stringify(process.memoryUsage())');
      const m = JSON.parse(r.result.result.value);
      return { heapUsedMiB: round(m.heapUsed / 2 ** 20), rssMiB: round(m.rss / 2 ** 20) };
    },
    close: () => ws.close(),
  };
}

async function openSessions(base) {
  const text = await (await fetch(`${base}/metrics/prometheus`)).text();
  const out = {};
  for (const m of text.matchAll(/^k8s_mcp_mcp_sessions\{transport="([^"]+)"\} (\d+)/gm))
    out[m[1]] = Number(m[2]);
  return out;
}

// ---- raw Streamable HTTP sessions (no SDK client: 10,000 of them must be cheap to drive) ---------
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const initialize = (base) => openSession(base, 'load');

async function cachedCall(base, sessionId) {
  const { text } = await post(
    base,
    { jsonrpc: '2.0', id: nextId(), method: 'tools/call', params: { name: 'k8s-get-nodes', arguments: {} } },
    sessionId,
  );
  if (!text.includes('"result"') || text.includes('"isError":true'))
    throw new Error(`call failed: ${text.slice(0, 300)}`);
}

async function endSession(base, sessionId) {
  const res = await fetch(`${base}/mcp`, {
    method: 'DELETE',
    headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL },
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
        Array.from({ length: Math.min(20, CALL_CLIENTS - i) }, async () => {
          const c = new Client({ name: 'load', version: '1' });
          await c.connect(new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`)));
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

/** A memory cycle: warm-up, reading, `n` sessions driven by `one(i)`, idle wait, reading. */
async function leakCycle(server, name, n, one) {
  log(`${name}: warm-up ${WARMUP}`);
  const warmErrors = await pool(WARMUP, one);
  await afterIdle(server);
  const before = await server.inspector.memory();
  log(`${name}: ${n} (before: ${JSON.stringify(before)})`);
  const t0 = performance.now();
  const errors = await pool(n, one);
  const wallS = (performance.now() - t0) / 1000;
  const openAfterRun = await openSessions(server.base);
  const openAfterIdle = await afterIdle(server);
  const after = await server.inspector.memory();
  log(`${name}: after ${JSON.stringify(after)}, open ${JSON.stringify(openAfterIdle)}`);
  const result = {
    count: n,
    errors: warmErrors.length + errors.length,
    firstErrors: [...warmErrors, ...errors].slice(0, 3),
    wall_s: round(wallS, 1),
    perSecond: round(n / wallS, 0),
    openRightAfter: openAfterRun,
    openAfterIdleTimeout: openAfterIdle,
    before,
    after,
    heapGrowthPct: round(((after.heapUsedMiB - before.heapUsedMiB) / before.heapUsedMiB) * 100, 1),
    rssGrowthPct: round(((after.rssMiB - before.rssMiB) / before.rssMiB) * 100, 1),
  };
  log(`${name}: ${JSON.stringify(result)}`);
  return result;
}

/** Streamable HTTP: open, one cached call, then DELETE (even i) or walk away (odd i). */
const streamableSession = (server) => async (i) => {
  const id = await initialize(server.base);
  await cachedCall(server.base, id);
  if (i % 2 === 0) await endSession(server.base, id);
};

/** Legacy SSE: GET /sse, initialize and one call through /messages; close (even) or leave open (odd). */
const leftOpen = [];
const sseSession = (server) => async (i) => {
  const abort = new AbortController();
  const res = await fetch(`${server.base}/sse`, {
    headers: { accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (res.status !== 200) throw new Error(`GET /sse: HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
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
      headers: HEADERS,
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
  if (i % 2 === 0) abort.abort();
  else {
    // Left open: nobody reads it any more; the server's idle timeout must end it.
    leftOpen.push(abort);
    reader.read().then(
      () => undefined,
      () => undefined,
    );
  }
};

/** Subscriptions: a session subscribes to 5 resources; even: unsubscribe + DELETE, odd: walk away. */
const subscriptionSession = (server, uris) => async (i) => {
  const id = await initialize(server.base);
  const mine = Array.from({ length: 5 }, (_, k) => uris[(i * 5 + k) % uris.length]);
  for (const uri of mine)
    await post(
      server.base,
      { jsonrpc: '2.0', id: nextId(), method: 'resources/subscribe', params: { uri } },
      id,
    );
  if (i % 2 === 0) {
    for (const uri of mine)
      await post(
        server.base,
        { jsonrpc: '2.0', id: nextId(), method: 'resources/unsubscribe', params: { uri } },
        id,
      );
    await endSession(server.base, id);
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
  await c.connect(new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`)));
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
  settings: SETTINGS,
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
