import { conditionOf } from '../../k8s/objects/index.js';
import { clip, secondsSince, type Detector, type Finding, shownBy, podArgs } from './detector.js';
import { hasReportedWaitingReason, isDeleting } from './pod-helpers.js';

/** Running pods whose Ready condition has been False for a while (failing readiness probes). */
export const podNotReadyDetector: Detector = {
  name: 'pod-not-ready',
  description: 'Running pods not ready for longer than a threshold (readiness probe failing)',
  detect({ snapshot, thresholds }) {
    const out: Finding[] = [];
    for (const pod of snapshot.podsOfInterest()) {
      if (pod.status?.phase !== 'Running' || isDeleting(pod) || hasReportedWaitingReason(pod)) continue;
      const ready = conditionOf(pod, 'Ready');
      if (!ready || ready.status === 'True') continue;
      if (secondsSince(ready.lastTransitionTime, snapshot.now) < thresholds.notReadySeconds) continue;
      out.push({
        detector: this.name,
        severity: 'warning',
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        reason: 'NotReady',
        message: clip(ready.message ?? ready.reason),
        since: ready.lastTransitionTime,
        hint: [shownBy('check the readiness probe and the container log', 'k8s-describe-pod', podArgs(pod))],
      });
    }
    return out;
  },
};
