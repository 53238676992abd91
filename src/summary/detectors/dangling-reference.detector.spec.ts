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

  // What ServiceAccount admission adds to every pod: the kube-api-access projected volume (root CA
  // ConfigMap) and, before 1.24, the token Secret volume.
  const apiAccess = {
    name: 'kube-api-access-x7k2p',
    projected: {
      sources: [
        { serviceAccountToken: { path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      ],
    },
  };
  const legacyToken = { name: 'default-token-7f2kq', secret: { secretName: 'default-token-7f2kq' } };

  it('leaves out the root CA ConfigMap and the ServiceAccount token of a pod that runs, not of one that waits', () => {
    const running = aPod('web-1', { volumes: [apiAccess, legacyToken] });
    expect(runDetector(sut, [running])).toEqual([]);
    // A pod waiting for its mounts: the missing root CA may be why.
    const waiting = aPod('web-2', { phase: 'Pending', volumes: [apiAccess] });
    expect(runDetector(sut, [waiting])).toEqual([
      expect.objectContaining({
        name: 'web-2',
        message: 'references missing ConfigMap kube-root-ca.crt (mounts)',
      }),
    ]);
  });

  it("still reports a missing Secret that only looks like a token of another ServiceAccount, and the pod's own references", () => {
    const pod = aPod('web-1', {
      volumes: [
        apiAccess,
        { name: 't', secret: { secretName: 'builder-token-abcde' } },
        { name: 'conf', configMap: { name: 'web-config' } },
      ],
    });
    expect(runDetector(sut, [pod])).toEqual([
      expect.objectContaining({
        message: 'references missing ConfigMap web-config (mounts), Secret builder-token-abcde (mounts)',
      }),
    ]);
  });
});
