import type {
  CoreV1Event,
  V1ConfigMap,
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1EndpointSlice,
  V2HorizontalPodAutoscaler,
  V1Ingress,
  V1Job,
  V1LabelSelector,
  V1NetworkPolicy,
  V1Node,
  V1PersistentVolumeClaim,
  V1Pod,
  V1PodDisruptionBudget,
  V1ReplicaSet,
  V1Secret,
  V1Service,
  V1StatefulSet,
  V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';
import type { KubeObject, ObjectMeta } from '../kube-object.js';

/**
 * A client-node model as the JSON the API server sends and the store keeps: read-only, and every
 * `Date` (client-node's model classes deserialise timestamps into Dates) a string again, and the
 * fields client-node renames after reserved words (`_from`, `_default`) under their JSON names. Fields
 * keep the model's optionality (the API server's schema). A mapping of types only: objects are
 * never converted, so a view costs nothing at run time.
 */
export type Plain<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? readonly Plain<U>[]
    : T extends object
      ? { readonly [K in keyof T as K extends `_${infer Json}` ? Json : K]: Plain<T[K]> }
      : T;

/**
 * A typed view of a stored object of one kind: the model's fields, plain, with the metadata every
 * stored object has (a name, at least). Still a KubeObject, so it goes wherever one goes.
 */
export type View<T extends { metadata?: unknown }> = Omit<Plain<T>, 'metadata'> & {
  readonly metadata: ObjectMeta;
} & KubeObject;

/** A core/v1 Pod. */
export type Pod = View<V1Pod>;
/** A core/v1 Node. */
export type Node = View<V1Node>;
/** A core/v1 Event. */
export type KubeEvent = View<CoreV1Event>;
/** A core/v1 Service. */
export type Service = View<V1Service>;
/** A core/v1 ConfigMap. */
export type ConfigMap = View<V1ConfigMap>;
/** A core/v1 Secret. */
export type Secret = View<V1Secret>;
/** A core/v1 PersistentVolumeClaim. */
export type PersistentVolumeClaim = View<V1PersistentVolumeClaim>;
/** An apps/v1 Deployment. */
export type Deployment = View<V1Deployment>;
/** An apps/v1 StatefulSet. */
export type StatefulSet = View<V1StatefulSet>;
/** An apps/v1 DaemonSet. */
export type DaemonSet = View<V1DaemonSet>;
/** An apps/v1 ReplicaSet. */
export type ReplicaSet = View<V1ReplicaSet>;
/** A batch/v1 Job. */
export type Job = View<V1Job>;
/** A batch/v1 CronJob. */
export type CronJob = View<V1CronJob>;
/** A networking.k8s.io/v1 NetworkPolicy. */
export type NetworkPolicy = View<V1NetworkPolicy>;
/** A networking.k8s.io/v1 Ingress. */
export type Ingress = View<V1Ingress>;
/** A discovery.k8s.io/v1 EndpointSlice. */
export type EndpointSlice = View<V1EndpointSlice>;
/** An autoscaling/v2 HorizontalPodAutoscaler. */
export type HorizontalPodAutoscaler = View<V2HorizontalPodAutoscaler>;
/** A policy/v1 PodDisruptionBudget. */
export type PodDisruptionBudget = View<V1PodDisruptionBudget>;
/** A Validating (or, with the same fields read, Mutating) WebhookConfiguration. */
export type WebhookConfiguration = View<V1ValidatingWebhookConfiguration>;
/** A metav1.LabelSelector. */
export type LabelSelector = Plain<V1LabelSelector>;

/** A status condition as most kinds carry them. */
export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
  readonly lastUpdateTime?: string;
}

/** The condition of a type, when present. */
export function conditionOf(
  obj: { readonly status?: { readonly conditions?: readonly Condition[] } },
  type: string,
): Condition | undefined {
  return obj.status?.conditions?.find((c) => c.type === type);
}
