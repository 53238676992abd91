import type { LabelSelector } from '../graph/edges/label-selector.js';
import type { ContainerStatus, KubeObject } from '../k8s/kube-object.js';

export type { ContainerState, ContainerStatus, KubeEvent } from '../k8s/kube-object.js';
export type { LabelSelector };
import { matchesSelector } from '../graph/edges/label-selector.js';

// Typed views of the fields the summary reads. Objects come from the sync store as plain JSON;
// every field is optional because a trimmed or half-initialised object may lack any of them.

/** A status condition as most kinds carry them. */
export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
  readonly lastUpdateTime?: string;
}

/** A volume of a pod (only the reference kinds the detectors follow). */
export interface PodVolume {
  readonly name: string;
  readonly configMap?: { readonly name?: string; readonly optional?: boolean };
  readonly secret?: { readonly secretName?: string; readonly optional?: boolean };
  readonly persistentVolumeClaim?: { readonly claimName?: string };
  readonly projected?: {
    readonly sources?: readonly {
      readonly configMap?: { readonly name?: string; readonly optional?: boolean };
      readonly secret?: { readonly name?: string; readonly optional?: boolean };
    }[];
  };
}

/** A container spec (requests and references). */
export interface ContainerSpec {
  readonly name: string;
  readonly image?: string;
  readonly resources?: {
    readonly requests?: Readonly<Record<string, string>>;
    readonly limits?: Readonly<Record<string, string>>;
  };
  readonly env?: readonly {
    readonly name: string;
    readonly valueFrom?: {
      readonly configMapKeyRef?: { readonly name?: string; readonly optional?: boolean };
      readonly secretKeyRef?: { readonly name?: string; readonly optional?: boolean };
    };
  }[];
  readonly envFrom?: readonly {
    readonly configMapRef?: { readonly name?: string; readonly optional?: boolean };
    readonly secretRef?: { readonly name?: string; readonly optional?: boolean };
  }[];
}

/** The parts of a Pod the summary reads. */
export interface Pod extends KubeObject {
  readonly spec?: {
    readonly nodeName?: string;
    readonly containers?: readonly ContainerSpec[];
    readonly initContainers?: readonly ContainerSpec[];
    readonly volumes?: readonly PodVolume[];
    readonly terminationGracePeriodSeconds?: number;
  };
  readonly status?: {
    readonly phase?: string;
    readonly reason?: string;
    readonly message?: string;
    readonly startTime?: string;
    readonly conditions?: readonly Condition[];
    readonly containerStatuses?: readonly ContainerStatus[];
    readonly initContainerStatuses?: readonly ContainerStatus[];
  };
}

/** The parts of a Node the summary reads. */
export interface Node extends KubeObject {
  readonly spec?: { readonly unschedulable?: boolean };
  readonly status?: {
    readonly conditions?: readonly Condition[];
    readonly capacity?: Readonly<Record<string, string>>;
    readonly allocatable?: Readonly<Record<string, string>>;
    readonly nodeInfo?: { readonly kubeletVersion?: string };
  };
}

/** Deployment, StatefulSet, DaemonSet and ReplicaSet: the shared parts. */
export interface Workload extends KubeObject {
  readonly spec?: {
    readonly replicas?: number;
    readonly selector?: LabelSelector;
    readonly paused?: boolean;
    readonly template?: { readonly metadata?: { readonly labels?: Readonly<Record<string, string>> } };
  };
  readonly status?: {
    readonly replicas?: number;
    readonly readyReplicas?: number;
    readonly availableReplicas?: number;
    readonly updatedReplicas?: number;
    readonly unavailableReplicas?: number;
    readonly observedGeneration?: number;
    readonly conditions?: readonly Condition[];
    // DaemonSet
    readonly desiredNumberScheduled?: number;
    readonly numberReady?: number;
    readonly numberAvailable?: number;
    readonly numberUnavailable?: number;
    readonly numberMisscheduled?: number;
  };
}

/** The parts of a Job the summary reads. */
export interface Job extends KubeObject {
  readonly spec?: {
    readonly backoffLimit?: number;
    readonly completions?: number;
    readonly suspend?: boolean;
  };
  readonly status?: {
    readonly active?: number;
    readonly succeeded?: number;
    readonly failed?: number;
    readonly startTime?: string;
    readonly completionTime?: string;
    readonly conditions?: readonly Condition[];
  };
}

/** The parts of a CronJob the summary reads. */
export interface CronJob extends KubeObject {
  readonly spec?: {
    readonly schedule?: string;
    readonly suspend?: boolean;
    readonly timeZone?: string;
    readonly startingDeadlineSeconds?: number;
  };
  readonly status?: { readonly lastScheduleTime?: string; readonly lastSuccessfulTime?: string };
}

/** The parts of a Service the summary reads. */
export interface Service extends KubeObject {
  readonly spec?: {
    readonly type?: string;
    readonly selector?: Readonly<Record<string, string>>;
    readonly clusterIP?: string;
    readonly externalName?: string;
  };
}

/** The parts of an EndpointSlice the summary reads. */
export interface EndpointSlice extends KubeObject {
  readonly endpoints?: readonly {
    readonly addresses?: readonly string[];
    readonly conditions?: {
      readonly ready?: boolean;
      readonly serving?: boolean;
      readonly terminating?: boolean;
    };
    readonly targetRef?: { readonly kind?: string; readonly name?: string; readonly namespace?: string };
  }[];
}

/** An Ingress backend (service form only; resource backends are not followed). */
export interface IngressBackend {
  readonly service?: {
    readonly name?: string;
    readonly port?: { readonly number?: number; readonly name?: string };
  };
}

/** The parts of an Ingress the summary reads. */
export interface Ingress extends KubeObject {
  readonly spec?: {
    readonly ingressClassName?: string;
    readonly defaultBackend?: IngressBackend;
    readonly tls?: readonly { readonly secretName?: string; readonly hosts?: readonly string[] }[];
    readonly rules?: readonly {
      readonly host?: string;
      readonly http?: {
        readonly paths?: readonly { readonly path?: string; readonly backend?: IngressBackend }[];
      };
    }[];
  };
}

/** The parts of a PersistentVolumeClaim the summary reads. */
export interface PersistentVolumeClaim extends KubeObject {
  readonly spec?: { readonly storageClassName?: string; readonly volumeName?: string };
  readonly status?: { readonly phase?: string; readonly conditions?: readonly Condition[] };
}

/** The parts of a HorizontalPodAutoscaler (autoscaling/v2) the summary reads. */
export interface HorizontalPodAutoscaler extends KubeObject {
  readonly spec?: {
    readonly scaleTargetRef?: {
      readonly kind?: string;
      readonly name?: string;
      readonly apiVersion?: string;
    };
    readonly minReplicas?: number;
    readonly maxReplicas?: number;
  };
  readonly status?: {
    readonly currentReplicas?: number;
    readonly desiredReplicas?: number;
    readonly conditions?: readonly Condition[];
  };
}

/** The parts of a PodDisruptionBudget the summary reads. */
export interface PodDisruptionBudget extends KubeObject {
  readonly spec?: {
    readonly selector?: LabelSelector;
    readonly minAvailable?: number | string;
    readonly maxUnavailable?: number | string;
  };
  readonly status?: {
    readonly disruptionsAllowed?: number;
    readonly currentHealthy?: number;
    readonly desiredHealthy?: number;
    readonly expectedPods?: number;
    readonly conditions?: readonly Condition[];
  };
}

/** A Validating/MutatingWebhookConfiguration (admissionregistration.k8s.io/v1). */
export interface WebhookConfiguration extends KubeObject {
  readonly webhooks?: readonly {
    readonly name: string;
    readonly failurePolicy?: string;
    readonly clientConfig?: {
      readonly url?: string;
      readonly service?: { readonly namespace?: string; readonly name?: string; readonly port?: number };
    };
  }[];
}

/** The condition of a type, when present. */
export function conditionOf(
  obj: { readonly status?: { readonly conditions?: readonly Condition[] } },
  type: string,
): Condition | undefined {
  return obj.status?.conditions?.find((c) => c.type === type);
}

/**
 * True when the labels satisfy a non-empty selector. Unlike a LabelSelector in general, an empty or
 * absent one selects nothing here: a Service or PDB without a selector targets no pods.
 */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (!selector) return false;
  const nonEmpty =
    Object.keys(selector.matchLabels ?? {}).length > 0 || (selector.matchExpressions?.length ?? 0) > 0;
  return nonEmpty && matchesSelector(selector, labels);
}

/** True when a Service selector (plain map, non-empty) selects these labels. */
export function serviceSelects(
  selector: Readonly<Record<string, string>> | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (!selector) return false;
  const entries = Object.entries(selector);
  if (entries.length === 0) return false;
  const l = labels ?? {};
  return entries.every(([k, v]) => l[k] === v);
}
