import { anObject, runDetector } from '../../../test/factories/cluster-objects.js';
import { pdbDisruptionsDetector as sut } from './pdb-disruptions.detector.js';

describe('pdbDisruptionsDetector', () => {
  it('reports a budget that allows no disruption', () => {
    const pdb = anObject('PodDisruptionBudget', 'db', {
      status: {
        disruptionsAllowed: 0,
        currentHealthy: 2,
        desiredHealthy: 2,
        expectedPods: 2,
        conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' }],
      },
    });
    const ok = anObject('PodDisruptionBudget', 'web', {
      status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 },
    });
    expect(runDetector(sut, [pdb, ok])).toEqual([
      expect.objectContaining({
        name: 'db',
        reason: 'InsufficientPods',
        message: '0 disruptions allowed: 2 healthy of 2 expected, 2 required',
      }),
    ]);
  });
});
