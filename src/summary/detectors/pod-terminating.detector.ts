import { secondsSince, type Detector, type Finding } from './detector.js';

/** Pods whose deletion is overdue: past the grace period (deletionTimestamp) by the threshold. */
export const podTerminatingDetector: Detector = {
  name: 'pod-terminating',
  description: 'Pods stuck Terminating well past their grace period (finalizers, unreachable node)',
  detect({ snapshot, thresholds }) {
    const out: Finding[] = [];
    for (const pod of snapshot.podsOfInterest()) {
      // deletionTimestamp is the moment the grace period ends, so the overdue time counts from it.
      const overdue = secondsSince(pod.metadata.deletionTimestamp, snapshot.now);
      if (!pod.metadata.deletionTimestamp || overdue < thresholds.terminatingGraceSeconds) continue;
      const finalizers = (pod.metadata.finalizers as string[] | undefined) ?? [];
      out.push({
        detector: this.name,
        severity: 'warning',
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        reason: 'StuckTerminating',
        message: `Terminating ${Math.round(overdue / 60)} min past its grace period${finalizers.length ? `; finalizers: ${finalizers.join(', ')}` : ''}${pod.spec?.nodeName ? `; node ${pod.spec.nodeName}` : ''}`,
        since: pod.metadata.deletionTimestamp,
        hint: ['check the node is reachable and whether a finalizer blocks deletion'],
      });
    }
    return out;
  },
};
