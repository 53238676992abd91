#!/usr/bin/env node
// In-process benchmark of the cluster summary (no API server): a 10,000-pod cluster of recorded
// objects in the same Store the watch cache uses, then the overview at 10 KB timed many times.
//
//   npm run build && node bench/summary.mjs            # 10,000 pods, 300 runs
//   node bench/summary.mjs --pods=50000 --runs=100     # other sizes
//
// Prints p50/p99/max time and the text size per summary type, and writes bench/results/summary.json.
// The timed part is what a tool call pays: snapshot of the stores, detectors, ranking, rendering.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(ROOT, 'dist', p));
const { Store } = await dist('sync/store.js');
const { ClusterSnapshot } = await dist('summary/cluster-snapshot.js');
const { buildSummary, SUMMARY_TYPES } = await dist('summary/summary-builder.js');
// The summary returns data; the MCP layer renders it within the budget, as the tool answers.
const { renderSummary } = await dist('mcp/rendering/summary-text.js');

const arg = (name, def) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def);
const PODS = arg('pods', 10_000);
const RUNS = arg('runs', 300);
const WARMUP = 20;
/** A KWOK-like shape: 100 nodes, 50 namespaces, 10 pods per Deployment, 2 % of pods broken. */
const NODES = Math.max(1, Math.round(PODS / 100));
const NAMESPACES = 50;
const PODS_PER_DEPLOYMENT = 10;
const BROKEN_SHARE = 0.02;
const NOW = Date.now();
const ago = (s) => new Date(NOW - s * 1000).toISOString();

// ---- a deterministic recorded cluster -----------------------------------------------------------
let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const objects = [];
let uid = 0;
const meta = (name, namespace, extra = {}) => ({
  name,
  ...(namespace ? { namespace } : {}),
  uid: `u${++uid}`,
  resourceVersion: '1',
  creationTimestamp: ago(86_400),
  ...extra,
});
for (let n = 0; n < NODES; n++) {
  objects.push({
    kind: 'Node',
    metadata: meta(`kwok-node-${n}`),
    spec: {},
    status: {
      capacity: { cpu: '32', memory: '256Gi', pods: '110' },
      allocatable: { cpu: '32', memory: '256Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: n % 97 === 5 ? 'False' : 'True', lastTransitionTime: ago(3600) }],
      nodeInfo: { kubeletVersion: 'kwok-0.8.0' },
    },
  });
}
let pods = 0;
for (let d = 0; pods < PODS; d++) {
  const ns = `bench-${d % NAMESPACES}`;
  const app = `app-${d}`;
  let ready = 0;
  const replicas = Math.min(PODS_PER_DEPLOYMENT, PODS - pods);
  for (let i = 0; i < replicas; i++, pods++) {
    const broken = rnd() < BROKEN_SHARE;
    if (!broken) ready++;
    const status = broken
      ? {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: ago(600) }],
          containerStatuses: [
            {
              name: 'app',
              ready: false,
              restartCount: 7,
              state: {
                waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' },
              },
              lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(30) } },
            },
          ],
        }
      : {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ago(3600) }],
          containerStatuses: [
            { name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: ago(3600) } } },
          ],
        };
    objects.push({
      kind: 'Pod',
      metadata: meta(`${app}-${i}`, ns, { labels: { app } }),
      spec: {
        nodeName: `kwok-node-${Math.floor(rnd() * NODES)}`,
        containers: [
          {
            name: 'app',
            image: 'registry.example/app:1',
            resources: { requests: { cpu: '100m', memory: '128Mi' } },
          },
        ],
      },
      status,
    });
  }
  objects.push({
    kind: 'Deployment',
    metadata: meta(app, ns),
    spec: { replicas, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } } } },
    status: { replicas, readyReplicas: ready, availableReplicas: ready, updatedReplicas: replicas },
  });
  objects.push({ kind: 'Service', metadata: meta(app, ns), spec: { selector: { app }, type: 'ClusterIP' } });
  objects.push({
    kind: 'EndpointSlice',
    metadata: meta(`${app}-x`, ns, { labels: { 'kubernetes.io/service-name': app } }),
    endpoints: Array.from({ length: replicas }, (_, i) => ({
      addresses: [`10.0.0.${i}`],
      conditions: { ready: i < ready },
    })),
  });
  if (d % 5 === 0) {
    objects.push({
      kind: 'Event',
      metadata: meta(`${app}.${d}`, ns),
      type: 'Warning',
      reason: d % 10 === 0 ? 'BackOff' : 'Unhealthy',
      message: 'Back-off restarting failed container',
      count: 3,
      lastTimestamp: ago(120),
      involvedObject: { kind: 'Pod', name: `${app}-0`, namespace: ns },
    });
  }
}
for (let s = 0; s < NAMESPACES; s++) objects.push({ kind: 'Namespace', metadata: meta(`bench-${s}`) });

const stores = new Map();
for (const o of objects) {
  if (!stores.has(o.kind)) stores.set(o.kind, new Store());
  stores.get(o.kind).upsert(o);
}
for (const k of [
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
  'Ingress',
  'IngressClass',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
])
  if (!stores.has(k)) stores.set(k, new Store());
const source = { store: (k) => stores.get(k) };
const everyone = { isAllowed: () => true, unrestricted: true };

// ---- timing --------------------------------------------------------------------------------------
function run(type, maxBytes) {
  const snapshot = new ClusterSnapshot(source, everyone, {
    now: Date.now(),
    version: 'v1.34.0',
    freshness: { phase: 'synced', lastEventAt: ago(1), staleKinds: [] },
  });
  const summary = buildSummary(
    { snapshot },
    { type, namespace: type === 'namespace' ? 'bench-0' : undefined, includeAnomalies: true },
  );
  return renderSummary(summary, maxBytes);
}
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function measure(type, kb, runs) {
  for (let i = 0; i < WARMUP; i++) run(type, kb * 1024);
  const times = [];
  const cpu = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = run(type, kb * 1024);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    bytes = r.rendered.bytes;
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const round = (x) => Math.round(x * 100) / 100;
  // CPU time next to wall time: on a shared, loaded machine the wall time includes waiting for a core.
  return {
    type,
    maxKb: kb,
    runs,
    p50Ms: round(pct(times, 50)),
    p99Ms: round(pct(times, 99)),
    maxMs: round(times.at(-1)),
    cpuP50Ms: round(pct(cpu, 50)),
    bytes,
  };
}

console.log(
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${os.cpus().length} cores`,
);
console.log(
  `cluster: ${pods} pods, ${NODES} nodes, ${NAMESPACES} namespaces, ${objects.length} objects (Node ${process.version})`,
);
const results = [measure('overview', 10, RUNS)];
for (const type of SUMMARY_TYPES.filter((t) => t !== 'overview'))
  results.push(measure(type, 10, Math.max(20, Math.floor(RUNS / 5))));
console.table(results);
const overview = results[0];
const target = overview.p50Ms <= 50;
console.log(
  `overview at 10 KB: p50 ${overview.p50Ms} ms, p99 ${overview.p99Ms} ms (CPU p50 ${overview.cpuP50Ms} ms), ${overview.bytes} bytes — target p50 <= 50 ms: ${target ? 'met' : 'MISSED'}`,
);
mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  path.join(ROOT, 'bench', 'results', 'summary.json'),
  JSON.stringify(
    {
      at: new Date().toISOString(),
      node: process.version,
      loadavg: os.loadavg(),
      pods,
      nodes: NODES,
      objects: objects.length,
      results,
    },
    null,
    2,
  ),
);
