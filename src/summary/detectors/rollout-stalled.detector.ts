import { conditionOf, type Workload } from '../../k8s/objects/index.js';
import { clip, type Detector, type Finding } from './detector.js';

/** Deployments whose rollout exceeded its progress deadline (Progressing=False, ProgressDeadlineExceeded). */
export const rolloutStalledDetector: Detector = {
  name: 'rollout-stalled',
  description: 'Deployment rollouts stalled past their progress deadline (ProgressDeadlineExceeded)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const d of snapshot.all<Workload>('Deployment')) {
      const c = conditionOf(d, 'Progressing');
      if (c?.status !== 'False' || c.reason !== 'ProgressDeadlineExceeded') continue;
      out.push({
        detector: this.name,
        severity: 'warning',
        kind: 'Deployment',
        namespace: d.metadata.namespace,
        name: d.metadata.name,
        reason: 'ProgressDeadlineExceeded',
        message: clip(c.message),
        count: d.status?.updatedReplicas,
        countOf: 'updated replicas',
        since: c.lastTransitionTime,
        hint: ["the new ReplicaSet's pods do not become available: look at their anomalies, or roll back"],
      });
    }
    return out;
  },
};
