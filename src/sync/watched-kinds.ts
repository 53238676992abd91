import type { ResourceRef } from '../k8s/resource-ref.js';

/** A kind the sync keeps in memory, and how. */
export interface WatchedKind {
  readonly ref: ResourceRef;
  /** Cache metadata only (PartialObjectMetadata): values of Secrets and ConfigMaps never enter memory. */
  readonly metadataOnly?: boolean;
  /** Keep at most this many objects, evicting the least recently changed (for high-churn kinds). */
  readonly maxObjects?: number;
  /** Weight in the sync health score: kinds most answers depend on count more. */
  readonly weight: number;
}

const kind = (
  group: string,
  version: string,
  k: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<WatchedKind> & { weight?: number } = {},
): WatchedKind => ({ ref: { group, version, kind: k, plural, namespaced }, weight: 1, ...extra });

/**
 * Events churn fastest and matter only while recent: 5000 covers the last hour or so of a busy
 * thousand-pod cluster at about 2.5 MB, while the API server itself keeps them for one hour.
 */
export const MAX_CACHED_EVENTS = 5000;

/** Every kind the informer registry watches (one informer each). Names must be unique. */
export const WATCHED_KINDS: readonly WatchedKind[] = [
  kind('', 'v1', 'Namespace', 'namespaces', false, { weight: 3 }),
  kind('', 'v1', 'Node', 'nodes', false, { weight: 3 }),
  kind('', 'v1', 'Pod', 'pods', true, { weight: 3 }),
  kind('', 'v1', 'Service', 'services', true, { weight: 2 }),
  kind('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
  kind('apps', 'v1', 'Deployment', 'deployments', true, { weight: 2 }),
  kind('apps', 'v1', 'ReplicaSet', 'replicasets', true, { weight: 2 }),
  kind('apps', 'v1', 'StatefulSet', 'statefulsets', true, { weight: 2 }),
  kind('apps', 'v1', 'DaemonSet', 'daemonsets', true, { weight: 2 }),
  kind('batch', 'v1', 'Job', 'jobs', true),
  kind('batch', 'v1', 'CronJob', 'cronjobs', true),
  kind('', 'v1', 'ConfigMap', 'configmaps', true, { metadataOnly: true }),
  kind('', 'v1', 'Secret', 'secrets', true, { metadataOnly: true }),
  kind('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true),
  kind('', 'v1', 'PersistentVolume', 'persistentvolumes', false),
  kind('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false),
  kind('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true),
  kind('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  kind('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true),
  kind('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true),
  kind('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true),
  kind('', 'v1', 'ServiceAccount', 'serviceaccounts', true),
  kind('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  kind('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  kind('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  kind('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  kind('', 'v1', 'Event', 'events', true, { maxObjects: MAX_CACHED_EVENTS }),
];
