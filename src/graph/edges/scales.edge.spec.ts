import { anObject, lookupOf } from '../../../test/factories/graph-objects.js';
import { scalesRule as sut } from './scales.edge.js';

describe('scalesRule', () => {
  it('HorizontalPodAutoscaler → its scale target in its namespace', () => {
    const hpa = anObject(
      'HorizontalPodAutoscaler',
      'frontend',
      { namespace: 'shop' },
      {
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'frontend' },
          minReplicas: 2,
          maxReplicas: 5,
        },
      },
    );
    expect(sut.derive(hpa, 'HorizontalPodAutoscaler', lookupOf([]))[0]!.to).toEqual({
      kind: 'Deployment',
      namespace: 'shop',
      name: 'frontend',
    });
  });
});
