import { aNode, runDetector } from '../../../test/factories/cluster-objects.js';
import { nodeNetworkDetector as sut } from './node-network.detector.js';

describe('nodeNetworkDetector', () => {
  it('reports NetworkUnavailable=True as critical', () => {
    const node = aNode('n1', {
      conditions: [
        {
          type: 'NetworkUnavailable',
          status: 'True',
          reason: 'NoRouteCreated',
          message: 'route not created',
        },
      ],
    });
    expect(
      runDetector(sut, [
        node,
        aNode('n2', { conditions: [{ type: 'NetworkUnavailable', status: 'False' }] }),
      ]),
    ).toEqual([
      expect.objectContaining({
        name: 'n1',
        severity: 'critical',
        reason: 'NetworkUnavailable',
        message: 'route not created',
      }),
    ]);
  });
});
