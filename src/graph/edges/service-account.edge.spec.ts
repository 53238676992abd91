import { anObject, aShopPod, lookupOf } from '../../../test/factories/graph-objects.js';
import { serviceAccountRule as sut } from './service-account.edge.js';

describe('serviceAccountRule', () => {
  it('Pod → its ServiceAccount, "default" when none is named', () => {
    expect(sut.derive(aShopPod(), 'Pod', lookupOf([]))[0]!.to).toEqual({
      kind: 'ServiceAccount',
      namespace: 'shop',
      name: 'frontend',
    });
    expect(
      sut.derive(anObject('Pod', 'p', { namespace: 'ops' }, { spec: {} }), 'Pod', lookupOf([]))[0]!.to.name,
    ).toBe('default');
  });
});
