import type { Detector, Finding } from './detector.js';
import { containerStatuses, isCrashLooping, isDeleting } from './pod-helpers.js';

/** Containers whose current or last termination was OOMKilled (crash-looping pods are reported as such). */
export const podOomKilledDetector: Detector = {
  name: 'pod-oomkilled',
  description: 'Containers killed for exceeding their memory limit (OOMKilled), now or at the last restart',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const pod of snapshot.podsOfInterest()) {
      if (isDeleting(pod) || isCrashLooping(pod)) continue;
      for (const c of containerStatuses(pod)) {
        const t = c.state?.terminated?.reason === 'OOMKilled' ? c.state.terminated : c.lastState?.terminated;
        if (t?.reason !== 'OOMKilled') continue;
        const limit = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find(
          (s) => s.name === c.name,
        )?.resources?.limits?.memory;
        out.push({
          detector: this.name,
          severity: 'warning',
          kind: 'Pod',
          namespace: pod.metadata.namespace,
          name: pod.metadata.name,
          reason: 'OOMKilled',
          message: `container ${c.name} was OOM-killed (exit code ${t.exitCode ?? 137}; memory limit ${limit ?? 'none'})`,
          count: c.restartCount ?? 0,
          countOf: 'restarts',
          since: t.finishedAt,
          hint: ["raise the memory limit or reduce the workload's memory use"],
        });
        break;
      }
    }
    return out;
  },
};
