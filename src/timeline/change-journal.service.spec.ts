import type { AppConfig } from '../config/app-config.js';
import type { KubeObject } from '../k8s/kube-object.js';
import { Informer } from '../sync/informer.js';
import type { InformerRegistry } from '../sync/informer-registry.js';
import { WATCHED_KINDS } from '../sync/watched-kinds.js';
import { ChangeJournalService, dataChanges } from './change-journal.service.js';
import { renderChange } from './change-record.js';

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
