import { cronJobScheduleDetector } from './cronjob-schedule.detector.js';
import { cronJobSuspendedDetector } from './cronjob-suspended.detector.js';
import { danglingReferenceDetector } from './dangling-reference.detector.js';
import type { Detector } from './detector.js';
import { eventBurstDetector } from './event-burst.detector.js';
import { hpaScalingDetector } from './hpa-scaling.detector.js';
import { hpaTargetDetector } from './hpa-target.detector.js';
import { ingressBackendDetector } from './ingress-backend.detector.js';
import { ingressClassDetector } from './ingress-class.detector.js';
import { ingressTlsDetector } from './ingress-tls.detector.js';
import { jobFailedDetector } from './job-failed.detector.js';
import { nodeCordonedDetector } from './node-cordoned.detector.js';
import { nodeNetworkDetector } from './node-network.detector.js';
import { nodeNotReadyDetector } from './node-not-ready.detector.js';
import { nodePressureDetector } from './node-pressure.detector.js';
import { pdbDisruptionsDetector } from './pdb-disruptions.detector.js';
import { podContainerErrorDetector } from './pod-container-error.detector.js';
import { podCrashLoopDetector } from './pod-crashloop.detector.js';
import { podFailedDetector } from './pod-failed.detector.js';
import { podImagePullDetector } from './pod-image-pull.detector.js';
import { podNotReadyDetector } from './pod-not-ready.detector.js';
import { podOomKilledDetector } from './pod-oomkilled.detector.js';
import { podPendingDetector } from './pod-pending.detector.js';
import { podRestartsDetector } from './pod-restarts.detector.js';
import { podTerminatingDetector } from './pod-terminating.detector.js';
import { pvcPhaseDetector } from './pvc-phase.detector.js';
import { replicaFailureDetector } from './replica-failure.detector.js';
import { rolloutStalledDetector } from './rollout-stalled.detector.js';
import { serviceEndpointsDetector } from './service-endpoints.detector.js';
import { webhookServiceDetector } from './webhook-service.detector.js';
import { workloadUnavailableDetector } from './workload-unavailable.detector.js';

/** Every anomaly detector, in the order ties are broken. A duplicate name fails start-up. */
export const DETECTORS: readonly Detector[] = [
  nodeNotReadyDetector,
  nodeNetworkDetector,
  nodePressureDetector,
  podCrashLoopDetector,
  podImagePullDetector,
  podContainerErrorDetector,
  workloadUnavailableDetector,
  replicaFailureDetector,
  serviceEndpointsDetector,
  webhookServiceDetector,
  pvcPhaseDetector,
  podOomKilledDetector,
  podPendingDetector,
  podFailedDetector,
  podNotReadyDetector,
  podTerminatingDetector,
  podRestartsDetector,
  rolloutStalledDetector,
  jobFailedDetector,
  cronJobScheduleDetector,
  ingressBackendDetector,
  ingressClassDetector,
  ingressTlsDetector,
  hpaScalingDetector,
  hpaTargetDetector,
  pdbDisruptionsDetector,
  danglingReferenceDetector,
  eventBurstDetector,
  nodeCordonedDetector,
  cronJobSuspendedDetector,
];

/** Start-up check: names unique and kebab-case. */
export function validateDetectors(detectors: readonly Detector[]): void {
  const seen = new Set<string>();
  for (const d of detectors) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(d.name))
      throw new Error(`detector name '${d.name}' must be kebab-case`);
    if (seen.has(d.name)) throw new Error(`duplicate detector name '${d.name}'`);
    seen.add(d.name);
  }
}
