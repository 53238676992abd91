import { aPod, ago, runDetector } from '../../../test/factories/cluster-objects.js';
import { podOomKilledDetector as sut } from './pod-oomkilled.detector.js';

describe('podOomKilledDetector', () => {
  it('reports a container restarted after an OOM kill, with the memory limit and restart count', () => {
    const pod = aPod('worker-1', {
      namespace: 'data',
      limits: { memory: '128Mi' },
      containers: [
        {
          name: 'worker',
          ready: true,
          restartCount: 3,
          lastTerminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(20) },
        },
      ],
    });
    const [f] = runDetector(sut, [pod]);
    expect(f).toMatchObject({ severity: 'warning', reason: 'OOMKilled', count: 3, since: ago(20) });
    expect(f!.message).toBe('container worker was OOM-killed (exit code 137; memory limit 128Mi)');
  });

  it('leaves crash-looping pods to the CrashLoopBackOff detector', () => {
    const pod = aPod('w', {
      containers: [{ waiting: { reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'OOMKilled' } }],
    });
    expect(runDetector(sut, [pod])).toEqual([]);
  });
});
