import { containerStatuses, type Pod } from '../../k8s/objects/index.js';

export { containerStatuses };

/** Reasons other detectors own: a pod waiting for one of these is reported by them. */
export const IMAGE_PULL_REASONS = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'ErrImageNeverPull',
]);
export const CONTAINER_ERROR_REASONS = new Set([
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** True when some container waits in CrashLoopBackOff. */
export function isCrashLooping(pod: Pod): boolean {
  return containerStatuses(pod).some((c) => c.state?.waiting?.reason === 'CrashLoopBackOff');
}

/** True when a container waits for a reason that the image or container-error detectors report. */
export function hasReportedWaitingReason(pod: Pod): boolean {
  return containerStatuses(pod).some((c) => {
    const r = c.state?.waiting?.reason ?? '';
    return r === 'CrashLoopBackOff' || IMAGE_PULL_REASONS.has(r) || CONTAINER_ERROR_REASONS.has(r);
  });
}

/** True for pods a Job owns (their failures are the Job detector's). */
export function ownedByJob(pod: Pod): boolean {
  return (pod.metadata.ownerReferences ?? []).some((o) => o.kind === 'Job');
}

/** True for pods being deleted (their state is the Terminating detector's). */
export function isDeleting(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}
