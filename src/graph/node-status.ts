import type { KubeObject } from '../k8s/kube-object.js';
import { type Node, nodeStatus, type Pod, podStatus } from '../k8s/objects/index.js';
import { rec, str } from './edges/edge-rule.js';

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/**
 * A one-word (or ready/desired) status of an object, as a node in an answer shows it; undefined for
 * kinds without one (ConfigMaps, roles, …).
 */
export function objectStatus(kind: string, obj: KubeObject): string | undefined {
  const spec = rec(obj.spec) ?? {};
  const status = rec(obj.status) ?? {};
  switch (kind) {
    case 'Pod':
      return podStatus(obj as Pod);
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
      return `${num(status.readyReplicas)}/${typeof spec.replicas === 'number' ? spec.replicas : 1} ready`;
    case 'DaemonSet':
      return `${num(status.numberReady)}/${num(status.desiredNumberScheduled)} ready`;
    case 'Job':
      return num(status.succeeded) > 0 ? 'Complete' : num(status.failed) > 0 ? 'Failed' : 'Running';
    case 'Node':
      return nodeStatus(obj as Node);
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
