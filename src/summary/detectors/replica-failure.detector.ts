import { conditionOf, type Workload } from '../../k8s/objects/index.js';
import { clip, type Detector, type Finding } from './detector.js';

/** Deployments and ReplicaSets that cannot create pods (ReplicaFailure=True: quota, admission, ...). */
export const replicaFailureDetector: Detector = {
  name: 'replica-failure',
  description:
    'Deployments and ReplicaSets that fail to create pods (ReplicaFailure: quota, admission webhooks, ...)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const kind of ['Deployment', 'ReplicaSet'] as const) {
      for (const w of snapshot.all<Workload>(kind)) {
        const c = conditionOf(w, 'ReplicaFailure');
        if (c?.status !== 'True') continue;
        // A ReplicaSet's failure shows on its Deployment too; report the Deployment only.
        if (kind === 'ReplicaSet' && w.metadata.ownerReferences?.some((o) => o.kind === 'Deployment'))
          continue;
        out.push({
          detector: this.name,
          severity: 'critical',
          kind,
          namespace: w.metadata.namespace,
          name: w.metadata.name,
          reason: c.reason ?? 'ReplicaFailure',
          message: clip(c.message),
          since: c.lastTransitionTime,
          hint: ['check ResourceQuotas, LimitRanges and admission webhooks of the namespace'],
        });
      }
    }
    return out;
  },
};
