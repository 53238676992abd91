import type { KubeObject } from '../k8s/kube-object.js';
import {
  aNode,
  aPod,
  aService,
  aWorkload,
  anEndpointSlice,
  anObject,
  ago,
  snapshotOf,
} from '../../test/factories/cluster-objects.js';
import { summaryAnswer } from '../../test/factories/summary-text.js';
import { detectAnomalies } from './summary-builder.js';

/** The object with a controller owner reference. */
function ownedBy<T extends KubeObject>(obj: T, kind: string, name: string): T {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: `${name}-uid`, controller: true }],
    },
  };
}

/** A Deployment with its ReplicaSet and pods (each pod sketched by `pod`). */
function deployment(ns: string, name: string, pods: KubeObject[], available = 0): KubeObject[] {
  const rs = `${name}-7d9f`;
  return [
    aWorkload('Deployment', name, { namespace: ns, replicas: pods.length, ready: available, available }),
    ownedBy(
      aWorkload('ReplicaSet', rs, {
        namespace: ns,
        replicas: pods.length,
        ready: available,
        available,
        appLabel: name,
      }),
      'Deployment',
      name,
    ),
    ...pods.map((p) => ownedBy(p, 'ReplicaSet', rs)),
  ];
}

const ingress = (ns: string, name: string, service: string) =>
  anObject(
    'Ingress',
    name,
    { spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: service } } }] } }] } },
    { namespace: ns },
  );

const unschedulable = (message: string, since = ago(5)) => [
  { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: since },
];

function faults(): KubeObject[] {
  const crash = {
    restartCount: 6,
    waiting: { reason: 'CrashLoopBackOff' },
    lastTerminated: {
      reason: 'Error',
      exitCode: 1,
      message: 'panic: DATABASE_URL is not set',
      finishedAt: ago(20),
    },
  };
  return [
    aNode('node-1'),
    {
      ...aNode('node-2'),
      spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
    },
    ...['shop', 'ops'].map((ns) => anObject('Namespace', ns, {}, { clusterScoped: true })),
    // A crash behind a Service behind an Ingress: one entry, the crash first.
    ...deployment('shop', 'payment', [
      aPod('payment-1', { namespace: 'shop', labels: { app: 'payment' }, containers: [crash] }),
      aPod('payment-2', { namespace: 'shop', labels: { app: 'payment' }, containers: [crash] }),
    ]),
    aService('payment', { namespace: 'shop' }),
    anEndpointSlice('payment', { namespace: 'shop', notReady: 2 }),
    ingress('shop', 'storefront', 'payment'),
    // Unschedulable for 5 s only (under the detector's 30 s): the Deployment is down already.
    ...deployment('ops', 'gpu-trainer', [
      {
        ...aPod('gpu-trainer-1', {
          namespace: 'ops',
          labels: { app: 'gpu-trainer' },
          phase: 'Pending',
          node: null,
          conditions: unschedulable(
            "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.",
          ),
        }),
        spec: {
          containers: [{ name: 'app', image: 'trainer:1' }],
          nodeSelector: { accelerator: 'nvidia-a100' },
        },
      } as KubeObject,
    ]),
    // A healthy Deployment that its Service's selector misses: the Service is down.
    aWorkload('Deployment', 'inventory', { namespace: 'shop' }),
    aPod('inventory-1', { namespace: 'shop', labels: { app: 'inventory' } }),
    aService('inventory', { namespace: 'shop', selector: { app: 'inventory-api' } }),
    ingress('shop', 'inventory', 'inventory'),
  ];
}

describe('root causes', () => {
  const snapshot = snapshotOf(faults());
  const findings = detectAnomalies({ snapshot });
  const entry = (kind: string, name: string) => findings.find((f) => f.kind === kind && f.name === name);

  it('makes a crash one finding, first, with what it takes down along the relations', () => {
    const crash = entry('Pod', 'payment-1')!;
    expect(crash).toMatchObject({ severity: 'critical', reason: 'CrashLoopBackOff', alike: ['payment-2'] });
    expect(crash.message).toContain('panic: DATABASE_URL is not set');
    expect(crash.takesDown!.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'ReplicaSet/payment-7d9f',
      'Deployment/payment',
      'Service/payment',
      'Ingress/storefront',
    ]);
    // The symptoms are listed under the cause, not ranked of their own.
    expect(entry('Deployment', 'payment')).toBeUndefined();
    expect(entry('Service', 'payment')).toBeUndefined();
    expect(entry('Pod', 'payment-2')).toBeUndefined();
    expect(crash.explains!.map((f) => `${f.kind}/${f.name}:${f.reason}`)).toEqual(
      expect.arrayContaining(['Deployment/payment:Unavailable', 'Service/payment:NoReadyEndpoints']),
    );
    expect(findings[0]).toBe(crash);
    expect(crash.blastRadius).toBe(6);
  });

  it('explains an unavailable Deployment by its unschedulable pod at once, naming the missing label', () => {
    const pod = entry('Pod', 'gpu-trainer-1')!;
    expect(pod).toMatchObject({ reason: 'Unschedulable', severity: 'critical' });
    expect(pod.message).toMatch(/^no node has label accelerator=nvidia-a100/);
    expect(entry('Deployment', 'gpu-trainer')).toBeUndefined();
    expect(pod.hint).toContainEqual(
      expect.objectContaining({
        call: { tool: 'k8s-describe-pod', args: { namespace: 'ops', name: 'gpu-trainer-1' } },
      }),
    );
  });

  it('ranks a Service whose selector matches nothing as a cause, with the Ingress it takes down', () => {
    const svc = entry('Service', 'inventory')!;
    expect(svc).toMatchObject({ reason: 'SelectorMatchesNothing', severity: 'critical' });
    expect(svc.takesDown!.map((o) => `${o.kind}/${o.name}`)).toEqual(['Ingress/inventory']);
  });

  it('never ranks a symptom before its cause, and explains [affects N] in the text', () => {
    const text = summaryAnswer(
      { snapshot },
      { type: 'anomalies', maxBytes: 8192, includeAnomalies: true },
    ).text;
    expect(text).toContain('[affects N] = objects it takes down');
    expect(text).toContain(
      '  takes down: ReplicaSet shop/payment-7d9f (0/2 available) → Deployment shop/payment (0/2 available) → Service shop/payment (0/2 endpoints ready) → Ingress shop/storefront',
    );
    expect(text.indexOf('Pod shop/payment-1')).toBeLessThan(text.indexOf('Service shop/inventory'));
  });
});
