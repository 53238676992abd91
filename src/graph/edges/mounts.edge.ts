import { type Pod, podReferences } from '../../k8s/objects/index.js';
import { type EdgeRule, type EdgeSpec, refOf, sameNamespace } from './edge-rule.js';

/**
 * mounts: Pod → ConfigMap / Secret / PersistentVolumeClaim through volumes and projected volumes.
 * uses: Pod → ConfigMap / Secret through env valueFrom and envFrom (containers, initContainers,
 * ephemeralContainers) and imagePullSecrets. What a pod references is derived once, in
 * k8s/objects/pod-references. References marked `optional: true` are kept but never reported as dangling.
 */
export const mountsRule: EdgeRule = {
  name: 'mounts',
  types: ['mounts', 'uses'],
  sources: ['Pod'],
  derive(obj) {
    const from = refOf(obj, 'Pod');
    const edges: EdgeSpec[] = [];
    for (const r of podReferences(obj as Pod)) {
      if (r.kind === 'ServiceAccount') continue;
      edges.push({
        type: r.via === 'volume' ? 'mounts' : 'uses',
        from,
        to: sameNamespace(obj, r.kind, r.name),
        optional: r.optional,
      });
    }
    return edges;
  },
};
