import type { V1DaemonSetStatus } from '@kubernetes/client-node';
import type { Deployment, Plain } from './plain.js';

/**
 * Deployment, StatefulSet, DaemonSet and ReplicaSet as the readers that treat them alike see them:
 * a Deployment's fields, with a DaemonSet's status counters possibly present.
 */
export type Workload = Deployment & { readonly status?: Partial<Plain<V1DaemonSetStatus>> };
