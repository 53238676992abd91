import { LAST_APPLIED } from '../common/kube/annotations.js';
import type { KubeObject } from './kube-object.js';

/**
 * The object as cached and as answered: without managedFields and the last-applied annotation,
 * which together are often more than half an object's size and no answer needs them.
 */
export function trimObject<T extends KubeObject>(obj: T): T {
  const { managedFields: _managed, ...metadata } = obj.metadata;
  if (metadata.annotations && LAST_APPLIED in metadata.annotations) {
    const { [LAST_APPLIED]: _applied, ...annotations } = metadata.annotations;
    return { ...obj, metadata: { ...metadata, annotations } };
  }
  return { ...obj, metadata };
}
