import { conditionOf, type Job } from '../../k8s/objects/index.js';
import { clip, type Detector, type Finding, shownBy } from './detector.js';

/** Jobs that failed (BackoffLimitExceeded, DeadlineExceeded, ...). */
export const jobFailedDetector: Detector = {
  name: 'job-failed',
  description: 'Failed Jobs (BackoffLimitExceeded, DeadlineExceeded), with the failed pod count',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const job of snapshot.all<Job>('Job')) {
      const c = conditionOf(job, 'Failed');
      if (c?.status !== 'True') continue;
      out.push({
        detector: this.name,
        severity: 'warning',
        kind: 'Job',
        namespace: job.metadata.namespace,
        name: job.metadata.name,
        reason: c.reason ?? 'Failed',
        message: clip(
          `${c.message ?? 'job failed'}; ${job.status?.failed ?? 0} failed pods, backoffLimit ${job.spec?.backoffLimit ?? 6}`,
        ),
        count: job.status?.failed ?? 0,
        countOf: 'failed pods',
        since: c.lastTransitionTime,
        hint: [
          shownBy("read a failed pod's log", 'k8s-get-pods', {
            namespace: job.metadata.namespace,
            labelSelector: `job-name=${job.metadata.name}`,
          }),
        ],
      });
    }
    return out;
  },
};
