// Builders of recorded-shape objects for the graph's relation rules: the fields each rule reads,
// laid out as the API server returns them (trimmed like the cache; values from config/samples).
import type { KubeObject } from '../../src/k8s/kube-object.js';
import type { ObjectLookup } from '../../src/graph/edges/edge-rule.js';

type Extra = Record<string, unknown>;

export interface GraphObjectOptions {
  namespace?: string;
  labels?: Record<string, string>;
  owner?: { kind: string; name: string };
  uid?: string;
  rv?: string;
}

/** Any object with `extra` top-level fields (spec, status, roleRef, endpoints, …). */
export function anObject(
  kind: string,
  name: string,
  o: GraphObjectOptions = {},
  extra: Extra = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind,
    metadata: {
      name,
      ...(o.namespace ? { namespace: o.namespace } : {}),
      uid: o.uid ?? `uid-${kind}-${o.namespace ?? ''}-${name}`,
      resourceVersion: o.rv ?? '1',
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: o.owner.kind,
                name: o.owner.name,
                uid: `uid-${o.owner.name}`,
                controller: true,
              },
            ],
          }
        : {}),
    },
    ...extra,
  };
}

/** A pod of shop/frontend as the API returns it (ReplicaSet-owned, envFrom + a ConfigMap volume). */
export function aShopPod(
  name = 'frontend-7d9c-abcde',
  o: GraphObjectOptions & { spec?: Extra } = {},
): KubeObject {
  return anObject(
    'Pod',
    name,
    {
      namespace: 'shop',
      labels: { app: 'frontend', 'pod-template-hash': '7d9c' },
      owner: { kind: 'ReplicaSet', name: 'frontend-7d9c' },
      ...o,
    },
    {
      spec: {
        serviceAccountName: 'frontend',
        nodeName: 'kwok-node-0',
        containers: [
          { name: 'web', image: 'nginx:1.27', envFrom: [{ configMapRef: { name: 'frontend-config' } }] },
        ],
        volumes: [
          { name: 'nginx-conf', configMap: { name: 'frontend-config', defaultMode: 420 } },
          {
            name: 'kube-api-access-x1',
            projected: {
              sources: [
                { serviceAccountToken: { path: 'token' } },
                { configMap: { name: 'kube-root-ca.crt' } },
              ],
            },
          },
        ],
        ...o.spec,
      },
      status: { phase: 'Running' },
    },
  );
}

/** A Service selecting `selector` in `namespace`. */
export function aService(name: string, namespace: string, selector?: Record<string, string>): KubeObject {
  return anObject(
    'Service',
    name,
    { namespace },
    { spec: { type: 'ClusterIP', ...(selector ? { selector } : {}) } },
  );
}

/** An ObjectLookup over a fixed list of objects (stands in for the sync cache). */
export function lookupOf(objects: readonly KubeObject[]): ObjectLookup {
  return {
    list: (kind, namespace) =>
      objects.filter((o) => o.kind === kind && (!namespace || o.metadata.namespace === namespace)),
    withLabel: (kind, key, value) =>
      objects.filter((o) => o.kind === kind && o.metadata.labels?.[key] === value),
    get: (kind, namespace, name) =>
      objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name),
  };
}
