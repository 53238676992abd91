#!/usr/bin/env node
// In-process benchmark of the change journal (no cluster): a 10,000-pod cluster (100 namespaces,
// 1,000 Deployments + ReplicaSets, 1,000 ConfigMaps, 100 nodes) is loaded as the baseline, then
// 10,000 synthetic watch events go through the real informers (trim, store, handlers): pod status
// changes (restarts, CrashLoopBackOff, readiness), pods created and deleted by rollouts, image and
// replica changes, ConfigMap edits, node heartbeats (noise) — each object as the API server sends it,
// managedFields included.
//
//   npm run build && node --expose-gc bench/timeline.mjs [--events=10000] [--rounds=5]
//
// Prints: journal heap per 10,000 changes (measured, with gc) against its estimate; the cost per
// event of the journal's handler (the same events through informers without the journal, with it,
// and with it and the on-disk journal TIMELINE_JOURNAL_PATH in a temporary directory, its lines
// written within the measured time; rotating rounds, CPU time); and k8s-what-changed relatedTo
// latency (depth 2 through the graph) over random Deployments. Bounded loops only.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { GraphService } from '../dist/graph/graph.service.js';
import { whatChangedTool } from '../dist/mcp/tools/k8s-what-changed.tool.js';
import { NamespacePolicy } from '../dist/security/namespace-policy.js';
import { Informer } from '../dist/sync/informer.js';
import { WATCHED_KINDS } from '../dist/sync/watched-kinds.js';
import { ChangeJournalService } from '../dist/timeline/change-journal.service.js';

const arg = (name, dflt) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const EVENTS = arg('events', 10_000);
const ROUNDS = arg('rounds', 5);
const QUERIES = arg('queries', 200);
const NAMESPACES = 100;
const DEPLOYMENTS = 1000;
const PODS_PER_DEPLOYMENT = 10;
const NODES = 100;

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(2);
}

/** Deterministic pseudo-random numbers (mulberry32), so runs compare. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const config = {
  ENABLE_KNOWLEDGE_GRAPH: true,
  GRAPH_TTL: 0,
  GRAPH_MEMORY_LIMIT: 4096,
  GRAPH_MAX_DEPTH: 3,
  K8S_NAMESPACE: 'ns-0',
  K8S_ALLOWED_NAMESPACES: [],
  K8S_FORBIDDEN_NAMESPACES: [],
  MAX_SUMMARY_SIZE_KB: 10,
  TIMELINE_ENABLED: true,
  TIMELINE_MAX_AGE: 86_400,
  TIMELINE_MEMORY_LIMIT: 4096,
};

const managed = (manager, time, extra = {}) => [
  {
    manager: 'kube-controller-manager',
    operation: 'Update',
    apiVersion: 'v1',
    time: '2026-12-05T06:00:00Z',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:metadata': { 'f:labels': {} } },
  },
  {
    manager,
    operation: 'Update',
    apiVersion: 'v1',
    time,
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:status': {} },
    ...extra,
  },
];

const stamp = (i) => new Date(Date.UTC(2026, 11, 5, 7, 0, 0) + i * 1000).toISOString().replace('.000', '');

function pod(ns, dep, rs, i, rv, o = {}) {
  const name = `${dep}-${rs}-${String(i).padStart(5, '0')}`;
  const restarts = o.restarts ?? 0;
  const ready = o.ready ?? true;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      uid: `uid-${ns}-${name}`,
      resourceVersion: String(rv),
      creationTimestamp: '2026-12-05T06:00:00Z',
      labels: { app: dep, 'pod-template-hash': rs },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${dep}-${rs}`,
          uid: `uid-${ns}-${dep}-${rs}`,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      managedFields: managed(o.manager ?? 'kubelet', stamp(rv % 3600), { subresource: 'status' }),
    },
    spec: {
      nodeName: `node-${i % NODES}`,
      serviceAccountName: 'default',
      containers: [
        {
          name: 'app',
          image: o.image ?? `registry.example/${dep}:1.0`,
          env: [
            { name: 'MODE', value: 'prod' },
            { name: 'DB', valueFrom: { secretKeyRef: { name: `${dep}-db`, key: 'password' } } },
          ],
          envFrom: [{ configMapRef: { name: `${dep}-env` } }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
        },
      ],
      volumes: [{ name: 'cfg', configMap: { name: `${dep}-config` } }],
    },
    status: {
      phase: 'Running',
      podIP: `10.0.${i % 250}.${(i * 7) % 250}`,
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          lastProbeTime: null,
          lastTransitionTime: stamp(rv % 3600),
        },
        {
          type: 'ContainersReady',
          status: ready ? 'True' : 'False',
          lastProbeTime: null,
          lastTransitionTime: stamp(rv % 3600),
        },
        {
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: '2026-12-05T06:00:00Z',
        },
      ],
      containerStatuses: [
        {
          name: 'app',
          ready,
          restartCount: restarts,
          image: o.image ?? `registry.example/${dep}:1.0`,
          state: ready
            ? { running: { startedAt: stamp(rv % 3600) } }
            : { waiting: { reason: 'CrashLoopBackOff' } },
        },
      ],
    },
  };
}

function deployment(ns, dep, rv, o = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: dep,
      namespace: ns,
      uid: `uid-${ns}-${dep}`,
      resourceVersion: String(rv),
      labels: { app: dep },
      annotations: { 'deployment.kubernetes.io/revision': String(o.revision ?? 1) },
      managedFields: managed(o.manager ?? 'kubectl-client-side-apply', stamp(rv % 3600)),
    },
    spec: {
      replicas: o.replicas ?? PODS_PER_DEPLOYMENT,
      selector: { matchLabels: { app: dep } },
      template: {
        metadata: { labels: { app: dep } },
        spec: {
          containers: [{ name: 'app', image: o.image ?? `registry.example/${dep}:1.0` }],
          volumes: [{ name: 'cfg', configMap: { name: `${dep}-config` } }],
        },
      },
    },
    status: {
      observedGeneration: rv,
      replicas: o.replicas ?? PODS_PER_DEPLOYMENT,
      readyReplicas: o.replicas ?? PODS_PER_DEPLOYMENT,
    },
  };
}

function configMap(ns, dep, rv, manager = 'helm') {
  return {
    apiVersion: 'meta.k8s.io/v1',
    kind: 'PartialObjectMetadata',
    metadata: {
      name: `${dep}-config`,
      namespace: ns,
      uid: `uid-${ns}-${dep}-config`,
      resourceVersion: String(rv),
      managedFields: [
        {
          manager,
          operation: 'Update',
          apiVersion: 'v1',
          time: stamp(rv % 3600),
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:data': { '.': {}, 'f:app.yaml': {}, 'f:level': {} } },
        },
      ],
    },
  };
}

function node(i, rv) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `node-${i}`,
      uid: `uid-node-${i}`,
      resourceVersion: String(rv),
      labels: { 'kubernetes.io/hostname': `node-${i}` },
    },
    spec: {},
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          lastHeartbeatTime: stamp(rv % 3600),
          lastTransitionTime: '2026-12-05T06:00:00Z',
        },
      ],
      nodeInfo: { kubeletVersion: 'v1.37.2' },
    },
  };
}

/** The baseline cluster, as the initial LIST delivers it. */
function baseline() {
  const objects = [];
  for (let n = 0; n < NODES; n++) objects.push(node(n, 1));
  for (let d = 0; d < DEPLOYMENTS; d++) {
    const ns = `ns-${d % NAMESPACES}`;
    const dep = `app-${d}`;
    objects.push(deployment(ns, dep, 1));
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${dep}-a`,
        namespace: ns,
        uid: `uid-${ns}-${dep}-a`,
        resourceVersion: '1',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: dep, uid: `uid-${ns}-${dep}`, controller: true },
        ],
      },
      spec: { replicas: PODS_PER_DEPLOYMENT },
    });
    objects.push(configMap(ns, dep, 1));
    for (let p = 0; p < PODS_PER_DEPLOYMENT; p++)
      objects.push(pod(ns, dep, 'a', d * PODS_PER_DEPLOYMENT + p, 1));
  }
  return objects;
}

/** EVENTS watch events: [op, object]. State is tracked so each event is a plausible next version. */
function events(seed) {
  const random = rng(seed);
  const out = [];
  let rv = 10;
  const restarts = new Map();
  const images = new Map();
  const created = [];
  for (let e = 0; e < EVENTS; e++) {
    rv++;
    const d = Math.floor(random() * DEPLOYMENTS);
    const ns = `ns-${d % NAMESPACES}`;
    const dep = `app-${d}`;
    const p = d * PODS_PER_DEPLOYMENT + Math.floor(random() * PODS_PER_DEPLOYMENT);
    const r = random();
    if (r < 0.15) {
      // Node heartbeat: noise, folded.
      out.push(['upsert', node(Math.floor(random() * NODES), rv)]);
    } else if (r < 0.6) {
      // A pod restarts into CrashLoopBackOff or comes back Ready.
      const n = (restarts.get(p) ?? 0) + 1;
      restarts.set(p, n);
      out.push([
        'upsert',
        pod(ns, dep, 'a', p, rv, { restarts: n, ready: n % 2 === 0, image: images.get(d) }),
      ]);
    } else if (r < 0.8) {
      // A rollout's new pod, or the deletion of one created earlier.
      if (created.length > 0 && random() < 0.5) out.push(['delete', created.pop()]);
      else {
        const o = pod(ns, dep, 'b', 100_000 + e, rv, { manager: 'kube-controller-manager' });
        created.push(o);
        out.push(['upsert', o]);
      }
    } else if (r < 0.9) {
      const image = `registry.example/${dep}:1.${rv}`;
      images.set(d, image);
      out.push(['upsert', deployment(ns, dep, rv, { image, revision: rv, manager: 'kubectl-set' })]);
    } else if (r < 0.95) {
      out.push([
        'upsert',
        deployment(ns, dep, rv, {
          replicas: Math.floor(random() * 20),
          image: images.get(d),
          manager: 'kubectl-scale',
        }),
      ]);
    } else {
      out.push(['upsert', configMap(ns, dep, rv, random() < 0.5 ? 'helm' : 'kubectl-edit')]);
    }
  }
  return out;
}

function informersLoaded(objects) {
  const informers = new Map(WATCHED_KINDS.map((k) => [k.ref.kind, new Informer(k)]));
  for (const o of objects) informers.get(o.kind === 'PartialObjectMetadata' ? 'ConfigMap' : o.kind).upsert(o);
  const registry = {
    informers: () => [...informers.values()],
    informer: (kind) => informers.get(kind),
    hasSynced: () => true,
    ready: () => Promise.resolve(),
  };
  return { informers, registry };
}

function feed(informers, evs) {
  for (const [op, o] of evs) {
    const inf = informers.get(o.kind === 'PartialObjectMetadata' ? 'ConfigMap' : o.kind);
    if (op === 'upsert') inf.upsert(o);
    else inf.delete(o);
  }
}

const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

// 1. Memory per 10,000 changes.
const base = baseline();
const evs = events(1);
{
  const { informers, registry } = informersLoaded(base);
  const journal = new ChangeJournalService(config, registry);
  journal.onModuleInit();
  // Feed once without keeping records' effect on the store apart: measure the journal alone by
  // feeding, then dropping the journal's records (the stores' own growth stays in both figures).
  const before = heap();
  feed(informers, evs);
  const withRecords = heap();
  const stats = journal.stats();
  journal.onModuleDestroy();
  const j = journal;
  // Release only the journal: the stores keep what the events made of them.
  Object.defineProperty(j, 'journal', { value: null });
  const withoutRecords = heap();
  const journalBytes = withRecords - withoutRecords;
  console.log(
    `events fed: ${evs.length}; records: ${stats.records}; folded as noise: ${stats.foldedAsNoise}`,
  );
  console.log(
    `journal heap: ${(journalBytes / 1024 / 1024).toFixed(2)} MB measured for ${stats.records} records = ${Math.round(journalBytes / stats.records)} B/record; ` +
      `estimate ${(stats.estimatedBytes / 1024 / 1024).toFixed(2)} MB (${Math.round(stats.estimatedBytes / stats.records)} B/record)`,
  );
  console.log(
    `per 10,000 changes: ${(((journalBytes / stats.records) * 10_000) / 1024 / 1024).toFixed(2)} MB`,
  );
  console.log(`(heap before feeding ${(before / 1024 / 1024).toFixed(1)} MB)`);
}

// 2. Cost per event: the same events through informers without the journal, with it, and with it
// writing the on-disk journal (its buffered lines flushed before the clock stops).
{
  const dir = mkdtempSync(path.join(tmpdir(), 'k8s-mcp-bench-journal-'));
  const modes = ['without', 'with', 'with file'];
  const results = Object.fromEntries(modes.map((m) => [m, []]));
  let fileBytes = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order so that no mode always runs first (or last) in a round.
      for (const mode of [...modes.slice(round % 3), ...modes.slice(0, round % 3)]) {
        const { informers, registry } = informersLoaded(base);
        const file = path.join(dir, `round-${round}.jsonl`);
        let journal;
        if (mode !== 'without') {
          const cfg =
            mode === 'with file'
              ? { ...config, TIMELINE_JOURNAL_PATH: file, TIMELINE_JOURNAL_MAX_FILE_MB: 1024 }
              : config;
          journal = new ChangeJournalService(cfg, registry);
          journal.onModuleInit();
        }
        heap();
        const c0 = cpuUs();
        feed(informers, evs);
        // The service flushes once a second on a timer; here the write is part of the cost.
        journal?.file?.flush();
        results[mode].push((cpuUs() - c0) / evs.length);
        journal?.onModuleDestroy();
        if (mode === 'with file') fileBytes = statSync(file).size;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const [a, b, c] = modes.map((m) => median(results[m]));
  console.log(
    `CPU per watch event (store + handlers), median of ${ROUNDS}: without journal ${a.toFixed(2)} µs, with ${b.toFixed(2)} µs: journal +${(b - a).toFixed(2)} µs/event; ` +
      `with the on-disk journal ${c.toFixed(2)} µs: +${(c - a).toFixed(2)} µs/event (${(fileBytes / 1024 / 1024).toFixed(2)} MB written, ${Math.round(fileBytes / evs.length)} B an event)`,
  );
  console.log(
    `  rounds ${modes.map((m) => `${m}: ${results[m].map((x) => x.toFixed(1)).join(', ')}`).join('; ')}`,
  );
}

// 3. k8s-what-changed relatedTo a Deployment (depth 2 through the graph), after the events.
{
  const { informers, registry } = informersLoaded(base);
  const graph = new GraphService(config, registry);
  graph.onModuleInit();
  const journal = new ChangeJournalService(config, registry);
  journal.onModuleInit();
  feed(informers, evs);
  graph.flush();
  const catalogue = { resolve: async (k) => ({ ...WATCHED_KINDS.find((w) => w.ref.kind === k).ref }) };
  const ctx = { config, graph, catalogue, changes: journal, policy: new NamespacePolicy(config) };
  const random = rng(7);
  const times = [];
  let found = 0;
  for (let q = 0; q < QUERIES; q++) {
    const d = Math.floor(random() * DEPLOYMENTS);
    const t0 = performance.now();
    const out = await whatChangedTool.handler(
      {
        sinceMinutes: 43_200,
        relatedTo: { kind: 'Deployment', name: `app-${d}`, namespace: `ns-${d % NAMESPACES}` },
      },
      ctx,
    );
    times.push(performance.now() - t0);
    found += out.structured.changes.length;
  }
  times.sort((x, y) => x - y);
  console.log(
    `relatedTo Deployment (depth 2), ${QUERIES} queries over ${journal.stats().records} records: p50 ${times[Math.floor(QUERIES / 2)].toFixed(2)} ms, p99 ${times[Math.floor(QUERIES * 0.99)].toFixed(2)} ms; ${(found / QUERIES).toFixed(1)} changes per answer`,
  );
  graph.onModuleDestroy();
  journal.onModuleDestroy();
}
