import { clip, type Detector, type Finding, shownBy, podArgs } from './detector.js';
import { isDeleting, ownedByJob } from './pod-helpers.js';

/** Evicted and Failed pods (failed Job pods are reported through their Job). */
export const podFailedDetector: Detector = {
  name: 'pod-failed',
  description: 'Pods in phase Failed: Evicted (with the eviction message) or otherwise failed',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const pod of snapshot.podsOfInterest()) {
      if (pod.status?.phase !== 'Failed' || isDeleting(pod)) continue;
      const evicted = pod.status.reason === 'Evicted';
      if (!evicted && ownedByJob(pod)) continue;
      const finished = (pod.status.containerStatuses ?? [])
        .map((c) => c.state?.terminated?.finishedAt)
        .filter(Boolean)
        .sort()
        .pop();
      out.push({
        detector: this.name,
        severity: 'warning',
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        reason: evicted ? 'Evicted' : (pod.status.reason ?? 'Failed'),
        message: clip(pod.status.message),
        since: finished ?? pod.status.startTime,
        hint: evicted
          ? [
              "the node ran short of a resource: check node pressure and the pod's requests; delete the evicted pod once understood",
            ]
          : [shownBy('see why', 'k8s-describe-pod', podArgs(pod))],
      });
    }
    return out;
  },
};
