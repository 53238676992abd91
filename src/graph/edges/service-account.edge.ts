import { type EdgeRule, rec, refOf, sameNamespace, str } from './edge-rule.js';

/** service-account: Pod → its ServiceAccount ("default" when the spec names none, as admission sets it). */
export const serviceAccountRule: EdgeRule = {
  name: 'service-account',
  types: ['service-account'],
  sources: ['Pod'],
  derive(obj) {
    const spec = rec(obj.spec) ?? {};
    const name = str(spec.serviceAccountName) ?? str(spec.serviceAccount) ?? 'default';
    return [
      { type: 'service-account', from: refOf(obj, 'Pod'), to: sameNamespace(obj, 'ServiceAccount', name) },
    ];
  },
};
