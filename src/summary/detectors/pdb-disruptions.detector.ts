import { conditionOf, type PodDisruptionBudget } from '../../k8s/objects/index.js';
import { clip, type Detector, type Finding } from './detector.js';

/** PDBs that allow no disruption: node drains and upgrades will block on them. */
export const pdbDisruptionsDetector: Detector = {
  name: 'pdb-disruptions',
  description: 'PodDisruptionBudgets allowing no disruption (drains and upgrades block)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const pdb of snapshot.all<PodDisruptionBudget>('PodDisruptionBudget')) {
      const s = pdb.status;
      if (!s || s.disruptionsAllowed === undefined || s.disruptionsAllowed > 0) continue;
      const c = conditionOf(pdb, 'DisruptionAllowed');
      out.push({
        detector: this.name,
        severity: 'warning',
        kind: 'PodDisruptionBudget',
        namespace: pdb.metadata.namespace,
        name: pdb.metadata.name,
        reason: c?.reason ?? 'NoDisruptionsAllowed',
        message: clip(
          `0 disruptions allowed: ${s.currentHealthy ?? 0} healthy of ${s.expectedPods ?? 0} expected, ${s.desiredHealthy ?? 0} required`,
        ),
        count: s.expectedPods ?? 0,
        countOf: 'expected pods',
        since: c?.lastTransitionTime,
        hint: [
          (s.expectedPods ?? 0) === 0
            ? 'the selector matches no pod: fix it or delete the budget'
            : 'more pods must be healthy, or the budget is stricter than the replica count allows',
        ],
      });
    }
    return out;
  },
};
