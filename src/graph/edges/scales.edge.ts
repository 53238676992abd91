import { type EdgeRule, rec, refOf, sameNamespace, str } from './edge-rule.js';

/** scales: HorizontalPodAutoscaler → its scaleTargetRef (a Deployment, StatefulSet, …) in its namespace. */
export const scalesRule: EdgeRule = {
  name: 'scales',
  types: ['scales'],
  sources: ['HorizontalPodAutoscaler'],
  derive(obj) {
    const target = rec(rec(obj.spec)?.scaleTargetRef);
    const kind = str(target?.kind);
    const name = str(target?.name);
    return kind && name
      ? [{ type: 'scales', from: refOf(obj, 'HorizontalPodAutoscaler'), to: sameNamespace(obj, kind, name) }]
      : [];
  },
};
