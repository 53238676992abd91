import type { EdgeRule } from './edge-rule.js';
import { refOf } from './edge-rule.js';

/**
 * owns: owner → owned, from the owned object's ownerReferences (Deployment → ReplicaSet → Pod,
 * StatefulSet/DaemonSet/Job → Pod, CronJob → Job, Service → EndpointSlice, …). Owners are in the
 * owned object's namespace, or cluster-scoped; owners of kinds the graph does not hold are dropped.
 */
export const ownsRule: EdgeRule = {
  name: 'owns',
  types: ['owns'],
  sources: ['*'],
  derive(obj, kind) {
    const owned = refOf(obj, kind);
    return (obj.metadata.ownerReferences ?? []).map((o) => ({
      type: 'owns' as const,
      from: { kind: o.kind, namespace: obj.metadata.namespace, name: o.name },
      to: owned,
    }));
  },
};
