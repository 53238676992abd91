import { conditionOf, type Workload } from '../../k8s/objects/index.js';
import { clip, type Detector, type Finding, shownBy } from './detector.js';

/** Desired and available replicas of a Deployment, StatefulSet or DaemonSet. */
export function replicaCounts(w: Workload): { desired: number; ready: number; available: number } {
  const s = w.status ?? {};
  if (w.kind === 'DaemonSet') {
    return {
      desired: s.desiredNumberScheduled ?? 0,
      ready: s.numberReady ?? 0,
      available: s.numberAvailable ?? 0,
    };
  }
  const desired = w.spec?.replicas ?? 1;
  const ready = s.readyReplicas ?? 0;
  // StatefulSets report availableReplicas only since 1.22; readyReplicas is the fallback.
  const available = s.availableReplicas ?? (w.kind === 'StatefulSet' ? ready : 0);
  return { desired, ready, available };
}

/** The workload kinds whose replicas the summaries count. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;

/** Workloads with fewer available replicas than desired: critical when none is available. */
export const workloadUnavailableDetector: Detector = {
  name: 'workload-unavailable',
  description:
    'Deployments, StatefulSets and DaemonSets with unavailable replicas (critical when none is available)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const kind of WORKLOAD_KINDS) {
      for (const w of snapshot.all<Workload>(kind)) {
        const { desired, available } = replicaCounts({ ...w, kind });
        if (desired === 0 || available >= desired) continue;
        const cond = conditionOf(w, 'Available');
        out.push({
          detector: this.name,
          severity: available === 0 ? 'critical' : 'warning',
          kind,
          namespace: w.metadata.namespace,
          name: w.metadata.name,
          reason: available === 0 ? 'Unavailable' : 'UnavailableReplicas',
          message: clip(
            `${available}/${desired} replicas available${cond?.message ? `; ${cond.message}` : ''}`,
          ),
          count: desired - available,
          countOf: 'replicas missing',
          since: cond?.status === 'False' ? cond.lastTransitionTime : undefined,
          hint: [
            shownBy("see its pods' problems", 'k8s-cluster-summary', {
              summary_type: 'anomalies',
              namespace: w.metadata.namespace,
            }),
          ],
        });
      }
    }
    return out;
  },
};
