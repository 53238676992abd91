#!/usr/bin/env node
// Cached calls per second over Streamable HTTP (issue 19 item 4): 16 sessions, each one call at a
// time, small answers (`k8s-get-deployments` of a namespace with 5 Deployments), default settings
// with a bearer token and the audit log on. The load generator is raw fetch in this process, on the
// same 2 cores as the server (no SDK client: its own validation would be most of the generator).
//
//   npm run build && node bench/calls-per-second.mjs [--seconds=20] [--sessions=16] [--cpu-prof]
//
// --cpu-prof writes the server's V8 CPU profile to bench/results/ (open it in Chrome DevTools).
// Kubeconfig: $K8S_MCP_BENCH_KUBECONFIG, default .cluster/kubeconfig. The namespace bench-cps is
// created (idempotent) and left in place.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort, nextId, openSession, post, untilLive } from './lib/raw-mcp.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name, dflt) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
// --main=<path>: another build (e.g. an older checkout's dist/main.js), for before/after runs.
const MAIN = path.resolve(arg('main', path.join(ROOT, 'dist', 'main.js')));
const SECONDS = Number(arg('seconds', '20'));
const SESSIONS = Number(arg('sessions', '16'));
const CPU_PROF = argv.includes('--cpu-prof');
const KUBECONFIG = path.resolve(
  process.env.K8S_MCP_BENCH_KUBECONFIG ?? path.join(ROOT, '.cluster', 'kubeconfig'),
);
const NAMESPACE = 'bench-cps';
const TOKEN = randomBytes(16).toString('hex');

const log = (...a) => process.stderr.write(`[cps] ${a.join(' ')}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TMP = mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-cps-'));
let child;
process.on('exit', () => {
  child?.kill('SIGKILL');
  rmSync(TMP, { recursive: true, force: true });
});

function kubectl(args, input) {
  const r = spawnSync('kubectl', ['--kubeconfig', KUBECONFIG, ...args], { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function ensureNamespace() {
  const deployments = Array.from({ length: 5 }, (_, i) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `web-${i}`, namespace: NAMESPACE, labels: { app: `web-${i}` } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: `web-${i}` } },
      template: {
        metadata: { labels: { app: `web-${i}` } },
        spec: { containers: [{ name: 'web', image: `registry.example/web:${i}` }] },
      },
    },
  }));
  kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }),
  );
  kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: deployments }));
}

async function startServer() {
  const port = await freePort();
  const env = {
    ...process.env,
    LOG_DIR: '',
    K8S_AUDIT_LOG_PATH: path.join(TMP, 'audit.log'),
    K8S_MCP_AUTH_TOKENS: TOKEN,
  };
  for (const k of Object.keys(env))
    if (k.startsWith('K8S_') && !['K8S_AUDIT_LOG_PATH', 'K8S_MCP_AUTH_TOKENS'].includes(k)) delete env[k];
  delete env.KUBECONFIG;
  const flags = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${TMP}`] : [];
  child = spawn(
    process.execPath,
    [
      ...flags,
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
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-10000)));
  const base = `http://127.0.0.1:${port}`;
  await untilLive(base, child, () => stderr);
  return base;
}

const AUTH = { authorization: `Bearer ${TOKEN}` };

const CALL = { name: 'k8s-get-deployments', arguments: { namespace: NAMESPACE } };
async function call(base, sessionId) {
  const { text } = await post(
    base,
    { jsonrpc: '2.0', id: nextId(), method: 'tools/call', params: CALL },
    sessionId,
    AUTH,
  );
  if (!text.includes('"source":"cache"') || text.includes('"isError":true'))
    throw new Error(`not a cached answer: ${text.slice(0, 300)}`);
  return text.length;
}

if (!existsSync(MAIN)) throw new Error('dist/main.js missing: npm run build first');
ensureNamespace();
const base = await startServer();
const sessions = await Promise.all(Array.from({ length: SESSIONS }, () => openSession(base, 'cps', AUTH)));
for (let i = 0; ; i++) {
  try {
    await call(base, sessions[0]);
    break;
  } catch (err) {
    if (i > 100) throw err;
    await sleep(200);
  }
}
// Warm-up (JIT, caches), then the measured window.
const runFor = async (ms, latencies) => {
  const end = performance.now() + ms;
  let bytes = 0;
  await Promise.all(
    sessions.map(async (s) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        bytes = await call(base, s);
        latencies?.push(performance.now() - t0);
      }
    }),
  );
  return bytes;
};
await runFor(3000);
const latencies = [];
const load0 = os.loadavg()[0];
const t0 = performance.now();
const bytes = await runFor(SECONDS * 1000, latencies);
const wall = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (q) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)].toFixed(2);
const result = {
  date: new Date().toISOString(),
  sessions: SESSIONS,
  calls: latencies.length,
  callsPerSecond: Math.round(latencies.length / wall),
  p50_ms: Number(pct(0.5)),
  p99_ms: Number(pct(0.99)),
  responseBytes: bytes,
  loadavg: [load0, os.loadavg()[0]].map((x) => Math.round(x * 100) / 100),
};
console.log(JSON.stringify(result));
if (CPU_PROF) {
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  const prof = readdirSync(TMP).find((f) => f.endsWith('.cpuprofile'));
  if (prof) {
    mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    const out = path.join(ROOT, 'bench', 'results', `calls-per-second-${Date.now()}.cpuprofile`);
    renameSync(path.join(TMP, prof), out);
    log(`CPU profile: ${path.relative(ROOT, out)}`);
  } else log('no CPU profile written (the server did not exit cleanly on SIGINT)');
}
// The sessions' keep-alive sockets and the child's pipes would hold the event loop open for minutes.
if (child.exitCode === null) {
  child.kill('SIGTERM');
  await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
}
process.exit(0);
