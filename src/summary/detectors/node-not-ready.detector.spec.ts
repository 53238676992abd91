import { aNode, aPod, ago, runDetector } from '../../../test/factories/cluster-objects.js';
import { nodeNotReadyDetector as sut } from './node-not-ready.detector.js';

describe('nodeNotReadyDetector', () => {
  it('reports NotReady and Unknown nodes with the pods on them', () => {
    const findings = runDetector(sut, [
      aNode('n1', { ready: 'False', since: ago(300) }),
      aNode('n2', { ready: 'Unknown' }),
      aNode('ok'),
      aPod('p', { node: 'n1' }),
    ]);
    expect(findings).toEqual([
      expect.objectContaining({
        name: 'n1',
        severity: 'critical',
        reason: 'NotReady',
        count: 1,
        since: ago(300),
        message: 'container runtime network not ready',
      }),
      expect.objectContaining({
        name: 'n2',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      }),
    ]);
  });
});
