import type { KubeObject } from '../k8s/kube-object.js';
import { diffObjects, describeCreated, MAX_CHANGES } from './change-diff.js';
import { renderChange } from './change-record.js';

// Objects as the API server sends them (trimmed as the store keeps them), recorded from the test
// control plane and cut to the fields that matter here.
const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'd1',
    resourceVersion: '100',
    generation: 3,
    labels: { app: 'web' },
    annotations: { 'deployment.kubernetes.io/revision': '3' },
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'web:1.4',
            env: [
              { name: 'MODE', value: 'prod' },
              { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            ],
            envFrom: [{ configMapRef: { name: 'web-env' } }],
            resources: { requests: { cpu: '100m' }, limits: { memory: '128Mi' } },
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
          },
        ],
        volumes: [{ name: 'cfg', configMap: { name: 'web-config' } }],
      },
    },
  },
  status: {
    observedGeneration: 3,
    replicas: 3,
    readyReplicas: 3,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        lastUpdateTime: '2026-12-05T07:00:00Z',
        lastTransitionTime: '2026-12-05T07:00:00Z',
      },
    ],
  },
};

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-7d9f-abcde',
    namespace: 'shop',
    uid: 'p1',
    resourceVersion: '200',
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f', uid: 'rs1', controller: true },
    ],
  },
  spec: { nodeName: 'kwok-node-0', containers: [{ name: 'web', image: 'web:1.4' }] },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-12-05T07:00:00Z' },
      { type: 'ContainersReady', status: 'True', lastProbeTime: null },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null },
    ],
    containerStatuses: [
      { name: 'web', ready: true, restartCount: 0, image: 'web:1.4', state: { running: {} } },
    ],
  },
};

const node: KubeObject = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'kwok-node-0', uid: 'n1', resourceVersion: '300' },
  spec: {},
  status: {
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        lastHeartbeatTime: '2026-12-05T07:00:00Z',
        lastTransitionTime: '2026-12-05T06:00:00Z',
      },
    ],
    nodeInfo: { kubeletVersion: 'fake' },
  },
};

/** A copy changed by `edit` (store objects are read-only; the watch sends new ones). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of recorded JSON
type Editable = Record<string, any>;
function edited(o: KubeObject, edit: (x: Editable) => void): KubeObject {
  const copy = structuredClone(o) as Editable;
  copy.metadata.resourceVersion = String(Number(copy.metadata.resourceVersion) + 1);
  edit(copy);
  return copy as KubeObject;
}

const lines = (kind: string, a: KubeObject, b: KubeObject) => diffObjects(kind, a, b).map(renderChange);

describe(diffObjects.name, () => {
  it('says a rollout to a new image in one line, with the revision', () => {
    const after = edited(deployment, (d) => {
      d.spec.template.spec.containers[0].image = 'web:1.5';
      d.metadata.annotations['deployment.kubernetes.io/revision'] = '4';
      d.metadata.generation = 4;
    });
    expect(lines('Deployment', deployment, after)).toEqual(['revision 3 → 4', 'image web:1.4 → web:1.5']);
  });

  it('says replicas 3 → 0, and readiness as it follows', () => {
    const scaled = edited(deployment, (d) => (d.spec.replicas = 0));
    expect(lines('Deployment', deployment, scaled)).toEqual(['replicas 3 → 0']);
    const drained = edited(scaled, (d) => {
      delete d.status.readyReplicas;
      d.status.observedGeneration = 5;
    });
    expect(lines('Deployment', scaled, drained)).toEqual(['ready 3 → 0']);
  });

  it('names env references, envFrom, resources, ports, volumes and selectors', () => {
    const after = edited(deployment, (d) => {
      const c = d.spec.template.spec.containers[0];
      c.env[1].valueFrom.secretKeyRef.name = 'db-v2';
      c.envFrom = [{ secretRef: { name: 'web-secrets' } }];
      c.resources.requests.cpu = '250m';
      c.ports[0].containerPort = 8081;
      d.spec.template.spec.volumes[0].configMap.name = 'web-config-v2';
      d.spec.selector.matchLabels.tier = 'front';
    });
    expect(lines('Deployment', deployment, after)).toEqual([
      'selector app=web → app=web,tier=front',
      'env DB_PASSWORD secret db.password → secret db-v2.password',
      'envFrom configMap/web-env → secret/web-secrets',
      'cpu request 100m → 250m',
      'ports 8080/TCP → 8081/TCP',
      'volume cfg configMap/web-config → configMap/web-config-v2',
    ]);
  });

  it('records kubectl rollout restart as restartedAt', () => {
    const after = edited(deployment, (d) => {
      d.spec.template.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': '2026-12-05T08:00:00Z' };
    });
    expect(lines('Deployment', deployment, after)).toEqual(['restartedAt ∅ → 2026-12-05T08:00:00Z']);
  });

  it('drops status noise by rule: observedGeneration, condition times, heartbeats, resourceVersion', () => {
    const after = edited(deployment, (d) => {
      d.status.observedGeneration = 9;
      d.status.conditions[0].lastUpdateTime = '2026-12-05T08:00:00Z';
      d.status.conditions[0].reason = 'NewReplicaSetAvailable';
    });
    expect(lines('Deployment', deployment, after)).toEqual([]);
    const beat = edited(node, (n) => (n.status.conditions[0].lastHeartbeatTime = '2026-12-05T07:01:00Z'));
    expect(lines('Node', node, beat)).toEqual([]);
    const probed = edited(pod, (p) => (p.status.conditions[0].lastProbeTime = '2026-12-05T07:01:00Z'));
    expect(lines('Pod', pod, probed)).toEqual([]);
  });

  it('says a node went NotReady with the reason, and a cordon', () => {
    const after = edited(node, (n) => {
      n.status.conditions[0].status = 'Unknown';
      n.status.conditions[0].reason = 'NodeStatusUnknown';
      n.spec.unschedulable = true;
    });
    expect(lines('Node', node, after)).toEqual([
      'unschedulable false → true',
      'Ready True → Unknown (NodeStatusUnknown)',
    ]);
  });

  it('says a pod crashing: readiness, restarts and state; ContainersReady folded into Ready', () => {
    const after = edited(pod, (p) => {
      p.status.conditions[0].status = 'False';
      p.status.conditions[0].reason = 'ContainersNotReady';
      p.status.conditions[1].status = 'False';
      p.status.containerStatuses[0].restartCount = 4;
      p.status.containerStatuses[0].state = { waiting: { reason: 'CrashLoopBackOff' } };
    });
    expect(lines('Pod', pod, after)).toEqual([
      'Ready True → False (ContainersNotReady)',
      'restarts 0 → 4',
      'state Running → CrashLoopBackOff',
    ]);
  });

  it('names the container when a pod has several', () => {
    const two = edited(pod, (p) => p.spec.containers.push({ name: 'proxy', image: 'envoy:1' }));
    const after = edited(two, (p) => (p.spec.containers[1].image = 'envoy:2'));
    expect(lines('Pod', two, after)).toEqual(['image[proxy] envoy:1 → envoy:2']);
  });

  it('lists labels and annotations per key, without kubectl last-applied or leader renewals', () => {
    const after = edited(deployment, (d) => {
      d.metadata.labels.team = 'payments';
      d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = '{}';
      d.metadata.annotations['control-plane.alpha.kubernetes.io/leader'] = '{"holder":"x"}';
      d.metadata.annotations.note = 'x'.repeat(200);
    });
    const out = lines('Deployment', deployment, after);
    expect(out[0]).toBe('label team ∅ → payments');
    expect(out[1]).toMatch(/^annotation note ∅ → x{79}…$/);
    expect(out).toHaveLength(2);
  });

  it('diffs the spec of kinds without rules leaf by leaf, and caps a record', () => {
    const np: KubeObject = {
      kind: 'NetworkPolicy',
      metadata: { name: 'np', uid: 'x' },
      spec: { podSelector: {} },
    };
    const wide = edited(np, (n) => {
      n.spec.ingress = Array.from({ length: 30 }, (_, i) => ({ ports: [{ port: 1000 + i }] }));
    });
    const out = lines('NetworkPolicy', np, wide);
    expect(out).toHaveLength(MAX_CHANGES);
    expect(out[0]).toBe('spec.ingress[0].ports[0].port ∅ → 1000');
    expect(out.at(-1)).toBe('… 11 more field(s)');
  });

  it('says nothing of a ConfigMap from its metadata alone but type and immutable', () => {
    const cm: KubeObject = { kind: 'ConfigMap', metadata: { name: 'c', uid: 'c1', resourceVersion: '1' } };
    expect(
      lines(
        'ConfigMap',
        cm,
        edited(cm, () => undefined),
      ),
    ).toEqual([]);
    expect(
      lines(
        'ConfigMap',
        cm,
        edited(cm, (c) => (c.immutable = true)),
      ),
    ).toEqual(['immutable ∅ → true']);
  });
});

describe(describeCreated.name, () => {
  it('gives images and replicas of a new workload, images of a new pod', () => {
    expect(describeCreated('Deployment', deployment).map(renderChange)).toEqual([
      'replicas ∅ → 3',
      'image ∅ → web:1.4',
    ]);
    expect(describeCreated('Pod', pod).map(renderChange)).toEqual(['image ∅ → web:1.4']);
    expect(describeCreated('Node', node)).toEqual([]);
  });
});
