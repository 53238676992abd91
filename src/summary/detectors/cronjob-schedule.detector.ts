import { nextRun, parseCron } from '../cron.js';
import type { CronJob } from '../../k8s/objects/index.js';
import { type Detector, type Finding } from './detector.js';

/**
 * How late a run may be before it counts as missed when the CronJob sets no startingDeadlineSeconds:
 * the CronJob controller checks every 10 s, so 5 min is far beyond its normal lag.
 */
const DEFAULT_LATENESS_SECONDS = 300;

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT']);

/** CronJobs with a schedule that does not parse, or a scheduled run that never happened. */
export const cronJobScheduleDetector: Detector = {
  name: 'cronjob-schedule',
  description:
    'CronJobs with an invalid schedule, or missed scheduled runs (no run since a time the schedule required one)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const cj of snapshot.all<CronJob>('CronJob')) {
      const schedule = cj.spec?.schedule ?? '';
      const base = {
        detector: this.name,
        kind: 'CronJob',
        namespace: cj.metadata.namespace,
        name: cj.metadata.name,
      };
      let parsed;
      try {
        parsed = parseCron(schedule);
      } catch (err) {
        out.push({
          ...base,
          severity: 'warning',
          reason: 'InvalidSchedule',
          message: `schedule "${schedule}": ${(err as Error).message}`,
          hint: ['fix spec.schedule (five fields: minute hour day-of-month month day-of-week)'],
        });
        continue;
      }
      // Missed runs are computed in UTC only; other time zones would need a tz database here.
      if (!parsed || cj.spec?.suspend || (cj.spec?.timeZone && !UTC_ZONES.has(cj.spec.timeZone))) continue;
      const since = cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp;
      if (!since) continue;
      const due = nextRun(parsed, Date.parse(since));
      const lateness = cj.spec?.startingDeadlineSeconds ?? DEFAULT_LATENESS_SECONDS;
      if (due === undefined || due + lateness * 1000 > snapshot.now) continue;
      out.push({
        ...base,
        severity: 'warning',
        reason: 'MissedSchedule',
        message: `schedule "${schedule}" required a run at ${new Date(due).toISOString()}; last run ${cj.status?.lastScheduleTime ?? 'never'}`,
        since: new Date(due).toISOString(),
        hint: [
          'check the CronJob controller (kube-controller-manager), concurrencyPolicy and startingDeadlineSeconds',
        ],
      });
    }
    return out;
  },
};
