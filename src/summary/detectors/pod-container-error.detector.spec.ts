import { aPod, runDetector } from '../../../test/factories/cluster-objects.js';
import { podContainerErrorDetector as sut } from './pod-container-error.detector.js';

describe('podContainerErrorDetector', () => {
  it.each(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError'])(
    'reports %s with the kubelet message',
    (reason) => {
      const pod = aPod('api-1', {
        containers: [{ name: 'api', waiting: { reason, message: 'secret "db" not found' } }],
      });
      const [f] = runDetector(sut, [pod]);
      expect(f).toMatchObject({
        severity: 'critical',
        name: 'api-1',
        reason,
        message: 'container api: secret "db" not found',
      });
    },
  );

  it('ignores running containers', () => {
    expect(runDetector(sut, [aPod('ok')])).toEqual([]);
  });
});
