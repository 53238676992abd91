import { anObject, aShopPod, lookupOf } from '../../../test/factories/graph-objects.js';
import { ownsRule as sut } from './owns.edge.js';

describe('ownsRule', () => {
  it('links each owner reference to the owned object, in its namespace', () => {
    const pod = aShopPod();
    expect(sut.derive(pod, 'Pod', lookupOf([]))).toEqual([
      {
        type: 'owns',
        from: { kind: 'ReplicaSet', namespace: 'shop', name: 'frontend-7d9c' },
        to: { kind: 'Pod', namespace: 'shop', name: 'frontend-7d9c-abcde' },
      },
    ]);
  });

  it('covers Service → EndpointSlice and CronJob → Job, and makes nothing without owners', () => {
    const slice = anObject('EndpointSlice', 'frontend-x7', {
      namespace: 'shop',
      owner: { kind: 'Service', name: 'frontend' },
    });
    expect(sut.derive(slice, 'EndpointSlice', lookupOf([]))[0]!.from).toEqual({
      kind: 'Service',
      namespace: 'shop',
      name: 'frontend',
    });
    const job = anObject('Job', 'report-2901', {
      namespace: 'ops',
      owner: { kind: 'CronJob', name: 'report' },
    });
    expect(sut.derive(job, 'Job', lookupOf([]))[0]!.from.kind).toBe('CronJob');
    expect(sut.derive(anObject('ConfigMap', 'c', { namespace: 'shop' }), 'ConfigMap', lookupOf([]))).toEqual(
      [],
    );
  });
});
