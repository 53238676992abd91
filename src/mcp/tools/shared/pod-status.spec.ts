import { type Pod, podReady, podRestarts, podStatus } from './pod-status.js';

const pod = (status: Pod['status'], extra: Partial<Pod> = {}): Pod => ({
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'app' }] },
  status,
  ...extra,
});

describe('pod-status', () => {
  it('shows the phase for a healthy running pod', () => {
    const sut = pod({
      phase: 'Running',
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
    });
    expect(podStatus(sut)).toBe('Running');
    expect(podReady(sut)).toBe('1/1');
  });

  it('shows the waiting reason of a crash-looping container, and counts restarts', () => {
    const sut = pod({
      phase: 'Running',
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } } },
      ],
    });
    expect(podStatus(sut)).toBe('CrashLoopBackOff');
    expect(podRestarts(sut)).toBe(7);
    expect(podReady(sut)).toBe('0/1');
  });

  it('shows the terminated reason (OOMKilled) and exit codes without a reason', () => {
    expect(
      podStatus(
        pod({
          phase: 'Running',
          containerStatuses: [{ name: 'app', state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }],
        }),
      ),
    ).toBe('OOMKilled');
    expect(
      podStatus(
        pod({
          phase: 'Failed',
          containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 2 } } }],
        }),
      ),
    ).toBe('ExitCode:2');
  });

  it('shows init container progress and failures', () => {
    const base = { spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'a' }, { name: 'b' }] } };
    expect(
      podStatus(
        pod(
          {
            phase: 'Pending',
            initContainerStatuses: [
              { name: 'a', state: { terminated: { exitCode: 0 } } },
              { name: 'b', state: { running: {} } },
            ],
          },
          base,
        ),
      ),
    ).toBe('Init:1/2');
    expect(
      podStatus(
        pod(
          {
            phase: 'Pending',
            initContainerStatuses: [{ name: 'a', state: { waiting: { reason: 'ImagePullBackOff' } } }],
          },
          base,
        ),
      ),
    ).toBe('Init:ImagePullBackOff');
  });

  it('shows Terminating for a pod being deleted, and the pod reason (Evicted) over the phase', () => {
    expect(
      podStatus(
        pod({ phase: 'Running' }, { metadata: { name: 'p', deletionTimestamp: '2026-01-01T00:00:00Z' } }),
      ),
    ).toBe('Terminating');
    expect(podStatus(pod({ phase: 'Failed', reason: 'Evicted' }))).toBe('Evicted');
  });
});
