import { type EdgeRule, rec, recs, refOf, str } from './edge-rule.js';

/** serves: EndpointSlice → the pods its endpoints' targetRef name (the ready and the not-ready ones). */
export const servesRule: EdgeRule = {
  name: 'serves',
  types: ['serves'],
  sources: ['EndpointSlice'],
  derive(obj) {
    const from = refOf(obj, 'EndpointSlice');
    return recs(obj.endpoints).flatMap((e) => {
      const t = rec(e.targetRef);
      const name = str(t?.name);
      if (!t || t.kind !== 'Pod' || !name) return [];
      return [
        {
          type: 'serves' as const,
          from,
          to: { kind: 'Pod', namespace: str(t.namespace) ?? obj.metadata.namespace, name },
        },
      ];
    });
  },
};
