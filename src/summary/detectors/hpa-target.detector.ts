import type { HorizontalPodAutoscaler } from '../../k8s/objects/index.js';
import type { Detector, Finding } from './detector.js';

const TARGET_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

/** HPAs whose scale target does not exist. */
export const hpaTargetDetector: Detector = {
  name: 'hpa-target',
  description:
    'HorizontalPodAutoscalers whose scale target (Deployment, StatefulSet, ReplicaSet) does not exist',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const hpa of snapshot.all<HorizontalPodAutoscaler>('HorizontalPodAutoscaler')) {
      const target = hpa.spec?.scaleTargetRef;
      if (!target?.kind || !target.name || !TARGET_KINDS.has(target.kind) || !snapshot.watches(target.kind))
        continue;
      if (snapshot.get(target.kind, hpa.metadata.namespace, target.name)) continue;
      out.push({
        detector: this.name,
        severity: 'warning',
        kind: 'HorizontalPodAutoscaler',
        namespace: hpa.metadata.namespace,
        name: hpa.metadata.name,
        reason: 'TargetMissing',
        message: `scale target ${target.kind} ${target.name} not found`,
        hint: ['fix scaleTargetRef or delete the autoscaler'],
      });
    }
    return out;
  },
};
