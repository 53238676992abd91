// Builders of plain Kubernetes objects for unit tests (JSON as the API server sends it).
import type { KubeObject } from '../../src/k8s/kube-object.js';

export interface ObjectOptions {
  namespace?: string;
  rv?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: string;
}

/** An object of any kind with the metadata the cache reads. */
export function aKubeObject(kind: string, name: string, o: ObjectOptions = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind,
    metadata: {
      name,
      namespace: o.namespace,
      uid: o.uid ?? `uid-${o.namespace ?? ''}-${name}`,
      resourceVersion: o.rv ?? '1',
      labels: o.labels,
      annotations: o.annotations,
      ownerReferences: o.owner
        ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: o.owner, controller: true }]
        : undefined,
      managedFields: [{ manager: 'kubectl', operation: 'Update' }],
    },
  };
}

/** A pod, scheduled on `node` when given. */
export function aPod(name: string, o: ObjectOptions & { node?: string } = {}): KubeObject {
  return { ...aKubeObject('Pod', name, { namespace: 'default', ...o }), spec: { nodeName: o.node } };
}

/** The Status object an API server sends as an in-stream ERROR when a watch's resourceVersion is compacted. */
export const EXPIRED_STATUS = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'too old resource version: 100 (2500)',
  reason: 'Expired',
  code: 410,
} as const;
