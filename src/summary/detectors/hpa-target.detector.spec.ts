import { aWorkload, anObject, runDetector } from '../../../test/factories/cluster-objects.js';
import { hpaTargetDetector as sut } from './hpa-target.detector.js';

describe('hpaTargetDetector', () => {
  it('reports a scale target that does not exist', () => {
    const objects = [
      anObject('HorizontalPodAutoscaler', 'a', {
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'gone' } },
      }),
      anObject('HorizontalPodAutoscaler', 'b', {
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' } },
      }),
      aWorkload('Deployment', 'web'),
    ];
    expect(runDetector(sut, objects)).toEqual([
      expect.objectContaining({
        name: 'a',
        reason: 'TargetMissing',
        message: 'scale target Deployment gone not found',
      }),
    ]);
  });
});
