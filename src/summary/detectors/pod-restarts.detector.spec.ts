import { aPod, ago, runDetector } from '../../../test/factories/cluster-objects.js';
import { podRestartsDetector as sut } from './pod-restarts.detector.js';

describe('podRestartsDetector', () => {
  it('reports high restart counts as warning', () => {
    const pod = aPod('p', {
      containers: [
        {
          ready: true,
          restartCount: 12,
          lastTerminated: { reason: 'Error', exitCode: 2, finishedAt: ago(7200) },
        },
      ],
    });
    expect(runDetector(sut, [pod])).toEqual([
      expect.objectContaining({ severity: 'warning', reason: 'HighRestarts', count: 12 }),
    ]);
  });

  it('reports a recent restart below the threshold as rising (info)', () => {
    const pod = aPod('p', {
      containers: [
        {
          ready: true,
          restartCount: 1,
          lastTerminated: { reason: 'Error', exitCode: 1, finishedAt: ago(60) },
        },
      ],
    });
    expect(runDetector(sut, [pod])).toEqual([
      expect.objectContaining({ severity: 'info', reason: 'RecentRestart', count: 1 }),
    ]);
  });

  it('ignores old, few restarts and OOM kills (the OOM detector reports those)', () => {
    const old = aPod('old', {
      containers: [
        { ready: true, restartCount: 2, lastTerminated: { reason: 'Error', finishedAt: ago(7200) } },
      ],
    });
    const oom = aPod('oom', {
      containers: [
        { ready: true, restartCount: 9, lastTerminated: { reason: 'OOMKilled', finishedAt: ago(60) } },
      ],
    });
    expect(runDetector(sut, [old, oom])).toEqual([]);
  });
});
