import { clip, type Detector, type Finding } from './detector.js';
import { containerStatuses, CONTAINER_ERROR_REASONS, isDeleting } from './pod-helpers.js';

/** CreateContainerConfigError, CreateContainerError, RunContainerError. */
export const podContainerErrorDetector: Detector = {
  name: 'pod-container-error',
  description:
    'Containers that cannot be created or started (CreateContainerConfigError, CreateContainerError, RunContainerError)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const pod of snapshot.podsOfInterest()) {
      if (isDeleting(pod)) continue;
      const c = containerStatuses(pod).find((s) =>
        CONTAINER_ERROR_REASONS.has(s.state?.waiting?.reason ?? ''),
      );
      if (!c) continue;
      const reason = c.state!.waiting!.reason!;
      out.push({
        detector: this.name,
        severity: 'critical',
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        reason,
        message: clip(`container ${c.name}: ${c.state?.waiting?.message ?? 'no message'}`),
        since: pod.status?.startTime ?? pod.metadata.creationTimestamp,
        hint: [
          reason === 'CreateContainerConfigError'
            ? 'a referenced ConfigMap, Secret or key is missing: check the env and volume references'
            : 'check the container command, security context and volume mounts',
        ],
      });
    }
    return out;
  },
};
