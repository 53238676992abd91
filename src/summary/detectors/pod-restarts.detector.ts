import { secondsSince, type Detector, type Finding, shownBy } from './detector.js';
import { podRestarts } from '../../k8s/objects/index.js';
import { containerStatuses, isCrashLooping, isDeleting } from './pod-helpers.js';

/** A restart this recent makes a lower count "rising" (the cache keeps no history to compare with). */
const RECENT_RESTART_SECONDS = 900;

/** High restart counts, and restarts in the last 15 minutes below that count. */
export const podRestartsDetector: Detector = {
  name: 'pod-restarts',
  description: 'Pods restarting often (restarts at or above the threshold) or recently (rising restarts)',
  detect({ snapshot, thresholds }) {
    const out: Finding[] = [];
    for (const pod of snapshot.podsOfInterest()) {
      if (isDeleting(pod) || isCrashLooping(pod)) continue;
      const restarts = podRestarts(pod);
      if (restarts === 0) continue;
      const statuses = containerStatuses(pod);
      // OOM kills are the OOM detector's; do not report the same restarts twice.
      if (statuses.some((c) => c.lastState?.terminated?.reason === 'OOMKilled')) continue;
      const last = statuses
        .map((c) => c.lastState?.terminated)
        .filter((t) => t?.finishedAt)
        .sort((a, b) => (a!.finishedAt! < b!.finishedAt! ? 1 : -1))[0];
      const high = restarts >= thresholds.restartCount;
      const recent = secondsSince(last?.finishedAt, snapshot.now) <= RECENT_RESTART_SECONDS;
      if (!high && !recent) continue;
      out.push({
        detector: this.name,
        severity: high ? 'warning' : 'info',
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        reason: high ? 'HighRestarts' : 'RecentRestart',
        message: last
          ? `last termination ${last.reason ?? 'unknown'} (exit code ${last.exitCode ?? '?'})`
          : undefined,
        count: restarts,
        countOf: 'restarts',
        since: last?.finishedAt,
        hint: [
          shownBy('read the previous log', 'k8s-get-logs', {
            namespace: pod.metadata.namespace,
            pod: pod.metadata.name,
            previous: true,
          }),
        ],
      });
    }
    return out;
  },
};
