import type { CronJob } from '../../k8s/objects/index.js';
import type { Detector, Finding } from './detector.js';

/** Suspended CronJobs: intended sometimes, forgotten often. */
export const cronJobSuspendedDetector: Detector = {
  name: 'cronjob-suspended',
  description: 'Suspended CronJobs (no runs are scheduled)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const cj of snapshot.all<CronJob>('CronJob')) {
      if (!cj.spec?.suspend) continue;
      out.push({
        detector: this.name,
        severity: 'info',
        kind: 'CronJob',
        namespace: cj.metadata.namespace,
        name: cj.metadata.name,
        reason: 'Suspended',
        message: `schedule "${cj.spec.schedule ?? ''}" is suspended; last run ${cj.status?.lastScheduleTime ?? 'never'}`,
        since: cj.status?.lastScheduleTime,
        hint: ['resume it (spec.suspend: false) if the suspension is no longer intended'],
      });
    }
    return out;
  },
};
