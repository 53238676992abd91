import { aPod, ago, runDetector } from '../../../test/factories/cluster-objects.js';
import { podNotReadyDetector as sut } from './pod-not-ready.detector.js';

describe('podNotReadyDetector', () => {
  it('reports a Running pod not ready for longer than the threshold', () => {
    const pod = aPod('web', { containers: [{ ready: false, running: true }], readySince: ago(600) });
    expect(runDetector(sut, [pod])).toEqual([
      expect.objectContaining({ reason: 'NotReady', since: ago(600) }),
    ]);
  });

  it('ignores ready pods and fresh transitions', () => {
    expect(
      runDetector(sut, [aPod('ok'), aPod('new', { containers: [{ ready: false }], readySince: ago(10) })]),
    ).toEqual([]);
  });
});
