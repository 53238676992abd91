// Applies the sample application in config/samples/ to a cluster and waits until it has settled
// (healthy workloads available, deliberately broken ones in their broken states). Used by
// scripts/demo.mjs and test/demo/samples.e2e-spec.ts.
//
// Every name can carry a prefix (options.prefix, e.g. "e2e-x1y2-"): namespaces become
// <prefix>shop, ..., cluster-scoped objects <prefix><name>, and every reference to them (RoleBinding
// subjects, PV claimRefs, storage and ingress class names, namespaceSelectors on
// kubernetes.io/metadata.name, "<svc>.<ns>.svc" host names) is rewritten, so several copies can live
// in one cluster. Without a prefix the names are exactly those in the YAML files.
/* global structuredClone */
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import { parseAllDocuments, stringify as toYaml } from 'yaml';

export const SAMPLES_DIR = fileURLToPath(new URL('../../config/samples/', import.meta.url));
export const FIELD_MANAGER = 'k8s-mcp-samples';
/** Label that opts a pod into a failure stage of test/cluster/kwok-stages/demo-failures.yaml. */
export const SIMULATE_LABEL = 'k8s-mcp.demo/simulate';
/** Annotation on a Secret: comma-separated keys to fill with random values at apply time. */
export const GENERATE_ANNOTATION = 'k8s-mcp.demo/generate';
export const TLS_SECRET = { namespace: 'shop', name: 'shop-tls', host: 'shop.example.test' };

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'StorageClass',
  'PersistentVolume',
  'IngressClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
]);

/** Names of everything the samples create, after prefixing. */
export function sampleNames(prefix = '') {
  const ns = (n) => `${prefix}${n}`;
  return {
    prefix,
    namespaces: { shop: ns('shop'), data: ns('data'), ops: ns('ops') },
    storageClass: `${prefix}k8s-mcp-demo-local`,
    ingressClass: `${prefix}k8s-mcp-demo-nginx`,
    persistentVolumes: ['k8s-mcp-demo-postgres-0', 'k8s-mcp-demo-postgres-1', 'k8s-mcp-demo-spare'].map(
      (n) => `${prefix}${n}`,
    ),
  };
}

/** The sample files in apply order: [{ file, objects }]. Objects are already prefixed. */
export function loadSamples({ prefix = '', dir = SAMPLES_DIR } = {}) {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const raw = files.map((file) => {
    const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8'));
    const objects = [];
    for (const doc of docs) {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      const obj = doc.toJS();
      if (obj && typeof obj === 'object') objects.push(obj);
    }
    return { file, objects };
  });
  if (!prefix) return raw;
  const all = raw.flatMap((f) => f.objects);
  const namespaces = new Set(all.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  const clusterNames = new Set(
    all.filter((o) => CLUSTER_SCOPED.has(o.kind) && o.kind !== 'Namespace').map((o) => o.metadata.name),
  );
  return raw.map(({ file, objects }) => ({
    file,
    objects: objects.map((o) => prefixObject(o, prefix, namespaces, clusterNames)),
  }));
}

function prefixObject(obj, prefix, namespaces, clusterNames) {
  const ns = (n) => (namespaces.has(n) ? prefix + n : n);
  const cl = (n) => (clusterNames.has(n) ? prefix + n : n);
  const o = structuredClone(obj);
  if (CLUSTER_SCOPED.has(o.kind))
    o.metadata.name = o.kind === 'Namespace' ? ns(o.metadata.name) : cl(o.metadata.name);
  if (o.metadata.namespace) o.metadata.namespace = ns(o.metadata.namespace);
  for (const s of o.subjects ?? []) if (s.namespace) s.namespace = ns(s.namespace);
  if (o.kind === 'PersistentVolume' && o.spec?.claimRef?.namespace) {
    o.spec.claimRef.namespace = ns(o.spec.claimRef.namespace);
  }
  if (o.kind === 'Ingress' && o.spec?.ingressClassName) o.spec.ingressClassName = cl(o.spec.ingressClassName);
  // storageClassName (PV, PVC, volumeClaimTemplates) and namespaceSelectors, wherever they are.
  const hostRe = new RegExp(`\\.(${[...namespaces].join('|')})\\.svc\\b`, 'g');
  const walk = (v) => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'storageClassName' && typeof child === 'string') v[k] = cl(child);
        else if (k === 'namespaceSelector' && child?.matchLabels?.['kubernetes.io/metadata.name']) {
          const labels = child.matchLabels;
          labels['kubernetes.io/metadata.name'] = ns(labels['kubernetes.io/metadata.name']);
        } else v[k] = walk(child);
      }
      return v;
    }
    if (typeof v === 'string') return v.replace(hostRe, (_m, n) => `.${prefix}${n}.svc`);
    return v;
  };
  walk(o.spec ?? {});
  walk(o.data ?? {});
  return o;
}

const isNotFound = (err) => err?.code === 404 || err?.statusCode === 404;

function ref(o) {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

async function readIfExists(objects, o) {
  try {
    return await objects.read({
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata: { name: o.metadata.name, namespace: o.metadata.namespace },
    });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Secrets: stringData -> data (server-side apply and stringData do not mix well); keys named in
 *  the generate annotation get random values, or keep the values a previous apply generated. */
async function materializeSecret(objects, o) {
  const s = structuredClone(o);
  s.data = { ...(s.data ?? {}) };
  for (const [k, v] of Object.entries(s.stringData ?? {}))
    s.data[k] = Buffer.from(String(v)).toString('base64');
  delete s.stringData;
  const keys = (s.metadata.annotations?.[GENERATE_ANNOTATION] ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length) {
    const existing = await readIfExists(objects, s);
    for (const k of keys) {
      s.data[k] =
        existing?.data?.[k] ?? Buffer.from(randomBytes(18).toString('base64url')).toString('base64');
    }
  }
  return s;
}

/** A self-signed certificate for the shop Ingress, made with openssl in a temporary directory. */
export function generateTlsSecret({ namespace, name, host }) {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-demo-tls-'));
  try {
    const key = join(dir, 'tls.key');
    const crt = join(dir, 'tls.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '30',
        '-subj',
        `/CN=${host}`,
        '-addext',
        `subjectAltName=DNS:${host}`,
        '-keyout',
        key,
        '-out',
        crt,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { name, namespace, labels: { 'app.kubernetes.io/part-of': 'k8s-mcp-demo' } },
      data: {
        'tls.crt': readFileSync(crt).toString('base64'),
        'tls.key': readFileSync(key).toString('base64'),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * KubernetesObjectApi serializes through client-node's typed models, which name some fields
 * differently (a NetworkPolicy peer's `from` is `_from`) and silently drop the plain spelling:
 * k8s.loadYaml builds the typed model first, so every field reaches the API server.
 */
async function apply(objects, o) {
  const typed = k8s.loadYaml(toYaml(o));
  return objects.patch(typed, undefined, undefined, FIELD_MANAGER, true, k8s.PatchStrategy.ServerSideApply);
}

/**
 * Server-side applies the samples, file by file (idempotent: a second run changes nothing but
 * what drifted). The TLS Secret is generated (once; kept on later runs) right after the namespaces.
 * @returns {Promise<{ names: ReturnType<typeof sampleNames>, applied: string[] }>}
 */
export async function applySamples(kc, { prefix = '', dir = SAMPLES_DIR, log = () => {} } = {}) {
  const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  const names = sampleNames(prefix);
  const applied = [];
  let tlsDone = false;
  for (const { file, objects: docs } of loadSamples({ prefix, dir })) {
    for (const doc of docs) {
      const o = doc.kind === 'Secret' ? await materializeSecret(objects, doc) : doc;
      try {
        await apply(objects, o);
      } catch (err) {
        const body = typeof err?.body === 'string' ? err.body : JSON.stringify(err?.body ?? '');
        throw new Error(`${file}: applying ${ref(o)} failed: ${err?.message ?? err} ${body}`.trim(), {
          cause: err,
        });
      }
      applied.push(ref(o));
    }
    log(`applied ${file} (${docs.length} objects)`);
    if (!tlsDone && docs.some((d) => d.kind === 'Namespace')) {
      tlsDone = true;
      const tls = { ...TLS_SECRET, namespace: names.namespaces.shop };
      const existing = await readIfExists(objects, { apiVersion: 'v1', kind: 'Secret', metadata: tls });
      if (!existing?.data?.['tls.crt']) {
        await apply(objects, generateTlsSecret(tls));
        log(`generated TLS Secret ${tls.namespace}/${tls.name} (openssl, CN=${tls.host})`);
      }
      applied.push(`Secret ${tls.namespace}/${tls.name}`);
    }
  }
  return { names, applied };
}

// ---- settle checks ------------------------------------------------------------------------------

const cond = (obj, type) => obj?.status?.conditions?.find((c) => c.type === type);

async function livePods(core, namespace, labelSelector) {
  const list = await core.listNamespacedPod({ namespace, labelSelector });
  return list.items.filter((p) => !p.metadata?.deletionTimestamp);
}

/** Every live pod passes `test` (and there is at least one). */
async function podsCheck(core, namespace, labelSelector, test) {
  const pods = await livePods(core, namespace, labelSelector);
  if (!pods.length) return { ok: false, detail: 'no pods yet' };
  const details = [];
  for (const p of pods) {
    const r = test(p);
    if (!r.ok) return { ok: false, detail: `${p.metadata.name}: ${r.detail}` };
    details.push(`${p.metadata.name}: ${r.detail}`);
  }
  return { ok: true, detail: details.join('; ') };
}

function describeContainer(cs) {
  if (!cs) return 'no container status';
  const st = cs.state ?? {};
  const now = st.waiting
    ? `waiting ${st.waiting.reason}`
    : st.running
      ? 'running'
      : st.terminated
        ? `terminated ${st.terminated.reason}`
        : '?';
  const last = cs.lastState?.terminated;
  return `${now}, restarts ${cs.restartCount}${last ? `, last ${last.reason} (exit ${last.exitCode})` : ''}`;
}

/**
 * The settle checks, in display order: [{ name, kind: 'healthy' | 'broken', check() -> {ok, detail} }].
 * Exported so tests can reuse the exact definitions.
 */
export function sampleChecks(kc, { prefix = '' } = {}) {
  const { namespaces: ns } = sampleNames(prefix);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const batch = kc.makeApiClient(k8s.BatchV1Api);
  const discovery = kc.makeApiClient(k8s.DiscoveryV1Api);
  const networking = kc.makeApiClient(k8s.NetworkingV1Api);
  const guard = (fn) => async () => {
    try {
      return await fn();
    } catch (err) {
      if (isNotFound(err)) return { ok: false, detail: 'not found yet' };
      throw err;
    }
  };
  const deployment = (namespace, name) => ({
    name: `Deployment ${namespace}/${name} available`,
    kind: 'healthy',
    check: guard(async () => {
      const d = await apps.readNamespacedDeployment({ namespace, name });
      const want = d.spec?.replicas ?? 1;
      const ready = d.status?.readyReplicas ?? 0;
      const ok =
        cond(d, 'Available')?.status === 'True' &&
        ready === want &&
        (d.status?.updatedReplicas ?? 0) === want;
      return { ok, detail: `${ready}/${want} ready` };
    }),
  });
  const sim = (mode) => `${SIMULATE_LABEL}=${mode}`;
  return [
    deployment(ns.shop, 'frontend'),
    deployment(ns.shop, 'catalog'),
    deployment(ns.shop, 'cart'),
    deployment(ns.shop, 'inventory'),
    deployment(ns.data, 'redis'),
    {
      name: `StatefulSet ${ns.data}/postgres ready`,
      kind: 'healthy',
      check: guard(async () => {
        const s = await apps.readNamespacedStatefulSet({ namespace: ns.data, name: 'postgres' });
        const want = s.spec?.replicas ?? 1;
        const ready = s.status?.readyReplicas ?? 0;
        return { ok: ready === want, detail: `${ready}/${want} ready` };
      }),
    },
    {
      name: `PVCs ${ns.data}/data-postgres-{0,1} Bound`,
      kind: 'healthy',
      check: guard(async () => {
        const phases = [];
        for (const name of ['data-postgres-0', 'data-postgres-1']) {
          const c = await core.readNamespacedPersistentVolumeClaim({ namespace: ns.data, name });
          phases.push(c.status?.phase ?? 'Pending');
        }
        return { ok: phases.every((p) => p === 'Bound'), detail: phases.join(', ') };
      }),
    },
    {
      name: `DaemonSet ${ns.ops}/log-agent ready on every node`,
      kind: 'healthy',
      check: guard(async () => {
        const d = await apps.readNamespacedDaemonSet({ namespace: ns.ops, name: 'log-agent' });
        const want = d.status?.desiredNumberScheduled ?? 0;
        const ready = d.status?.numberReady ?? 0;
        return { ok: want > 0 && ready === want, detail: `${ready}/${want} ready` };
      }),
    },
    {
      name: `Job ${ns.ops}/schema-migrate complete`,
      kind: 'healthy',
      check: guard(async () => {
        const j = await batch.readNamespacedJob({ namespace: ns.ops, name: 'schema-migrate' });
        return {
          ok: cond(j, 'Complete')?.status === 'True',
          detail: `succeeded ${j.status?.succeeded ?? 0}`,
        };
      }),
    },
    {
      name: `Service ${ns.shop}/frontend has ready endpoints`,
      kind: 'healthy',
      check: guard(async () => {
        const slices = await discovery.listNamespacedEndpointSlice({
          namespace: ns.shop,
          labelSelector: 'kubernetes.io/service-name=frontend',
        });
        const ready = slices.items
          .flatMap((s) => s.endpoints ?? [])
          .filter((e) => e.conditions?.ready).length;
        return { ok: ready >= 3, detail: `${ready} ready endpoints` };
      }),
    },
    {
      name: `Pod in ${ns.shop} (payment) in CrashLoopBackOff`,
      kind: 'broken',
      check: guard(() =>
        podsCheck(core, ns.shop, sim('crashloop'), (p) => {
          const cs = p.status?.containerStatuses?.[0];
          const ok =
            cs?.state?.waiting?.reason === 'CrashLoopBackOff' &&
            cs.restartCount > 0 &&
            cs.lastState?.terminated?.exitCode === 1;
          return { ok, detail: describeContainer(cs) };
        }),
      ),
    },
    {
      name: `Pod in ${ns.shop} (recommendations) in ImagePullBackOff`,
      kind: 'broken',
      check: guard(() =>
        podsCheck(core, ns.shop, sim('imagepull'), (p) => {
          const cs = p.status?.containerStatuses?.[0];
          const ok = ['ImagePullBackOff', 'ErrImagePull'].includes(cs?.state?.waiting?.reason ?? '');
          return {
            ok: ok && p.status?.phase === 'Pending',
            detail: `${p.status?.phase}, ${describeContainer(cs)}`,
          };
        }),
      ),
    },
    {
      name: `Pod in ${ns.data} (analytics-worker) was OOMKilled`,
      kind: 'broken',
      check: guard(() =>
        podsCheck(core, ns.data, sim('oomkilled'), (p) => {
          const cs = p.status?.containerStatuses?.[0];
          const t = cs?.lastState?.terminated;
          return { ok: t?.reason === 'OOMKilled' && t.exitCode === 137, detail: describeContainer(cs) };
        }),
      ),
    },
    {
      name: `Pod in ${ns.ops} (gpu-trainer) Pending, Unschedulable`,
      kind: 'broken',
      check: guard(() =>
        podsCheck(core, ns.ops, 'app=gpu-trainer', (p) => {
          const c = cond(p, 'PodScheduled');
          const ok = p.status?.phase === 'Pending' && c?.status === 'False' && c.reason === 'Unschedulable';
          return {
            ok,
            detail: c ? `PodScheduled=${c.status} ${c.reason ?? ''}` : 'not looked at by the scheduler yet',
          };
        }),
      ),
    },
    {
      name: `Service ${ns.shop}/inventory selects no pods`,
      kind: 'broken',
      check: guard(async () => {
        await core.readNamespacedService({ namespace: ns.shop, name: 'inventory' });
        const slices = await discovery.listNamespacedEndpointSlice({
          namespace: ns.shop,
          labelSelector: 'kubernetes.io/service-name=inventory',
        });
        const endpoints = slices.items.flatMap((s) => s.endpoints ?? []).length;
        // The EndpointSlice controller writes an empty placeholder slice once it has seen the Service.
        return {
          ok: slices.items.length > 0 && endpoints === 0,
          detail: `${slices.items.length} slices, ${endpoints} endpoints`,
        };
      }),
    },
    {
      name: `Ingress ${ns.shop}/admin points at a missing Service`,
      kind: 'broken',
      check: guard(async () => {
        const ing = await networking.readNamespacedIngress({ namespace: ns.shop, name: 'admin' });
        const backend = ing.spec?.rules?.[0]?.http?.paths?.[0]?.backend?.service?.name;
        try {
          await core.readNamespacedService({ namespace: ns.shop, name: backend });
          return { ok: false, detail: `Service ${backend} exists` };
        } catch (err) {
          if (isNotFound(err)) return { ok: true, detail: `backend Service ${backend} not found` };
          throw err;
        }
      }),
    },
  ];
}

/**
 * Polls the settle checks until all pass. `onProgress({ name, kind, detail, elapsedMs })` is called
 * once per check when it first passes. Throws on timeout, listing the checks still failing.
 */
export async function waitForSamples(
  kc,
  { prefix = '', timeoutMs = 180_000, intervalMs = 1000, onProgress = () => {} } = {},
) {
  const checks = sampleChecks(kc, { prefix });
  const started = Date.now();
  const done = new Map();
  const last = new Map();
  for (;;) {
    for (const c of checks) {
      if (done.has(c.name)) continue;
      let r;
      try {
        r = await c.check();
      } catch (err) {
        r = { ok: false, detail: `error: ${err?.message ?? err}` };
      }
      last.set(c.name, r.detail);
      if (r.ok) {
        const elapsedMs = Date.now() - started;
        done.set(c.name, { name: c.name, kind: c.kind, detail: r.detail, elapsedMs });
        onProgress(done.get(c.name));
      }
    }
    if (done.size === checks.length) return { elapsedMs: Date.now() - started, results: [...done.values()] };
    if (Date.now() - started > timeoutMs) {
      const pending = checks
        .filter((c) => !done.has(c.name))
        .map((c) => `  - ${c.name}: ${last.get(c.name)}`);
      throw new Error(
        `samples not settled after ${Math.round(timeoutMs / 1000)} s; still waiting for:\n${pending.join('\n')}`,
      );
    }
    await sleep(intervalMs);
  }
}

/**
 * Deletes the sample namespaces and the cluster-scoped sample objects (for the given prefix).
 * With `wait`, returns once the namespaces are gone (or throws after timeoutMs).
 */
export async function deleteSamples(
  kc,
  { prefix = '', dir = SAMPLES_DIR, wait = false, timeoutMs = 120_000 } = {},
) {
  const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const all = loadSamples({ prefix, dir }).flatMap((f) => f.objects);
  const namespaces = all.filter((o) => o.kind === 'Namespace');
  // Namespaces first (their PVCs release the PVs), then the cluster-scoped objects.
  const order = [...namespaces, ...all.filter((o) => CLUSTER_SCOPED.has(o.kind) && o.kind !== 'Namespace')];
  for (const o of order) {
    try {
      await objects.delete({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  if (!wait) return;
  const started = Date.now();
  for (const n of namespaces) {
    for (;;) {
      try {
        await core.readNamespace({ name: n.metadata.name });
      } catch (err) {
        if (isNotFound(err)) break;
        throw err;
      }
      if (Date.now() - started > timeoutMs)
        throw new Error(`namespace ${n.metadata.name} still exists after ${timeoutMs} ms`);
      await sleep(500);
    }
  }
}
