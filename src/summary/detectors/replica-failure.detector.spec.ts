import { aWorkload, runDetector } from '../../../test/factories/cluster-objects.js';
import { replicaFailureDetector as sut } from './replica-failure.detector.js';

describe('replicaFailureDetector', () => {
  it('reports ReplicaFailure on a Deployment with the quota message', () => {
    const d = aWorkload('Deployment', 'web', {
      conditions: [
        {
          type: 'ReplicaFailure',
          status: 'True',
          reason: 'FailedCreate',
          message: 'pods "web-1" is forbidden: exceeded quota',
        },
      ],
    });
    expect(runDetector(sut, [d])).toEqual([
      expect.objectContaining({
        severity: 'critical',
        reason: 'FailedCreate',
        message: 'pods "web-1" is forbidden: exceeded quota',
      }),
    ]);
  });

  it('reports an owned ReplicaSet through its Deployment only', () => {
    const rs = aWorkload('ReplicaSet', 'web-1', {
      ownerKind: 'Deployment',
      conditions: [{ type: 'ReplicaFailure', status: 'True' }],
    });
    expect(runDetector(sut, [rs])).toEqual([]);
  });
});
