import { type EdgeRule, rec, refOf, str } from './edge-rule.js';

/** runs-on: Pod → the Node it is scheduled on (none while Pending unscheduled). */
export const runsOnRule: EdgeRule = {
  name: 'runs-on',
  types: ['runs-on'],
  sources: ['Pod'],
  derive(obj) {
    const node = str(rec(obj.spec)?.nodeName);
    return node ? [{ type: 'runs-on', from: refOf(obj, 'Pod'), to: { kind: 'Node', name: node } }] : [];
  },
};
