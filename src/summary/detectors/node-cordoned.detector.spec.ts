import { aNode, aPod, ago, runDetector } from '../../../test/factories/cluster-objects.js';
import { nodeCordonedDetector as sut } from './node-cordoned.detector.js';

describe('nodeCordonedDetector', () => {
  it('reports cordoned nodes as info with the pods still on them', () => {
    expect(
      runDetector(sut, [aNode('n1', { unschedulable: true }), aNode('n2'), aPod('p', { node: 'n1' })]),
    ).toEqual([
      expect.objectContaining({
        name: 'n1',
        severity: 'info',
        reason: 'Cordoned',
        since: ago(600),
        message: 'unschedulable; 1 pods still on it',
      }),
    ]);
  });
});
