import { type EdgeRule, rec, refOf, sameNamespace, str } from './edge-rule.js';

/** governs: StatefulSet → its governing (headless) Service, spec.serviceName, which gives pods their DNS names. */
export const governsRule: EdgeRule = {
  name: 'governs',
  types: ['governs'],
  sources: ['StatefulSet'],
  derive(obj) {
    const svc = str(rec(obj.spec)?.serviceName);
    return svc
      ? [{ type: 'governs', from: refOf(obj, 'StatefulSet'), to: sameNamespace(obj, 'Service', svc) }]
      : [];
  },
};
