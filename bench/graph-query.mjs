#!/usr/bin/env node
// In-process micro-benchmark of the relationship graph (no cluster): builds the graph of a generated
// cluster the size of the live-model issue's target (10,000 pods, 1,000 Deployments + ReplicaSets,
// 1,000 Services, 2,000 ConfigMaps, 50 namespaces, 100 nodes) and times relation queries.
//
//   npm run build && PATH=$PWD/node_modules/.bin:$PATH node --expose-gc bench/graph-query.mjs [--queries=N] [--rows=nodes,mix]
//
// Prints build time, node/edge counts, heap of the graph (measured) against GraphService's estimate,
// and p50/p99 of impact (depth 3) and the other queries over random roots: wall time, and the CPU
// time of the process during the query (on a shared machine the wall-time tail is mostly other
// processes' time slices). Bounded loops only.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQueryEngine } from '../dist/graph/graph-query.engine.js';
import { EDGE_BYTES, NODE_BYTES } from '../dist/graph/graph.service.js';
import { nodeId } from '../dist/graph/graph.types.js';
import { RelationGraph } from '../dist/graph/relation-graph.js';
import { WATCHED_KINDS } from '../dist/sync/watched-kinds.js';

const QUERIES = Number(process.argv.find((a) => a.startsWith('--queries='))?.slice(10) ?? 5000);
const ROWS = process.argv
  .find((a) => a.startsWith('--rows='))
  ?.slice(7)
  .split(',');
const NAMESPACES = 50;
const NODES = 100;
const DEPLOYMENTS = 1000;
const PODS_PER_DEPLOYMENT = 10;

/** Deterministic pseudo-random numbers (mulberry32), so runs compare. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(42);

function obj(kind, name, namespace, extra = {}, labels, owner) {
  return {
    kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      uid: `${kind}-${namespace}-${name}`,
      resourceVersion: '1',
      ...(labels ? { labels } : {}),
      ...(owner
        ? {
            ownerReferences: [
              { apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: 'u', controller: true },
            ],
          }
        : {}),
    },
    ...extra,
  };
}

function generate() {
  const objects = [];
  for (let n = 0; n < NODES; n++) objects.push(obj('Node', `node-${n}`));
  for (let s = 0; s < NAMESPACES; s++) {
    objects.push(obj('Namespace', `ns-${s}`, undefined, {}, { team: `t${s % 5}` }));
    objects.push(obj('ServiceAccount', 'default', `ns-${s}`));
  }
  for (let d = 0; d < DEPLOYMENTS; d++) {
    const ns = `ns-${d % NAMESPACES}`;
    const app = `app-${d}`;
    objects.push(obj('Deployment', app, ns, { spec: { replicas: PODS_PER_DEPLOYMENT } }, { app }));
    objects.push(obj('ReplicaSet', `${app}-rs`, ns, {}, { app }, { kind: 'Deployment', name: app }));
    objects.push(obj('Service', app, ns, { spec: { selector: { app } } }));
    objects.push(obj('ConfigMap', `${app}-config`, ns));
    objects.push(obj('ConfigMap', `${app}-env`, ns));
    for (let p = 0; p < PODS_PER_DEPLOYMENT; p++) {
      objects.push(
        obj(
          'Pod',
          `${app}-${p}`,
          ns,
          {
            spec: {
              nodeName: `node-${Math.floor(random() * NODES)}`,
              containers: [{ name: 'c', envFrom: [{ configMapRef: { name: `${app}-env` } }] }],
              volumes: [{ name: 'cfg', configMap: { name: `${app}-config` } }],
            },
            status: { phase: 'Running' },
          },
          { app, 'pod-template-hash': 'h' },
          { kind: 'ReplicaSet', name: `${app}-rs` },
        ),
      );
    }
  }
  return objects;
}

/** The sync store's indexes, as far as the rules use them. */
function lookupOf(objects) {
  const byKindNs = new Map();
  const byLabel = new Map();
  const byKey = new Map();
  for (const o of objects) {
    const k = `${o.kind}/${o.metadata.namespace ?? ''}`;
    byKindNs.set(k, [...(byKindNs.get(k) ?? []), o]);
    byKindNs.set(`${o.kind}/*`, [...(byKindNs.get(`${o.kind}/*`) ?? []), o]);
    for (const [lk, lv] of Object.entries(o.metadata.labels ?? {})) {
      const key = `${o.kind}/${lk}=${lv}`;
      byLabel.set(key, [...(byLabel.get(key) ?? []), o]);
    }
    byKey.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
  }
  return {
    list: (kind, namespace) => byKindNs.get(`${kind}/${namespace ?? '*'}`) ?? [],
    withLabel: (kind, key, value) => byLabel.get(`${kind}/${key}=${value}`) ?? [],
    get: (kind, namespace, name) => byKey.get(`${kind}/${namespace ?? ''}/${name}`),
  };
}

const heap = () => {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const fmt = (ms) => `${(ms * 1000).toFixed(0)} µs`;

const objects = generate();
const lookup = lookupOf(objects);
const before = heap();
const t0 = performance.now();
const graph = new RelationGraph(lookup, new Set(WATCHED_KINDS.map((k) => k.ref.kind)));
for (const o of objects) graph.upsert(o, o.kind);
const buildMs = performance.now() - t0;
const graphBytes = heap() - before;
const counts = graph.counts();
const estimate = counts.nodes * NODE_BYTES + counts.edges * EDGE_BYTES;
const engine = new GraphQueryEngine(graph);

const roots = {
  Pod: objects.filter((o) => o.kind === 'Pod'),
  ConfigMap: objects.filter((o) => o.kind === 'ConfigMap'),
  Deployment: objects.filter((o) => o.kind === 'Deployment'),
  Service: objects.filter((o) => o.kind === 'Service'),
  Node: objects.filter((o) => o.kind === 'Node'),
};
// Garbage collections, to tell which timed queries a GC pause fell into.
const gcs = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration]);
}).observe({ entryTypes: ['gc'] });

async function run(type, kinds, depth = 3) {
  const pool = kinds.flatMap((k) => roots[k]);
  const ids = pool.map((o) =>
    nodeId({ kind: o.kind, namespace: o.metadata.namespace, name: o.name ?? o.metadata.name }),
  );
  for (let i = 0; i < 500; i++) engine.run(type, ids[i % ids.length], { maxDepth: depth }); // warm-up
  const times = [];
  const cpu = [];
  const spans = [];
  let nodes = 0;
  gcs.length = 0;
  for (let i = 0; i < QUERIES; i++) {
    const id = ids[Math.floor(random() * ids.length)];
    const c = process.cpuUsage();
    const s = performance.now();
    const r = engine.run(type, id, { maxDepth: depth, visible: (ref) => ref.namespace !== 'ns-49' });
    const e = performance.now();
    times.push(e - s);
    spans.push([s, e]);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    nodes += r.nodes.length;
  }
  await sleep(20); // GC entries arrive on a later turn
  const withGc = spans.map(([s, e]) => gcs.some(([gs, ge]) => gs < e && ge > s));
  const noGc = times.filter((_, i) => !withGc[i]).sort((a, b) => a - b);
  const gcCount = gcs.length;
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    gcs: gcCount,
    queriesWithGc: withGc.filter(Boolean).length,
    p99NoGc: pct(noGc, 99),
    p50: pct(times, 50),
    p99: pct(times, 99),
    max: times.at(-1),
    cpu50: pct(cpu, 50),
    cpu99: pct(cpu, 99),
    avgNodes: nodes / QUERIES,
  };
}

console.log(
  `load average at start: ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  `objects: ${objects.length}; graph: ${counts.nodes} nodes, ${counts.edges} edges (${JSON.stringify(counts.edgesByType)})`,
);
console.log(`build (all objects upserted, selectors resolved): ${buildMs.toFixed(0)} ms`);
console.log(
  `heap of the graph (measured): ${(graphBytes / 1048576).toFixed(1)} MB = ` +
    `${((graphBytes / (counts.nodes * NODE_BYTES + counts.edges * EDGE_BYTES)) * 100).toFixed(0)} % of the estimate ${(estimate / 1048576).toFixed(1)} MB ` +
    `(NODE_BYTES ${NODE_BYTES}, EDGE_BYTES ${EDGE_BYTES})`,
);
// --rows=mix,configmaps,deployments,nodes,dependencies,dependents,neighbors picks rows (all by default).
const ROW_SPECS = [
  [
    'mix',
    'impact d3, pods + configmaps + deployments + services',
    () => run('impact', ['Pod', 'ConfigMap', 'Deployment', 'Service']),
  ],
  ['configmaps', 'impact d3, configmaps', () => run('impact', ['ConfigMap'])],
  ['deployments', 'impact d3, deployments', () => run('impact', ['Deployment'])],
  ['nodes', 'impact d3, nodes (100 pods each)', () => run('impact', ['Node'])],
  ['dependencies', 'dependencies d3, pods', () => run('dependencies', ['Pod'])],
  ['dependents', 'dependents d3, configmaps', () => run('dependents', ['ConfigMap'])],
  ['neighbors', 'neighbors d2, services', () => run('neighbors', ['Service'], 2)],
];
const rows = [];
for (const [key, name, f] of ROW_SPECS) if (!ROWS || ROWS.includes(key)) rows.push([name, await f()]);
for (const [name, r] of rows) {
  console.log(
    `${name.padEnd(56)} wall p50 ${fmt(r.p50).padStart(8)} p99 ${fmt(r.p99).padStart(8)} max ${fmt(r.max).padStart(9)}` +
      ` | cpu p50 ${fmt(r.cpu50).padStart(7)} p99 ${fmt(r.cpu99).padStart(8)} | avg nodes ${r.avgNodes.toFixed(1)}` +
      ` | GCs ${r.gcs}, queries with a GC ${r.queriesWithGc}, wall p99 without them ${fmt(r.p99NoGc)}`,
  );
}
