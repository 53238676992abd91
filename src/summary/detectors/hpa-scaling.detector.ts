import { conditionOf, type HorizontalPodAutoscaler } from '../../k8s/objects/index.js';
import { clip, type Detector, type Finding } from './detector.js';

/** HPAs that cannot scale (AbleToScale/ScalingActive False) or are pinned at maxReplicas. */
export const hpaScalingDetector: Detector = {
  name: 'hpa-scaling',
  description:
    'HorizontalPodAutoscalers unable to scale (metrics or scale subresource failing) or limited at maxReplicas',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const hpa of snapshot.all<HorizontalPodAutoscaler>('HorizontalPodAutoscaler')) {
      const base = {
        detector: this.name,
        kind: 'HorizontalPodAutoscaler',
        namespace: hpa.metadata.namespace,
        name: hpa.metadata.name,
      };
      const able = conditionOf(hpa, 'AbleToScale');
      const active = conditionOf(hpa, 'ScalingActive');
      const broken =
        able?.status === 'False'
          ? able
          : active?.status === 'False' && active.reason !== 'ScalingDisabled'
            ? active
            : undefined;
      if (broken) {
        out.push({
          ...base,
          severity: 'warning',
          reason: broken.reason ?? 'UnableToScale',
          message: clip(broken.message),
          since: broken.lastTransitionTime,
          hint: ['check the metrics API (metrics-server or an adapter) and the scale target'],
        });
        continue;
      }
      const limited = conditionOf(hpa, 'ScalingLimited');
      const max = hpa.spec?.maxReplicas;
      const atMax =
        max !== undefined &&
        (hpa.status?.currentReplicas ?? 0) >= max &&
        (hpa.status?.desiredReplicas ?? 0) >= max;
      if (
        (limited?.status === 'True' && limited.reason === 'TooManyReplicas') ||
        (limited?.status === 'True' && atMax)
      ) {
        out.push({
          ...base,
          severity: 'info',
          reason: 'LimitedAtMax',
          message: clip(
            `${hpa.status?.currentReplicas ?? 0}/${max ?? '?'} replicas (maxReplicas); ${limited?.message ?? ''}`,
          ),
          count: hpa.status?.desiredReplicas,
          countOf: 'desired replicas',
          since: limited?.lastTransitionTime,
          hint: ['the load wants more replicas than allowed: raise maxReplicas or add capacity'],
        });
      }
    }
    return out;
  },
};
