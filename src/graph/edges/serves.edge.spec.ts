import { anObject, lookupOf } from '../../../test/factories/graph-objects.js';
import { servesRule as sut } from './serves.edge.js';

describe('servesRule', () => {
  it('EndpointSlice → the pods its endpoints target, ready or not', () => {
    const slice = anObject(
      'EndpointSlice',
      'frontend-x7',
      { namespace: 'shop' },
      {
        addressType: 'IPv4',
        endpoints: [
          {
            addresses: ['10.0.0.5'],
            conditions: { ready: true },
            targetRef: { kind: 'Pod', namespace: 'shop', name: 'frontend-a' },
          },
          {
            addresses: ['10.0.0.6'],
            conditions: { ready: false },
            targetRef: { kind: 'Pod', name: 'frontend-b' },
          },
          { addresses: ['10.0.0.9'] },
        ],
      },
    );
    expect(
      sut.derive(slice, 'EndpointSlice', lookupOf([])).map((e) => `${e.to.namespace}/${e.to.name}`),
    ).toEqual(['shop/frontend-a', 'shop/frontend-b']);
  });
});
