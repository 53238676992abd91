import { aPod, runDetector } from '../../../test/factories/cluster-objects.js';
import { podImagePullDetector as sut } from './pod-image-pull.detector.js';

describe('podImagePullDetector', () => {
  it.each(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName'])(
    'reports %s with the image and the message',
    (reason) => {
      const pod = aPod('rec-1', {
        namespace: 'shop',
        phase: 'Pending',
        containers: [
          { name: 'rec', image: 'registry.invalid/rec:2', waiting: { reason, message: 'not found' } },
        ],
      });
      const [f] = runDetector(sut, [pod]);
      expect(f).toMatchObject({ severity: 'critical', name: 'rec-1', reason });
      expect(f!.message).toBe('container rec image registry.invalid/rec:2: not found');
    },
  );

  it('ignores containers waiting for other reasons', () => {
    expect(
      runDetector(sut, [aPod('p', { containers: [{ waiting: { reason: 'ContainerCreating' } }] })]),
    ).toEqual([]);
  });
});
