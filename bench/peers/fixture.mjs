// The namespace every server is asked about: 10 Deployments of 100 replicas (1,000 pods) on the
// KWOK nodes. Deployments rather than bare pods, so that the pods carry the names, owners and events
// of a real namespace (the bytes a server returns depend on them): the ReplicaSet controller creates
// the pods, the scheduler binds them and writes one `Scheduled` event each, KWOK runs them.
// Idempotent: what exists is kept, and it waits (bounded) until every pod runs.
import { setTimeout as sleep } from 'node:timers/promises';

export const DEPLOYMENTS = 10;
export const REPLICAS = 100;
export const POD_COUNT = DEPLOYMENTS * REPLICAS;
const LABEL = { 'k8s-mcp/bench': 'peers' };
export const deploymentName = (i) => `app-${String(i).padStart(2, '0')}`;

const ignoreConflict = (err) => {
  if (err?.code !== 409) throw err;
};

function deployment(namespace, i) {
  const app = deploymentName(i);
  const labels = { app, ...LABEL };
  return {
    metadata: { name: app, namespace, labels },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 0,
          // The KWOK nodes only (label set by test/cluster/up.sh), whatever taints they carry.
          nodeSelector: { type: 'kwok' },
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'app',
              image: `registry.invalid/bench/${app}:1`,
              ports: [{ name: 'http', containerPort: 8080 }],
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
            },
          ],
        },
      },
    },
  };
}

async function listPods(core, namespace) {
  const items = [];
  let cont;
  do {
    const r = await core.listNamespacedPod({ namespace, limit: 500, _continue: cont });
    items.push(...r.items);
    cont = r.metadata?._continue;
  } while (cont);
  return items;
}

const running = (p) =>
  p.status?.phase === 'Running' &&
  (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** Creates what is missing, waits until 1,000 pods run and their events are written; returns facts. */
export async function ensureFixture(k8s, kubeconfig, namespace, log) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const t0 = Date.now();
  // A namespace left terminating by the previous run refuses new objects: wait until it is gone.
  for (const deadline = Date.now() + 3 * 60_000; ; await sleep(2000)) {
    const ns = await core.readNamespace({ name: namespace }).catch((err) => {
      if (err?.code !== 404) throw err;
    });
    if (!ns?.metadata?.deletionTimestamp) break;
    if (Date.now() > deadline) throw new Error(`namespace ${namespace} still terminating after 3 min`);
    log(`fixture: waiting for the old ${namespace} to finish terminating`);
  }
  await core
    .createNamespace({ body: { metadata: { name: namespace, labels: LABEL } } })
    .catch(ignoreConflict);
  // The ServiceAccount admission plugin refuses pods until the namespace's default SA exists.
  for (let i = 0; ; i++) {
    try {
      await core.readNamespacedServiceAccount({ name: 'default', namespace });
      break;
    } catch (err) {
      if (err?.code !== 404 || i > 120) throw err;
      await sleep(250);
    }
  }
  for (let i = 0; i < DEPLOYMENTS; i++)
    await apps
      .createNamespacedDeployment({ namespace, body: deployment(namespace, i) })
      .catch(ignoreConflict);

  let pods;
  let last = '';
  for (const deadline = Date.now() + 10 * 60_000; ;) {
    pods = await listPods(core, namespace);
    const ready = pods.filter(running).length;
    const line = `${ready}/${POD_COUNT} pods running (${pods.length} exist)`;
    if (line !== last) log(`fixture: ${line}`);
    last = line;
    if (ready === POD_COUNT && pods.length === POD_COUNT) break;
    if (Date.now() > deadline) throw new Error(`fixture not ready after 10 min: ${line}`);
    await sleep(2000);
  }
  // The scheduler writes its events asynchronously; wait (bounded) until one per pod is there, so
  // the events question sees the same namespace on every server.
  let events = 0;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(1000)) {
    const r = await core.listNamespacedEvent({ namespace, fieldSelector: 'reason=Scheduled', limit: 2000 });
    events = r.items.length;
    if (events >= POD_COUNT) break;
  }
  const all = await core.listNamespacedEvent({ namespace, limit: 5000 });
  const names = pods.map((p) => p.metadata.name).sort();
  log(`fixture: ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${all.items.length} events`);
  return {
    namespace,
    deployments: DEPLOYMENTS,
    pods: names.length,
    events: all.items.length,
    scheduled_events: events,
    podNames: names,
    deploymentNames: Array.from({ length: DEPLOYMENTS }, (_, i) => deploymentName(i)),
    ready_s: Math.round((Date.now() - t0) / 100) / 10,
  };
}

/** Deletes the namespace (and so everything in it); does not wait for the pods to go. */
export async function deleteFixture(k8s, kubeconfig, namespace) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  await kc
    .makeApiClient(k8s.CoreV1Api)
    .deleteNamespace({ name: namespace })
    .catch((err) => {
      if (err?.code !== 404) throw err;
    });
}
