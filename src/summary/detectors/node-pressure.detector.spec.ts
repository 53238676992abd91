import { aNode, runDetector } from '../../../test/factories/cluster-objects.js';
import { nodePressureDetector as sut } from './node-pressure.detector.js';

describe('nodePressureDetector', () => {
  it('reports each pressure condition that is True', () => {
    const node = aNode('n1', {
      conditions: [
        { type: 'MemoryPressure', status: 'True', message: 'kubelet has insufficient memory available' },
        { type: 'DiskPressure', status: 'False' },
        { type: 'PIDPressure', status: 'True', message: 'too many processes' },
      ],
    });
    expect(runDetector(sut, [node]).map((f) => [f.reason, f.message])).toEqual([
      ['MemoryPressure', 'kubelet has insufficient memory available'],
      ['PIDPressure', 'too many processes'],
    ]);
  });
});
