import type { KubeObject } from '../../../k8s/kube-object.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The object without managedFields and the last-applied annotation (noise for a model). */
export function trimObject<T extends KubeObject>(obj: T): T {
  const { managedFields: _managed, ...metadata } = obj.metadata;
  if (metadata.annotations?.[LAST_APPLIED] !== undefined) {
    const { [LAST_APPLIED]: _lastApplied, ...annotations } = metadata.annotations;
    return { ...obj, metadata: { ...metadata, annotations } };
  }
  return { ...obj, metadata };
}
