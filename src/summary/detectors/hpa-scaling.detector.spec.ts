import { anObject, runDetector } from '../../../test/factories/cluster-objects.js';
import { hpaScalingDetector as sut } from './hpa-scaling.detector.js';

const hpa = (name: string, conditions: Record<string, unknown>[], current = 2) =>
  anObject('HorizontalPodAutoscaler', name, {
    spec: { minReplicas: 1, maxReplicas: 5, scaleTargetRef: { kind: 'Deployment', name } },
    status: { currentReplicas: current, desiredReplicas: current, conditions },
  });

describe('hpaScalingDetector', () => {
  it('reports an HPA unable to get its metrics', () => {
    const h = hpa('web', [
      { type: 'AbleToScale', status: 'True' },
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetResourceMetric',
        message: 'unable to get metrics for resource cpu',
      },
    ]);
    expect(runDetector(sut, [h])).toEqual([
      expect.objectContaining({
        severity: 'warning',
        reason: 'FailedGetResourceMetric',
        message: 'unable to get metrics for resource cpu',
      }),
    ]);
  });

  it('reports an HPA limited at maxReplicas as info', () => {
    const h = hpa(
      'api',
      [
        { type: 'AbleToScale', status: 'True' },
        { type: 'ScalingActive', status: 'True' },
        {
          type: 'ScalingLimited',
          status: 'True',
          reason: 'TooManyReplicas',
          message: 'the desired replica count is more than the maximum replica count',
        },
      ],
      5,
    );
    expect(runDetector(sut, [h])).toEqual([
      expect.objectContaining({ severity: 'info', reason: 'LimitedAtMax' }),
    ]);
  });

  it('is quiet for a scaling HPA', () => {
    expect(
      runDetector(sut, [
        hpa('ok', [
          { type: 'AbleToScale', status: 'True' },
          { type: 'ScalingActive', status: 'True' },
        ]),
      ]),
    ).toEqual([]);
  });
});
