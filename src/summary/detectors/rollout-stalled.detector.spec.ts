import { aWorkload, runDetector } from '../../../test/factories/cluster-objects.js';
import { rolloutStalledDetector as sut } from './rollout-stalled.detector.js';

describe('rolloutStalledDetector', () => {
  it('reports ProgressDeadlineExceeded with the controller message', () => {
    const d = aWorkload('Deployment', 'web', {
      conditions: [
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "web-2" has timed out progressing.',
        },
      ],
    });
    const ok = aWorkload('Deployment', 'ok', {
      conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }],
    });
    expect(runDetector(sut, [d, ok])).toEqual([
      expect.objectContaining({
        name: 'web',
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "web-2" has timed out progressing.',
      }),
    ]);
  });
});
