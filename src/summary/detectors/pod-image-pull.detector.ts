import { clip, type Detector, type Finding, shownBy, podArgs } from './detector.js';
import { containerStatuses, IMAGE_PULL_REASONS, isDeleting } from './pod-helpers.js';

/** ImagePullBackOff, ErrImagePull, InvalidImageName, ErrImageNeverPull. */
export const podImagePullDetector: Detector = {
  name: 'pod-image-pull',
  description: 'Containers that cannot get their image (ImagePullBackOff, ErrImagePull, InvalidImageName)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const pod of snapshot.podsOfInterest()) {
      if (isDeleting(pod)) continue;
      const c = containerStatuses(pod).find((s) => IMAGE_PULL_REASONS.has(s.state?.waiting?.reason ?? ''));
      if (!c) continue;
      const image =
        c.image ??
        [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((s) => s.name === c.name)
          ?.image;
      out.push({
        detector: this.name,
        severity: 'critical',
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        reason: c.state!.waiting!.reason!,
        message: clip(
          `container ${c.name} image ${image ?? '?'}: ${c.state?.waiting?.message ?? 'no message'}`,
        ),
        since: pod.status?.startTime ?? pod.metadata.creationTimestamp,
        hint: [
          'check the image name and tag, the registry and the pull secret',
          shownBy('the image and the pull error', 'k8s-describe-pod', podArgs(pod)),
        ],
      });
    }
    return out;
  },
};
