import { anObject, aShopPod, lookupOf } from '../../../test/factories/graph-objects.js';
import { runsOnRule as sut } from './runs-on.edge.js';

describe('runsOnRule', () => {
  it('Pod → its Node; an unscheduled pod has none', () => {
    expect(sut.derive(aShopPod(), 'Pod', lookupOf([]))).toEqual([
      {
        type: 'runs-on',
        from: { kind: 'Pod', namespace: 'shop', name: 'frontend-7d9c-abcde' },
        to: { kind: 'Node', name: 'kwok-node-0' },
      },
    ]);
    expect(
      sut.derive(anObject('Pod', 'p', { namespace: 'shop' }, { spec: {} }), 'Pod', lookupOf([])),
    ).toEqual([]);
  });
});
