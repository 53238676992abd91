import { anObject, lookupOf } from '../../../test/factories/graph-objects.js';
import { storageClassRule as sut } from './storage-class.edge.js';

describe('storageClassRule', () => {
  it('PVC, PV and StatefulSet volumeClaimTemplates → their StorageClass; unset or "" makes none', () => {
    const pvc = anObject(
      'PersistentVolumeClaim',
      'c',
      { namespace: 'data' },
      { spec: { storageClassName: 'demo-local' } },
    );
    const pv = anObject('PersistentVolume', 'demo-pv-0', {}, { spec: { storageClassName: 'demo-local' } });
    const sts = anObject(
      'StatefulSet',
      'db',
      { namespace: 'data' },
      {
        spec: {
          volumeClaimTemplates: [
            { metadata: { name: 'data' }, spec: { storageClassName: 'demo-local' } },
            { metadata: { name: 'x' }, spec: {} },
          ],
        },
      },
    );
    for (const [obj, kind] of [
      [pvc, 'PersistentVolumeClaim'],
      [pv, 'PersistentVolume'],
      [sts, 'StatefulSet'],
    ] as const) {
      expect(sut.derive(obj, kind, lookupOf([])).map((e) => e.to)).toEqual([
        { kind: 'StorageClass', name: 'demo-local' },
      ]);
    }
    const none = anObject(
      'PersistentVolumeClaim',
      'n',
      { namespace: 'data' },
      { spec: { storageClassName: '' } },
    );
    expect(sut.derive(none, 'PersistentVolumeClaim', lookupOf([]))).toEqual([]);
  });
});
