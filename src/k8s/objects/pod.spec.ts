import { type ContainerStatus, type Pod, podFacts, podReady, podRestarts, podStatus } from './index.js';

/** A container status with the fields the schema requires filled in. */
const cs = (c: Partial<ContainerStatus> & { name: string }): ContainerStatus => ({
  image: 'img',
  imageID: '',
  ready: false,
  restartCount: 0,
  ...c,
});

const pod = (status: Pod['status'], extra: Partial<Pod> = {}): Pod => ({
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'app' }] },
  status,
  ...extra,
});

describe('pod facts (kubectl printPod)', () => {
  it('shows the phase for a healthy running pod', () => {
    const sut = pod({
      phase: 'Running',
      containerStatuses: [cs({ name: 'app', ready: true, restartCount: 0, state: { running: {} } })],
    });
    expect(podStatus(sut)).toBe('Running');
    expect(podReady(sut)).toBe('1/1');
  });

  it('shows the waiting reason of a crash-looping container, and counts restarts', () => {
    const sut = pod({
      phase: 'Running',
      containerStatuses: [
        cs({
          name: 'app',
          ready: false,
          restartCount: 7,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
        }),
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
          containerStatuses: [
            cs({ name: 'app', state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }),
          ],
        }),
      ),
    ).toBe('OOMKilled');
    expect(
      podStatus(
        pod({
          phase: 'Failed',
          containerStatuses: [cs({ name: 'app', state: { terminated: { exitCode: 2 } } })],
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
              cs({ name: 'a', state: { terminated: { exitCode: 0 } } }),
              cs({ name: 'b', state: { running: {} } }),
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
            initContainerStatuses: [cs({ name: 'a', state: { waiting: { reason: 'ImagePullBackOff' } } })],
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

  it('counts a restartable init container (sidecar) in READY and RESTARTS once the pod is initialised', () => {
    const sut = pod(
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          cs({ name: 'once', restartCount: 1, state: { terminated: { exitCode: 0 } } }),
          cs({ name: 'proxy', ready: true, started: true, restartCount: 2, state: { running: {} } }),
        ],
        containerStatuses: [cs({ name: 'app', ready: true, restartCount: 3, state: { running: {} } })],
      },
      {
        spec: {
          containers: [{ name: 'app' }],
          initContainers: [{ name: 'once' }, { name: 'proxy', restartPolicy: 'Always' }],
        },
      },
    );
    // kubectl: READY 2/2 (app + proxy); RESTARTS 5 = app 3 + sidecar 2 (the finished init container's 1 not counted).
    expect(podFacts(sut)).toEqual({ status: 'Running', ready: 2, total: 2, restarts: 5 });
  });

  it("while initialising, counts the init containers' restarts and shows the first failing one", () => {
    const sut = pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          cs({ name: 'a', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }),
          cs({ name: 'b', state: { waiting: { reason: 'PodInitializing' } } }),
        ],
        containerStatuses: [
          cs({ name: 'app', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }),
        ],
      },
      { spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'a' }, { name: 'b' }] } },
    );
    expect(podFacts(sut)).toEqual({ status: 'Init:CrashLoopBackOff', ready: 0, total: 1, restarts: 4 });
  });

  it('shows NotReady when a container completed while another still runs and the pod is not Ready', () => {
    const sut = pod(
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          cs({ name: 'app', ready: true, state: { running: {} } }),
          cs({ name: 'job', state: { terminated: { reason: 'Completed', exitCode: 0 } } }),
        ],
      },
      { spec: { containers: [{ name: 'app' }, { name: 'job' }] } },
    );
    expect(podStatus(sut)).toBe('NotReady');
    expect(podReady(sut)).toBe('1/2');
  });

  it('keeps the phase of a finished pod that is being deleted, and SchedulingGated over Pending', () => {
    expect(
      podStatus(
        pod({ phase: 'Succeeded' }, { metadata: { name: 'p', deletionTimestamp: '2026-01-01T00:00:00Z' } }),
      ),
    ).toBe('Succeeded');
    expect(
      podStatus(
        pod({
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
        }),
      ),
    ).toBe('SchedulingGated');
  });
});
