import { aPod, ago, runDetector } from '../../../test/factories/cluster-objects.js';
import { podCrashLoopDetector as sut } from './pod-crashloop.detector.js';

describe('podCrashLoopDetector', () => {
  it('reports a container in CrashLoopBackOff with the last termination reason, exit code and message', () => {
    const pod = aPod('payment-1', {
      namespace: 'shop',
      containers: [
        {
          name: 'payment',
          restartCount: 6,
          waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' },
          lastTerminated: { reason: 'Error', exitCode: 1, message: 'cannot connect', finishedAt: ago(30) },
        },
      ],
    });
    const [f, ...rest] = runDetector(sut, [pod]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      severity: 'critical',
      kind: 'Pod',
      namespace: 'shop',
      name: 'payment-1',
      reason: 'CrashLoopBackOff',
      count: 6,
      since: ago(30),
    });
    expect(f!.message).toBe('container payment: last termination Error (exit code 1): cannot connect');
    // The hint names the call as data; the MCP layer writes it out.
    expect(f!.hint).toContainEqual({
      shows: "read the crashed container's log",
      call: {
        tool: 'k8s-get-logs',
        args: { namespace: 'shop', pod: 'payment-1', container: 'payment', previous: true },
      },
    });
  });

  it('ignores healthy pods and pods being deleted', () => {
    const crashing = { name: 'a', waiting: { reason: 'CrashLoopBackOff' } };
    expect(
      runDetector(sut, [aPod('ok'), aPod('gone', { containers: [crashing], deletionTimestamp: ago(1) })]),
    ).toEqual([]);
  });
});
