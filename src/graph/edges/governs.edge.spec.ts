import { anObject, lookupOf } from '../../../test/factories/graph-objects.js';
import { governsRule as sut } from './governs.edge.js';

describe('governsRule', () => {
  it('StatefulSet → its governing Service', () => {
    const sts = anObject(
      'StatefulSet',
      'db',
      { namespace: 'data' },
      { spec: { serviceName: 'db-headless', replicas: 1 } },
    );
    expect(sut.derive(sts, 'StatefulSet', lookupOf([]))).toEqual([
      {
        type: 'governs',
        from: { kind: 'StatefulSet', namespace: 'data', name: 'db' },
        to: { kind: 'Service', namespace: 'data', name: 'db-headless' },
      },
    ]);
  });
});
