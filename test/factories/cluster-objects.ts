// Builders of recorded-style Kubernetes objects for the summary and detector tests: plain JSON as
// the API server sends it, with the status fields controllers and the kubelet fill in.
import type { KubeObject } from '../../src/k8s/kube-object.js';
import { ClusterSnapshot, type SnapshotExtras, type Visibility } from '../../src/summary/cluster-snapshot.js';
import {
  DEFAULT_THRESHOLDS,
  type Detector,
  type DetectorThresholds,
  type Finding,
} from '../../src/summary/detectors/detector.js';
import { SnapshotSummaryGraph } from '../../src/summary/summary-graph.js';
import { Store } from '../../src/sync/store.js';

/** A fixed "now" for tests: 2026-11-26T12:00:00Z. */
export const NOW = Date.parse('2026-11-26T12:00:00Z');

/** An ISO time `seconds` before NOW. */
export const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString();

type Json = Record<string, unknown>;

let uidCounter = 0;
function meta(name: string, namespace: string | undefined, extra: Json = {}): KubeObject['metadata'] {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid: `uid-${++uidCounter}`,
    resourceVersion: '1',
    creationTimestamp: ago(3600),
    ...extra,
  };
}

/** Options shared by namespaced builders. */
export interface Named {
  namespace?: string;
  labels?: Record<string, string>;
  created?: string;
  deletionTimestamp?: string;
  ownerKind?: string;
}

function metaOf(name: string, o: Named, defaultNs = 'default'): KubeObject['metadata'] {
  return meta(name, o.namespace ?? defaultNs, {
    ...(o.labels ? { labels: o.labels } : {}),
    ...(o.created ? { creationTimestamp: o.created } : {}),
    ...(o.deletionTimestamp ? { deletionTimestamp: o.deletionTimestamp } : {}),
    ...(o.ownerKind
      ? {
          ownerReferences: [
            { apiVersion: 'v1', kind: o.ownerKind, name: 'owner', uid: 'owner-uid', controller: true },
          ],
        }
      : {}),
  });
}

/** Container status states for aPod. */
export type ContainerSketch = {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  waiting?: { reason: string; message?: string };
  running?: boolean;
  terminated?: { reason: string; exitCode?: number; message?: string; finishedAt?: string };
  lastTerminated?: { reason: string; exitCode?: number; message?: string; finishedAt?: string };
  image?: string;
};

/** A pod; by default Running and ready on node-1 with one container "app". */
export function aPod(
  name: string,
  o: Named & {
    node?: string | null;
    phase?: string;
    reason?: string;
    message?: string;
    ready?: boolean;
    readySince?: string;
    containers?: ContainerSketch[];
    conditions?: Json[];
    requests?: { cpu?: string; memory?: string };
    limits?: { memory?: string };
    volumes?: Json[];
    env?: Json[];
    envFrom?: Json[];
  } = {},
): KubeObject {
  const phase = o.phase ?? 'Running';
  const sketches = o.containers ?? [{ ready: o.ready ?? phase === 'Running', running: phase === 'Running' }];
  const ready = o.ready ?? sketches.every((c) => c.ready);
  const containers = sketches.map((c, i) => ({
    name: c.name ?? (i === 0 ? 'app' : `c${i}`),
    image: c.image ?? 'registry.example/app:1.0',
    resources: {
      requests: o.requests ?? { cpu: '100m', memory: '128Mi' },
      ...(o.limits ? { limits: o.limits } : {}),
    },
    ...(o.env ? { env: o.env } : {}),
    ...(o.envFrom ? { envFrom: o.envFrom } : {}),
  }));
  const statuses = sketches.map((c, i) => ({
    name: c.name ?? (i === 0 ? 'app' : `c${i}`),
    image: c.image ?? 'registry.example/app:1.0',
    ready: c.ready ?? false,
    restartCount: c.restartCount ?? 0,
    state: c.waiting
      ? { waiting: c.waiting }
      : c.terminated
        ? { terminated: c.terminated }
        : c.running === false
          ? { waiting: { reason: 'ContainerCreating' } }
          : { running: { startedAt: ago(3000) } },
    ...(c.lastTerminated ? { lastState: { terminated: c.lastTerminated } } : {}),
  }));
  const node = o.node === null ? undefined : (o.node ?? 'node-1');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: metaOf(name, o),
    spec: { ...(node ? { nodeName: node } : {}), containers, ...(o.volumes ? { volumes: o.volumes } : {}) },
    status: {
      phase,
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.message ? { message: o.message } : {}),
      startTime: ago(3500),
      conditions: o.conditions ?? [
        { type: 'PodScheduled', status: node ? 'True' : 'False' },
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          lastTransitionTime: o.readySince ?? ago(3000),
          ...(ready
            ? {}
            : { reason: 'ContainersNotReady', message: 'containers with unready status: [app]' }),
        },
      ],
      containerStatuses: phase === 'Pending' && !o.containers ? [] : statuses,
    },
  };
}

/** A node; Ready by default, 4 CPUs, 16Gi, 110 pods. */
export function aNode(
  name: string,
  o: {
    ready?: 'True' | 'False' | 'Unknown';
    since?: string;
    conditions?: Json[];
    unschedulable?: boolean;
    cpu?: string;
    memory?: string;
  } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(name, undefined, { labels: { 'kubernetes.io/hostname': name } }),
    spec: o.unschedulable
      ? {
          unschedulable: true,
          taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: ago(600) }],
        }
      : {},
    status: {
      capacity: { cpu: o.cpu ?? '4', memory: o.memory ?? '16Gi', pods: '110' },
      allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '16Gi', pods: '110' },
      conditions: [
        {
          type: 'Ready',
          status: o.ready ?? 'True',
          reason:
            o.ready === 'Unknown'
              ? 'NodeStatusUnknown'
              : o.ready === 'False'
                ? 'KubeletNotReady'
                : 'KubeletReady',
          message:
            o.ready === 'Unknown'
              ? 'Kubelet stopped posting node status.'
              : o.ready === 'False'
                ? 'container runtime network not ready'
                : 'kubelet is posting ready status',
          lastTransitionTime: o.since ?? ago(7200),
        },
        ...(o.conditions ?? []),
      ],
      nodeInfo: { kubeletVersion: 'v1.34.0' },
    },
  };
}

/** A Deployment (or StatefulSet / DaemonSet / ReplicaSet via kind) selecting app=<name>. */
export function aWorkload(
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet',
  name: string,
  o: Named & {
    replicas?: number;
    ready?: number;
    available?: number;
    conditions?: Json[];
    appLabel?: string;
  } = {},
): KubeObject {
  const replicas = o.replicas ?? 1;
  const ready = o.ready ?? replicas;
  const available = o.available ?? ready;
  const app = o.appLabel ?? name;
  const status =
    kind === 'DaemonSet'
      ? {
          desiredNumberScheduled: replicas,
          numberReady: ready,
          numberAvailable: available,
          numberUnavailable: replicas - available,
        }
      : {
          replicas,
          readyReplicas: ready,
          availableReplicas: available,
          updatedReplicas: replicas,
          conditions: o.conditions ?? [],
        };
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: metaOf(name, o),
    spec: {
      ...(kind === 'DaemonSet' ? {} : { replicas }),
      selector: { matchLabels: { app } },
      template: { metadata: { labels: { app } } },
    },
    status: kind === 'DaemonSet' ? { ...status, conditions: o.conditions ?? [] } : status,
  };
}

/** A Service selecting `selector` (default app=<name>); null for no selector. */
export function aService(
  name: string,
  o: Named & { selector?: Record<string, string> | null; type?: string } = {},
): KubeObject {
  const selector = o.selector === null ? undefined : (o.selector ?? { app: name });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metaOf(name, o),
    spec: { type: o.type ?? 'ClusterIP', ...(selector ? { selector } : {}), clusterIP: '10.0.0.10' },
  };
}

/** The EndpointSlice of a Service with `ready` ready and `notReady` not-ready endpoints. */
export function anEndpointSlice(
  service: string,
  o: Named & { ready?: number; notReady?: number } = {},
): KubeObject {
  const endpoints = [
    ...Array.from({ length: o.ready ?? 0 }, (_, i) => ({
      addresses: [`10.1.0.${i + 1}`],
      conditions: { ready: true },
    })),
    ...Array.from({ length: o.notReady ?? 0 }, (_, i) => ({
      addresses: [`10.1.1.${i + 1}`],
      conditions: { ready: false },
    })),
  ];
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: metaOf(`${service}-abcde`, { ...o, labels: { 'kubernetes.io/service-name': service } }),
    addressType: 'IPv4',
    endpoints,
  };
}

/** Any object with these top-level fields (spec, status, ...). */
export function anObject(
  kind: string,
  name: string,
  fields: Json = {},
  o: Named & { clusterScoped?: boolean } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind,
    metadata: o.clusterScoped ? meta(name, undefined, o.labels ? { labels: o.labels } : {}) : metaOf(name, o),
    ...fields,
  };
}

/** A core/v1 Event about an object. */
export function anEvent(
  reason: string,
  involved: { kind: string; name: string; namespace?: string },
  o: { type?: string; count?: number; message?: string; last?: string; name?: string } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta(o.name ?? `${involved.name}.${reason}.${++uidCounter}`, involved.namespace ?? 'default'),
    type: o.type ?? 'Warning',
    reason,
    message: o.message ?? `${reason} happened`,
    count: o.count ?? 1,
    firstTimestamp: o.last ?? ago(60),
    lastTimestamp: o.last ?? ago(60),
    involvedObject: { ...involved, namespace: involved.namespace ?? 'default' },
  };
}

/** Visibility that shows everything, or hides the listed namespaces. */
export function visibility(hidden: string[] = []): Visibility {
  return { isAllowed: (ns) => !hidden.includes(ns), unrestricted: hidden.length === 0 };
}

/** Kinds every snapshot watches (so detectors that skip unwatched kinds run). */
const WATCHED = [
  'Namespace',
  'Node',
  'Pod',
  'Service',
  'EndpointSlice',
  'Deployment',
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
  'Event',
];

/** Stores filled with these objects, by kind. */
export function storesOf(objects: readonly KubeObject[]): Map<string, Store> {
  const stores = new Map<string, Store>(WATCHED.map((k) => [k, new Store()]));
  for (const o of objects) {
    const kind = o.kind!;
    if (!stores.has(kind)) stores.set(kind, new Store());
    stores.get(kind)!.upsert(o);
  }
  return stores;
}

/** A snapshot of these objects at NOW (or o.now). */
export function snapshotOf(
  objects: readonly KubeObject[],
  o: Partial<SnapshotExtras> & { hidden?: string[] } = {},
): ClusterSnapshot {
  const stores = storesOf(objects);
  return new ClusterSnapshot({ store: (k) => stores.get(k) }, visibility(o.hidden), {
    now: o.now ?? NOW,
    version: o.version ?? 'v1.34.0',
    webhooks: o.webhooks,
    freshness: o.freshness ?? { phase: 'synced', lastEventAt: ago(5), staleKinds: [] },
  });
}

/** Runs one detector over these objects (fallback graph, default thresholds unless given). */
export function runDetector(
  detector: Detector,
  objects: readonly KubeObject[],
  o: Partial<SnapshotExtras> & { hidden?: string[]; thresholds?: Partial<DetectorThresholds> } = {},
): Finding[] {
  const snapshot = snapshotOf(objects, o);
  return detector.detect({
    snapshot,
    graph: new SnapshotSummaryGraph(snapshot),
    thresholds: { ...DEFAULT_THRESHOLDS, ...o.thresholds },
  });
}
