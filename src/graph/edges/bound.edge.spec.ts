import { anObject, lookupOf } from '../../../test/factories/graph-objects.js';
import { boundRule as sut } from './bound.edge.js';

describe('boundRule', () => {
  it('PVC → its PersistentVolume once bound; none while Pending', () => {
    const bound = anObject(
      'PersistentVolumeClaim',
      'data-db-0',
      { namespace: 'data' },
      { spec: { volumeName: 'demo-pv-0', storageClassName: 'demo-local' }, status: { phase: 'Bound' } },
    );
    expect(sut.derive(bound, 'PersistentVolumeClaim', lookupOf([]))[0]!.to).toEqual({
      kind: 'PersistentVolume',
      name: 'demo-pv-0',
    });
    const pending = anObject(
      'PersistentVolumeClaim',
      'x',
      { namespace: 'data' },
      { spec: {}, status: { phase: 'Pending' } },
    );
    expect(sut.derive(pending, 'PersistentVolumeClaim', lookupOf([]))).toEqual([]);
  });
});
