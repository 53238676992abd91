import { aWorkload, ago, runDetector } from '../../../test/factories/cluster-objects.js';
import { workloadUnavailableDetector as sut } from './workload-unavailable.detector.js';

describe('workloadUnavailableDetector', () => {
  it('reports a fully unavailable Deployment as critical and a partly available one as warning', () => {
    const down = aWorkload('Deployment', 'payment', {
      available: 0,
      conditions: [
        {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
          lastTransitionTime: ago(120),
        },
      ],
    });
    const partial = aWorkload('StatefulSet', 'db', { replicas: 3, ready: 2 });
    const ds = aWorkload('DaemonSet', 'agent', { replicas: 3, ready: 3, available: 1 });
    expect(runDetector(sut, [down, partial, ds, aWorkload('Deployment', 'ok', { replicas: 2 })])).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'payment',
        severity: 'critical',
        count: 1,
        since: ago(120),
        message: '0/1 replicas available; Deployment does not have minimum availability.',
      }),
      expect.objectContaining({ kind: 'StatefulSet', name: 'db', severity: 'warning', count: 1 }),
      expect.objectContaining({ kind: 'DaemonSet', name: 'agent', severity: 'warning', count: 2 }),
    ]);
  });

  it('ignores workloads scaled to zero', () => {
    expect(runDetector(sut, [aWorkload('Deployment', 'off', { replicas: 0 })])).toEqual([]);
  });
});
