import { type Pod, podServiceAccount } from '../../k8s/objects/index.js';
import { type EdgeRule, refOf, sameNamespace } from './edge-rule.js';

/** service-account: Pod → its ServiceAccount ("default" when the spec names none, as admission sets it). */
export const serviceAccountRule: EdgeRule = {
  name: 'service-account',
  types: ['service-account'],
  sources: ['Pod'],
  derive(obj) {
    const name = podServiceAccount(obj as Pod);
    return [
      { type: 'service-account', from: refOf(obj, 'Pod'), to: sameNamespace(obj, 'ServiceAccount', name) },
    ];
  },
};
