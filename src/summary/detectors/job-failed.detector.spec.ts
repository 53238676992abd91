import { anObject, ago, runDetector } from '../../../test/factories/cluster-objects.js';
import { jobFailedDetector as sut } from './job-failed.detector.js';

describe('jobFailedDetector', () => {
  it('reports BackoffLimitExceeded with the failed pod count', () => {
    const job = anObject('Job', 'migrate', {
      spec: { backoffLimit: 2 },
      status: {
        failed: 3,
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
            lastTransitionTime: ago(100),
          },
        ],
      },
    });
    const ok = anObject('Job', 'ok', {
      status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] },
    });
    const [f, ...rest] = runDetector(sut, [job, ok]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ reason: 'BackoffLimitExceeded', count: 3, since: ago(100) });
    expect(f!.message).toBe('Job has reached the specified backoff limit; 3 failed pods, backoffLimit 2');
  });
});
