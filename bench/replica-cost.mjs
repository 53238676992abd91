#!/usr/bin/env node
// What one more replica costs the API server: watches held open and the LIST load of its start.
// Reads kube-apiserver's own /metrics before and after starting 1, then 2 replicas of the built
// server (dist/main.js) and reports the deltas. Run on a quiet cluster (no other clients):
//
//   npm run build && node bench/replica-cost.mjs            # kubeconfig: $K8S_MCP_BENCH_KUBECONFIG or .cluster/kubeconfig
//
// Every child process is killed on exit.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'dist', 'main.js');
const KUBECONFIG = process.env.K8S_MCP_BENCH_KUBECONFIG || path.join(ROOT, '.cluster', 'kubeconfig');
const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Sums of the apiserver series this bench reads, by a short name. */
async function apiserverFigures(kc) {
  const opts = {};
  await kc.applyToHTTPSOptions(opts);
  const text = await new Promise((resolve, reject) => {
    https
      .get(`${kc.getCurrentCluster().server}/metrics`, opts, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(body)
            : reject(new Error(`apiserver /metrics: HTTP ${res.statusCode}`)),
        );
      })
      .on('error', reject);
  });
  const sum = (re) =>
    text
      .split('\n')
      .filter((l) => re.test(l))
      .reduce((acc, l) => acc + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  return {
    watches: sum(/^apiserver_longrunning_requests\{.*verb="WATCH"/),
    lists: sum(/^apiserver_request_total\{.*verb="LIST"/),
    listBytes: sum(/^apiserver_response_sizes_sum\{.*verb="LIST"/),
  };
}

async function startReplica() {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [MAIN, '--transport', 'http', '--host', '127.0.0.1', '--port', String(port), '--kubeconfig', KUBECONFIG],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, K8S_AUDIT_ENABLED: 'false' } },
  );
  children.push(child);
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`replica exited with ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return performance.now() - started;
    if (performance.now() - started > 120_000) throw new Error('replica not ready within 120 s');
    await sleep(100);
  }
}

if (!existsSync(MAIN)) throw new Error('dist/main.js missing: npm run build first');
const kc = new KubeConfig();
kc.loadFromFile(KUBECONFIG);
const rows = [];
let before = await apiserverFigures(kc);
for (let replica = 1; replica <= 2; replica++) {
  const readyMs = await startReplica();
  await sleep(2000); // let every watch open after the first sync
  const after = await apiserverFigures(kc);
  rows.push({
    replica,
    readyMs: Math.round(readyMs),
    watches: after.watches - before.watches,
    lists: after.lists - before.lists,
    listKiB: Math.round((after.listBytes - before.listBytes) / 1024),
  });
  before = after;
}
console.log('replica | ready after | watches it added | LIST requests | LIST bytes');
for (const r of rows)
  console.log(`${r.replica} | ${r.readyMs} ms | ${r.watches} | ${r.lists} | ${r.listKiB} KiB`);
process.exit(0);
