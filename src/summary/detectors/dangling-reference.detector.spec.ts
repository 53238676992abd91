import { aPod, anObject, runDetector, snapshotOf } from '../../../test/factories/cluster-objects.js';
import { DEFAULT_THRESHOLDS } from './detector.js';
import { danglingReferenceDetector as sut } from './dangling-reference.detector.js';

describe('danglingReferenceDetector', () => {
  it('reports a pod mounting a missing ConfigMap and reading a missing Secret (fallback graph)', () => {
    const pod = aPod('web-1', {
      volumes: [
        { name: 'conf', configMap: { name: 'web-config' } },
        { name: 'opt', configMap: { name: 'maybe', optional: true } },
      ],
      env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
      envFrom: [{ configMapRef: { name: 'present' } }],
    });
    expect(runDetector(sut, [pod, anObject('ConfigMap', 'present')])).toEqual([
      expect.objectContaining({
        kind: 'Pod',
        name: 'web-1',
        reason: 'MissingReference',
        count: 2,
        message: 'references missing ConfigMap web-config (mounts), Secret db (uses)',
      }),
    ]);
  });

  it('uses the injected graph when there is one', () => {
    const graph = {
      impactCount: () => 1,
      danglingEdges: () => [
        {
          from: { kind: 'Pod', namespace: 'a', name: 'p' },
          to: { kind: 'Secret', namespace: 'a', name: 's' },
          type: 'mounts',
        },
      ],
    };
    const findings = sut.detect({ snapshot: snapshotOf([]), graph, thresholds: DEFAULT_THRESHOLDS });
    expect(findings).toEqual([
      expect.objectContaining({ namespace: 'a', name: 'p', message: 'references missing Secret s (mounts)' }),
    ]);
  });
});
