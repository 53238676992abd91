import { readFileSync } from 'node:fs';
import type { AppConfig } from '../config/app-config.js';
import type { KubeObject } from '../k8s/kube-object.js';
import { Informer } from '../sync/informer.js';
import type { InformerRegistry } from '../sync/informer-registry.js';
import { WATCHED_KINDS } from '../sync/watched-kinds.js';
import { ChangeJournalService, dataChanges } from './change-journal.service.js';
import { renderChange } from './change-record.js';
import { lastManager } from './writer.js';

/** Watch events recorded on the local control plane (test/fixtures/timeline/README.md). */
const recorded = JSON.parse(
  readFileSync(new URL('../../test/fixtures/timeline/same-second-writes.json', import.meta.url), 'utf8'),
) as { rollout: KubeObject[]; nodeNotReady: KubeObject[] };

const config = {
  TIMELINE_ENABLED: true,
  TIMELINE_MAX_AGE: 3600,
  TIMELINE_MEMORY_LIMIT: 8,
} as AppConfig;

/** A Secret as the metadata-only watch sends it: managedFields name the keys, never the values. */
function secret(rv: string, fields: { manager: string; time: string; keys: string[] }[]): KubeObject {
  return {
    apiVersion: 'meta.k8s.io/v1',
    kind: 'PartialObjectMetadata',
    metadata: {
      name: 'db',
      namespace: 'shop',
      uid: 's1',
      resourceVersion: rv,
      managedFields: fields.map((f) => ({
        manager: f.manager,
        operation: 'Update',
        apiVersion: 'v1',
        time: f.time,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { '.': {}, ...Object.fromEntries(f.keys.map((k) => [`f:${k}`, {}])) },
          'f:type': {},
        },
      })),
    },
  };
}

describe(ChangeJournalService.name, () => {
  let informers: Informer[];
  let sut: ChangeJournalService;
  const informer = (kind: string) => informers.find((i) => i.kind.ref.kind === kind)!;
  const records = () => sut.query({ sinceMs: 0, limit: 100 }).records;

  beforeEach(() => {
    // Informers without reflectors count as synced: every change after subscribing is a change.
    informers = WATCHED_KINDS.map((k) => new Informer(k));
    sut = new ChangeJournalService(config, { informers: () => informers } as unknown as InformerRegistry);
    sut.onModuleInit();
  });
  afterEach(() => sut.onModuleDestroy());

  it('records who wrote a change from managedFields before the store trims them', () => {
    const cm = (rv: string, manager: string, time: string): KubeObject => ({
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'shop',
        uid: 'd1',
        resourceVersion: rv,
        managedFields: [
          { manager: 'kubectl-client-side-apply', operation: 'Update', time: '2026-12-05T07:00:00Z' },
          {
            manager,
            operation: 'Update',
            time,
            subresource: manager === 'kube-controller-manager' ? 'status' : undefined,
          },
        ],
      },
      spec: { replicas: rv === '1' ? 3 : 0 },
    });
    informer('Deployment').upsert(cm('1', 'kubectl-client-side-apply', '2026-12-05T07:00:00Z'));
    informer('Deployment').upsert(cm('2', 'kubectl-scale', '2026-12-05T07:05:00Z'));
    expect(informer('Deployment').store.get('shop/web')!.metadata.managedFields).toBeUndefined();
    const [updated, created] = records();
    expect(created).toMatchObject({
      op: 'created',
      kind: 'Deployment',
      manager: 'kubectl-client-side-apply',
    });
    expect(updated).toMatchObject({ op: 'updated', manager: 'kubectl-scale', resourceVersion: '2' });
    expect(updated!.changes.map(renderChange)).toEqual(['replicas 3 → 0']);
  });

  it('folds updates that changed only noise, and does not journal Events or EndpointSlices', () => {
    const node = (rv: string, beat: string): KubeObject => ({
      kind: 'Node',
      metadata: { name: 'n1', uid: 'n1', resourceVersion: rv },
      status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: beat }] },
    });
    informer('Node').upsert(node('1', 'a'));
    informer('Node').upsert(node('2', 'b'));
    informer('Event').upsert({
      kind: 'Event',
      metadata: { name: 'e', namespace: 'shop', uid: 'e', resourceVersion: '1' },
    });
    informer('EndpointSlice').upsert({
      kind: 'EndpointSlice',
      metadata: { name: 's', namespace: 'shop', uid: 's', resourceVersion: '1' },
    });
    expect(records().map((r) => `${r.op} ${r.kind}`)).toEqual(['created Node']);
    expect(sut.stats().foldedAsNoise).toBe(1);
  });

  it('says which Secret keys changed from managedFields, never a value', () => {
    const creator = { manager: 'e2e-create', time: '2026-12-05T07:00:00Z', keys: ['password', 'user'] };
    informer('Secret').upsert(secret('1', [creator]));
    // Another manager rewrote password: the API server moved its ownership.
    informer('Secret').upsert(
      secret('2', [
        { ...creator, keys: ['user'] },
        { manager: 'e2e-editor', time: '2026-12-05T07:05:00Z', keys: ['password', 'token'] },
      ]),
    );
    const [edit] = records();
    expect(edit).toMatchObject({ op: 'updated', kind: 'Secret', manager: 'e2e-editor' });
    expect(edit!.changes.map(renderChange)).toEqual([
      'data keys added: token',
      'data changed: keys password (values not shown)',
    ]);
    // The same writer again: the rv moved and nothing else did.
    informer('Secret').upsert(
      secret('3', [
        { ...creator, keys: ['user'] },
        { manager: 'e2e-editor', time: '2026-12-05T07:06:00Z', keys: ['password', 'token'] },
      ]),
    );
    expect(records()[0]!.changes.map(renderChange)).toEqual([
      'data changed: keys not known (same writer as before; values not shown)',
    ]);
  });

  it('puts a rollout down to its writer though the controller wrote the status in the same second (recorded)', () => {
    const [before, rolled, status] = recorded.rollout.map((o) => structuredClone(o));
    // What flaked: by time alone the rollout was kube-controller-manager's, which sorts after
    // e2e-rollout among the entries of that second.
    expect(lastManager(rolled)).toBe('kube-controller-manager (status)');
    for (const o of [before!, rolled!, status!]) informer('Deployment').upsert(o);
    const updates = records().filter((r) => r.op === 'updated');
    const rollout = updates.find((r) => r.changes.some((c) => c.field === 'image'));
    expect(rollout).toMatchObject({ name: 'web2', manager: 'e2e-rollout', resourceVersion: '1118' });
    expect(rollout!.changes.map(renderChange)).toEqual([
      'image registry.example/web:1.4 → registry.example/web:1.5',
    ]);
    for (const r of updates.filter((u) => u !== rollout))
      expect(r.manager).toBe('kube-controller-manager (status)');
  });

  it('tells apart a label, a Ready condition and a taint written by three managers within one second (recorded)', () => {
    for (const o of recorded.nodeNotReady) informer('Node').upsert(structuredClone(o));
    const byChange = Object.fromEntries(
      records()
        .filter((r) => r.op === 'updated')
        .map((r) => [r.changes.map(renderChange).join('; '), r.manager]),
    );
    expect(byChange).toEqual({
      'label k8s-mcp.test/node-not-ready ∅ → true': 'e2e-chaos',
      'Ready True → False (KubeletNotReady)': 'kwok (status)',
      'taints k8s-mcp.test/dedicated:NoSchedule → k8s-mcp.test/dedicated:NoSchedule,node.kubernetes.io/not-ready:NoSchedule':
        'kube-controller-manager',
    });
    // By time alone the taint was kwok's: kube-controller-manager sorts before it in that second.
    expect(lastManager(recorded.nodeNotReady[3])).toBe('kwok (status)');
  });

  it('takes the initial LIST as the baseline, not as changes', () => {
    const pods = new Informer(WATCHED_KINDS.find((k) => k.ref.kind === 'Pod')!);
    // A reflector that has not synced yet keeps the informer unsynced.
    pods.addReflector({ stats: { synced: false, state: 'healthy' } } as never);
    informers = [pods];
    const journal = new ChangeJournalService(config, {
      informers: () => informers,
    } as unknown as InformerRegistry);
    journal.onModuleInit();
    pods.upsert({ kind: 'Pod', metadata: { name: 'p', namespace: 'shop', uid: 'p', resourceVersion: '1' } });
    expect(journal.query({ sinceMs: 0, limit: 10 }).records).toEqual([]);
    journal.onModuleDestroy();
  });
});

describe(dataChanges.name, () => {
  it('says nothing of the data when labels moved and the keys did not', () => {
    expect(dataChanges('a\tm', 'a\tm', 'm', true)).toEqual([]);
  });
  it('reports removed keys', () => {
    expect(dataChanges('a\tm\nb\tm', 'a\tm', 'm', false).map(renderChange)).toEqual(['data keys removed: b']);
  });
});
