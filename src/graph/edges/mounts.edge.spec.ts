import { aShopPod, lookupOf } from '../../../test/factories/graph-objects.js';
import { mountsRule as sut } from './mounts.edge.js';

describe('mountsRule', () => {
  it('mounts: ConfigMap, Secret, PVC and projected volumes; uses: env, envFrom, imagePullSecrets', () => {
    const pod = aShopPod('orders-0', {
      spec: {
        imagePullSecrets: [{ name: 'registry-cred' }],
        initContainers: [
          {
            name: 'init',
            env: [{ name: 'T', valueFrom: { secretKeyRef: { name: 'db-password', key: 'p' } } }],
          },
        ],
        containers: [
          {
            name: 'app',
            envFrom: [
              { configMapRef: { name: 'orders-config' } },
              { secretRef: { name: 'orders-env', optional: true } },
            ],
            env: [
              { name: 'X', valueFrom: { configMapKeyRef: { name: 'feature-flags', key: 'x' } } },
              { name: 'Y', value: 'plain' },
            ],
          },
        ],
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: 'orders-data' } },
          { name: 'tls', secret: { secretName: 'orders-tls' } },
          { name: 'cfg', configMap: { name: 'orders-files', optional: true } },
          {
            name: 'all',
            projected: {
              sources: [{ secret: { name: 'bundle' } }, { configMap: { name: 'kube-root-ca.crt' } }],
            },
          },
          { name: 'tmp', emptyDir: {} },
        ],
      },
    });
    const got = sut
      .derive(pod, 'Pod', lookupOf([]))
      .map((e) => `${e.type} ${e.to.kind}/${e.to.name}${e.optional ? ' (optional)' : ''}`);
    expect(got.sort()).toEqual(
      [
        'mounts PersistentVolumeClaim/orders-data',
        'mounts Secret/orders-tls',
        'mounts ConfigMap/orders-files (optional)',
        'mounts Secret/bundle',
        'mounts ConfigMap/kube-root-ca.crt',
        'uses Secret/db-password',
        'uses ConfigMap/orders-config',
        'uses Secret/orders-env (optional)',
        'uses ConfigMap/feature-flags',
        'uses Secret/registry-cred',
      ].sort(),
    );
    expect(sut.derive(pod, 'Pod', lookupOf([])).every((e) => e.to.namespace === 'shop')).toBe(true);
  });
});
