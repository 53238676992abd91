import { aPod, runDetector } from '../../../test/factories/cluster-objects.js';
import { podFailedDetector as sut } from './pod-failed.detector.js';

describe('podFailedDetector', () => {
  it('reports an evicted pod with the eviction message', () => {
    const pod = aPod('ev', {
      phase: 'Failed',
      reason: 'Evicted',
      message: 'The node was low on resource: memory.',
    });
    expect(runDetector(sut, [pod])).toEqual([
      expect.objectContaining({ reason: 'Evicted', message: 'The node was low on resource: memory.' }),
    ]);
  });

  it('reports other failed pods, but not those of a Job', () => {
    const failed = aPod('f', {
      phase: 'Failed',
      containers: [{ terminated: { reason: 'Error', exitCode: 1 } }],
    });
    const jobPod = aPod('j', { phase: 'Failed', ownerKind: 'Job' });
    expect(runDetector(sut, [failed, jobPod]).map((f) => f.name)).toEqual(['f']);
  });
});
