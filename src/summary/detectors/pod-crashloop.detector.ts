import { clip, type Detector, type Finding, shownBy } from './detector.js';
import { containerStatuses, isDeleting } from './pod-helpers.js';

/** Containers in CrashLoopBackOff, with the last termination's reason, exit code and message. */
export const podCrashLoopDetector: Detector = {
  name: 'pod-crashloop',
  description: 'Pod containers in CrashLoopBackOff (with the last termination reason and exit code)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const pod of snapshot.podsOfInterest()) {
      if (isDeleting(pod)) continue;
      for (const c of containerStatuses(pod)) {
        if (c.state?.waiting?.reason !== 'CrashLoopBackOff') continue;
        const last = c.lastState?.terminated;
        const lastText = last
          ? `last termination ${last.reason ?? 'unknown'} (exit code ${last.exitCode ?? '?'})${last.message ? `: ${last.message}` : ''}`
          : 'no last termination recorded';
        out.push({
          detector: this.name,
          severity: 'critical',
          kind: 'Pod',
          namespace: pod.metadata.namespace,
          name: pod.metadata.name,
          reason: 'CrashLoopBackOff',
          message: clip(`container ${c.name}: ${lastText}`),
          count: c.restartCount ?? 0,
          countOf: 'restarts',
          since: last?.finishedAt,
          hint: [
            shownBy("read the crashed container's log", 'k8s-get-logs', {
              namespace: pod.metadata.namespace,
              pod: pod.metadata.name,
              container: c.name,
              previous: true,
            }),
          ],
        });
        break;
      }
    }
    return out;
  },
};
