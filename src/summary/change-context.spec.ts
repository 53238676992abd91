import type { KubeObject } from '../k8s/kube-object.js';
import { ChangeJournal } from '../timeline/change-journal.js';
import type { ChangeRecord } from '../timeline/change-record.js';
import {
  aNode,
  aPod,
  aWorkload,
  anObject,
  ago,
  NOW,
  snapshotOf,
} from '../../test/factories/cluster-objects.js';
import { changesAround, withChangeContext } from './change-context.js';
import { summaryAnswer } from '../../test/factories/summary-text.js';
import { detectAnomalies } from './summary-builder.js';

/** The crash began 10 min before NOW (its last termination). */
const CRASH_AT = NOW - 600_000;
const min = 60_000;

function ownedBy<T extends KubeObject>(obj: T, kind: string, name: string): T {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: `${name}-uid`, controller: true }],
    },
  };
}

function cluster(): KubeObject[] {
  const crash = {
    restartCount: 6,
    waiting: { reason: 'CrashLoopBackOff' },
    lastTerminated: { reason: 'Error', exitCode: 1, message: 'panic: bad config', finishedAt: ago(600) },
  };
  const pod = aPod('payment-1', {
    namespace: 'shop',
    labels: { app: 'payment' },
    containers: [crash],
    volumes: [{ name: 'config', configMap: { name: 'payment-config' } }],
  });
  return [
    aNode('node-1'),
    aNode('node-2'),
    anObject('Namespace', 'shop', {}, { clusterScoped: true }),
    aWorkload('Deployment', 'payment', { namespace: 'shop', replicas: 1, ready: 0, available: 0 }),
    ownedBy(
      aWorkload('ReplicaSet', 'payment-7d9f', { namespace: 'shop', replicas: 1, appLabel: 'payment' }),
      'Deployment',
      'payment',
    ),
    ownedBy(pod, 'ReplicaSet', 'payment-7d9f'),
    anObject('ConfigMap', 'payment-config', {}, { namespace: 'shop' }),
    anObject('ConfigMap', 'unrelated', {}, { namespace: 'shop' }),
  ];
}

type Change = Omit<ChangeRecord, 'seq'>;
const rec = (
  kind: string,
  name: string,
  time: number,
  changes: Change['changes'],
  o: Partial<Change> = {},
): Change => ({
  op: 'updated',
  kind,
  namespace: kind === 'Node' ? undefined : 'shop',
  name,
  time,
  changes,
  ...o,
});

function journalOf(records: Change[]): ChangeJournal {
  const j = new ChangeJournal({ maxAgeMs: 6 * 3_600_000, maxBytes: 1e9 }, () => NOW, NOW - 3 * 3_600_000);
  for (const r of [...records].sort((a, b) => a.time - b.time)) j.append(r);
  return j;
}

const image = [{ field: 'image', from: 'pay:1.4', to: 'pay:1.5' }];
const data = [{ field: 'data changed', note: 'keys settings.yaml (values not shown)' }];

describe('changed shortly before (change-context)', () => {
  const snapshot = snapshotOf(cluster());

  it("names the Deployment's rollout and the mounted ConfigMap's edit before a crash, newest first, at most two", () => {
    const journal = journalOf([
      rec('Deployment', 'payment', CRASH_AT - 3 * min, image, { manager: 'kubectl-set' }),
      rec('ConfigMap', 'payment-config', CRASH_AT - 1 * min, data, { manager: 'kubectl-edit' }),
      // Older than the newest two: left out.
      rec('Node', 'node-1', CRASH_AT - 5 * min, [
        { field: 'Ready', from: 'True', to: 'False (KubeletNotReady)' },
      ]),
    ]);
    const [crash] = withChangeContext(detectAnomalies({ snapshot }), snapshot, journal);
    expect(crash).toMatchObject({ kind: 'Pod', name: 'payment-1', reason: 'CrashLoopBackOff' });
    expect(crash!.changedBefore).toEqual([
      'ConfigMap shop/payment-config data changed: keys settings.yaml (values not shown) by kubectl-edit (60 s before)',
      'Deployment shop/payment image pay:1.4 → pay:1.5 by kubectl-set (3 min before)',
    ]);
  });

  it('leaves out what is unrelated, too old, after the start, a pod state line or a workload status line', () => {
    const journal = journalOf([
      rec('ConfigMap', 'unrelated', CRASH_AT - 1 * min, data),
      rec('Deployment', 'payment', CRASH_AT - 45 * min, image),
      rec('Deployment', 'payment', CRASH_AT + 2 * min, [{ field: 'replicas', from: '1', to: '2' }]),
      rec('Pod', 'payment-1', CRASH_AT - 1 * min, [{ field: 'state', from: 'Running', to: 'Error' }]),
      rec('Deployment', 'payment', CRASH_AT - 30_000, [
        { field: 'ready', from: '1', to: '0' },
        { field: 'Available', from: 'True', to: 'False (MinimumReplicasUnavailable)' },
      ]),
      // Another namespace's object of the same name.
      rec('ConfigMap', 'payment-config', CRASH_AT - 1 * min, data, { namespace: 'other' }),
      // A node the pod does not run on.
      rec('Node', 'node-2', CRASH_AT - 1 * min, [{ field: 'Ready', from: 'True', to: 'False' }]),
    ]);
    const findings = withChangeContext(detectAnomalies({ snapshot }), snapshot, journal);
    expect(findings.flatMap((f) => f.changedBefore ?? [])).toEqual([]);
  });

  it('joins the node a pod runs on', () => {
    const journal = journalOf([
      rec('Node', 'node-1', CRASH_AT - 2 * min, [
        { field: 'Ready', from: 'True', to: 'False (KubeletNotReady)' },
      ]),
    ]);
    const [crash] = withChangeContext(detectAnomalies({ snapshot }), snapshot, journal);
    expect(crash!.changedBefore).toEqual(['Node node-1 Ready True → False (KubeletNotReady) (2 min before)']);
  });

  it('is a shortenable part of the summary: shown in full, dropped before the finding itself is cut', () => {
    const journal = journalOf([rec('Deployment', 'payment', CRASH_AT - 3 * min, image)]);
    const input = { snapshot, changes: journal };
    const full = summaryAnswer(input, { type: 'anomalies', maxBytes: 20_000, includeAnomalies: true });
    expect(full.text).toContain(
      '  changed shortly before: Deployment shop/payment image pay:1.4 → pay:1.5 (3 min before)',
    );
    expect(full.structured.sections).toMatchObject({
      anomalies: {
        items: [expect.objectContaining({ changedBefore: [expect.stringContaining('pay:1.5')] })],
      },
    });
    // A budget too small for the context line still names the crash with its decisive words.
    const small = summaryAnswer(input, { type: 'anomalies', maxBytes: 700, includeAnomalies: true });
    expect(small.text).toContain('Pod shop/payment-1');
    expect(small.text).toContain('CrashLoopBackOff');
    expect(small.text).not.toContain('changed shortly before');
    expect(small.rendered.bytes).toBeLessThanOrEqual(700);
    // Without a journal nothing changes.
    expect(
      summaryAnswer({ snapshot }, { type: 'anomalies', maxBytes: 20_000, includeAnomalies: true }).text,
    ).not.toContain('changed shortly before');
  });

  it('lists the changes around a workload for diagnose-workload, newest first', () => {
    const journal = journalOf([
      rec('Deployment', 'payment', NOW - 20 * min, image),
      rec('ConfigMap', 'payment-config', NOW - 5 * min, data),
      rec('ConfigMap', 'unrelated', NOW - 4 * min, data),
      rec('Deployment', 'payment', NOW - 90 * min, [{ field: 'replicas', from: '3', to: '1' }]),
    ]);
    expect(
      changesAround({ kind: 'Deployment', namespace: 'shop', name: 'payment' }, snapshot, journal, 60 * min),
    ).toEqual([
      '- 11:55:00Z ConfigMap shop/payment-config data changed: keys settings.yaml (values not shown) (5 min ago)',
      '- 11:40:00Z Deployment shop/payment image pay:1.4 → pay:1.5 (20 min ago)',
    ]);
  });
});
