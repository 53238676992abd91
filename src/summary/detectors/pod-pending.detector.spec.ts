import { aPod, ago, runDetector } from '../../../test/factories/cluster-objects.js';
import { podPendingDetector as sut } from './pod-pending.detector.js';

const unschedulable = (since: string) =>
  aPod('gpu-1', {
    namespace: 'ops',
    node: null,
    phase: 'Pending',
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
        lastTransitionTime: since,
      },
    ],
  });

describe('podPendingDetector', () => {
  it("reports an Unschedulable pod with the scheduler's message once past the threshold", () => {
    const [f] = runDetector(sut, [unschedulable(ago(120))]);
    expect(f).toMatchObject({ severity: 'warning', reason: 'Unschedulable', since: ago(120) });
    expect(f!.message).toContain("didn't match Pod's node affinity/selector");
  });

  it('waits for the threshold before reporting', () => {
    expect(runDetector(sut, [unschedulable(ago(5))])).toEqual([]);
  });

  it('reports a scheduled pod Pending longer than the pending threshold', () => {
    const pod = aPod('slow', {
      phase: 'Pending',
      created: ago(900),
      containers: [{ waiting: { reason: 'ContainerCreating' } }],
    });
    expect(runDetector(sut, [pod])).toEqual([
      expect.objectContaining({ reason: 'Pending', message: 'ContainerCreating' }),
    ]);
    expect(runDetector(sut, [aPod('new', { phase: 'Pending', created: ago(30) })])).toEqual([]);
  });
});
