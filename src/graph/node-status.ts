import type { KubeObject } from '../k8s/kube-object.js';
import { rec, recs, str } from './edges/edge-rule.js';

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** Why a pod is not fine, from its first waiting or terminated container (as kubectl's STATUS). */
function podStatus(obj: KubeObject): string {
  const status = rec(obj.status) ?? {};
  if (obj.metadata.deletionTimestamp) return 'Terminating';
  for (const cs of [...recs(status.initContainerStatuses), ...recs(status.containerStatuses)]) {
    const state = rec(cs.state);
    const reason = str(rec(state?.waiting)?.reason) ?? str(rec(state?.terminated)?.reason);
    if (reason && reason !== 'Completed') return reason;
  }
  return str(status.phase) ?? 'Unknown';
}

/**
 * A one-word (or ready/desired) status of an object, as a node in an answer shows it; undefined for
 * kinds without one (ConfigMaps, roles, …).
 */
export function objectStatus(kind: string, obj: KubeObject): string | undefined {
  const spec = rec(obj.spec) ?? {};
  const status = rec(obj.status) ?? {};
  switch (kind) {
    case 'Pod':
      return podStatus(obj);
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
      return `${num(status.readyReplicas)}/${typeof spec.replicas === 'number' ? spec.replicas : 1} ready`;
    case 'DaemonSet':
      return `${num(status.numberReady)}/${num(status.desiredNumberScheduled)} ready`;
    case 'Job':
      return num(status.succeeded) > 0 ? 'Complete' : num(status.failed) > 0 ? 'Failed' : 'Running';
    case 'Node': {
      const ready = recs(status.conditions).find((c) => c.type === 'Ready');
      return ready?.status === 'True' ? 'Ready' : 'NotReady';
    }
    case 'PersistentVolumeClaim':
    case 'PersistentVolume':
    case 'Namespace':
      return str(status.phase);
    case 'Service':
      return str(spec.type) ?? 'ClusterIP';
    default:
      return undefined;
  }
}
