// A seeded generator of whole clusters of recorded-style objects (no API server): healthy and
// broken pods, workloads, Services, claims, events, with long and non-ASCII messages, for the
// summary's property tests and the in-process benchmark.
import type { KubeObject } from '../../src/k8s/kube-object.js';
import {
  aNode,
  aPod,
  aService,
  aWorkload,
  ago,
  anEndpointSlice,
  anEvent,
  anObject,
} from './cluster-objects.js';

/** mulberry32: a tiny deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Size of a generated cluster. */
export interface ClusterShape {
  nodes: number;
  namespaces: number;
  deploymentsPerNamespace: number;
  podsPerDeployment: number;
  /** Share of broken pods (0..1). */
  brokenShare: number;
}

const MESSAGES = [
  'Back-off restarting failed container',
  'Readiness probe failed: Get "http://10.1.2.3:8080/healthz": context deadline exceeded',
  'Fehler: Verbindung zur Datenbank fehlgeschlagen — Zeitüberschreitung nach 30 s 🚨',
  '0/12 nodes are available: 12 Insufficient memory. preemption: 0/12 nodes are available: 12 No preemption victims found for incoming pod.',
  'x'.repeat(600),
];

/** A whole cluster of objects from a seed. */
export function generateCluster(seed: number, shape: ClusterShape): KubeObject[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const objects: KubeObject[] = [];
  for (let n = 0; n < shape.nodes; n++) {
    const r = rnd();
    objects.push(
      aNode(`node-${n}`, {
        ready: r < 0.05 ? 'False' : r < 0.08 ? 'Unknown' : 'True',
        unschedulable: rnd() < 0.05,
        conditions: rnd() < 0.05 ? [{ type: 'MemoryPressure', status: 'True', message: pick(MESSAGES) }] : [],
      }),
    );
  }
  for (let s = 0; s < shape.namespaces; s++) {
    const ns = `team-${s}`;
    objects.push(anObject('Namespace', ns, {}, { clusterScoped: true }));
    for (let d = 0; d < shape.deploymentsPerNamespace; d++) {
      const app = `app-${d}`;
      const replicas = shape.podsPerDeployment;
      let ready = 0;
      for (let p = 0; p < replicas; p++) {
        const broken = rnd() < shape.brokenShare;
        const node = `node-${Math.floor(rnd() * shape.nodes)}`;
        const labels = { app };
        const name = `${app}-${seed}-${p}`;
        if (!broken) {
          ready++;
          objects.push(
            aPod(name, {
              namespace: ns,
              labels,
              node,
              containers: [
                {
                  ready: true,
                  restartCount: rnd() < 0.1 ? Math.floor(rnd() * 4) : 0,
                  lastTerminated: { reason: 'Error', exitCode: 1, finishedAt: ago(7200) },
                },
              ],
            }),
          );
          continue;
        }
        const kind = Math.floor(rnd() * 6);
        if (kind === 0)
          objects.push(
            aPod(name, {
              namespace: ns,
              labels,
              node,
              containers: [
                {
                  restartCount: 3 + Math.floor(rnd() * 40),
                  waiting: { reason: 'CrashLoopBackOff', message: pick(MESSAGES) },
                  lastTerminated: {
                    reason: 'Error',
                    exitCode: 1,
                    message: pick(MESSAGES),
                    finishedAt: ago(30),
                  },
                },
              ],
            }),
          );
        else if (kind === 1)
          objects.push(
            aPod(name, {
              namespace: ns,
              labels,
              node,
              phase: 'Pending',
              containers: [
                {
                  image: `registry.invalid/${app}:x`,
                  waiting: { reason: 'ImagePullBackOff', message: pick(MESSAGES) },
                },
              ],
            }),
          );
        else if (kind === 2)
          objects.push(
            aPod(name, {
              namespace: ns,
              labels,
              node: null,
              phase: 'Pending',
              conditions: [
                {
                  type: 'PodScheduled',
                  status: 'False',
                  reason: 'Unschedulable',
                  message: pick(MESSAGES),
                  lastTransitionTime: ago(600),
                },
              ],
            }),
          );
        else if (kind === 3)
          objects.push(
            aPod(name, {
              namespace: ns,
              labels,
              node,
              containers: [
                {
                  ready: true,
                  restartCount: 2,
                  lastTerminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(100) },
                },
              ],
            }),
          );
        else if (kind === 4)
          objects.push(
            aPod(name, {
              namespace: ns,
              labels,
              node,
              phase: 'Failed',
              reason: 'Evicted',
              message: pick(MESSAGES),
            }),
          );
        else
          objects.push(
            aPod(name, {
              namespace: ns,
              labels,
              node,
              containers: [{ ready: false, running: true }],
              readySince: ago(900),
            }),
          );
      }
      objects.push(aWorkload('Deployment', app, { namespace: ns, replicas, ready, available: ready }));
      if (rnd() < 0.7) {
        const selects = rnd() < 0.85;
        objects.push(aService(app, { namespace: ns, selector: { app: selects ? app : `${app}-typo` } }));
        objects.push(
          anEndpointSlice(app, {
            namespace: ns,
            ready: selects ? ready : 0,
            notReady: selects ? replicas - ready : 0,
          }),
        );
      }
      if (rnd() < 0.2)
        objects.push(
          anObject(
            'PersistentVolumeClaim',
            `${app}-data`,
            {
              spec: { storageClassName: 'fast' },
              status: { phase: pick(['Bound', 'Bound', 'Pending', 'Lost']) },
            },
            { namespace: ns, created: ago(3600) },
          ),
        );
      if (rnd() < 0.5) {
        objects.push(
          anEvent(
            pick(['BackOff', 'FailedScheduling', 'Unhealthy', 'FailedMount', 'Failed']),
            { kind: 'Pod', name: `${app}-${seed}-0`, namespace: ns },
            {
              count: 1 + Math.floor(rnd() * 30),
              message: pick(MESSAGES),
              last: ago(Math.floor(rnd() * 3000)),
            },
          ),
        );
      }
    }
    if (rnd() < 0.3)
      objects.push(
        anObject(
          'Job',
          `job-${s}`,
          {
            spec: { backoffLimit: 1 },
            status: {
              failed: 2,
              conditions: [
                { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: pick(MESSAGES) },
              ],
            },
          },
          { namespace: ns },
        ),
      );
    if (rnd() < 0.3)
      objects.push(
        anObject(
          'CronJob',
          `cron-${s}`,
          {
            spec: {
              schedule: pick(['0 * * * *', '*/5 * * * *', 'bad schedule', '0 2 * * *']),
              suspend: rnd() < 0.3,
            },
            status: { lastScheduleTime: ago(7200) },
          },
          { namespace: ns },
        ),
      );
    if (rnd() < 0.2)
      objects.push(
        anObject(
          'Ingress',
          `ing-${s}`,
          {
            spec: {
              ingressClassName: 'nginx',
              rules: [{ http: { paths: [{ backend: { service: { name: 'app-0' } } }] } }],
              tls: [{ secretName: 'missing-tls' }],
            },
          },
          { namespace: ns },
        ),
      );
  }
  return objects;
}
