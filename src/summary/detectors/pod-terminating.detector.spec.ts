import { aPod, ago, runDetector } from '../../../test/factories/cluster-objects.js';
import { podTerminatingDetector as sut } from './pod-terminating.detector.js';

describe('podTerminatingDetector', () => {
  it('reports a pod Terminating long past its grace period', () => {
    const [f] = runDetector(sut, [aPod('stuck', { deletionTimestamp: ago(1800) })]);
    expect(f).toMatchObject({ reason: 'StuckTerminating', since: ago(1800) });
    expect(f!.message).toContain('30 min past its grace period');
  });

  it('ignores a pod that is still within the allowance', () => {
    expect(runDetector(sut, [aPod('leaving', { deletionTimestamp: ago(30) })])).toEqual([]);
  });
});
