import { type EdgeRule, rec, refOf, str } from './edge-rule.js';

/** bound: PersistentVolumeClaim → the PersistentVolume it is bound to (spec.volumeName). */
export const boundRule: EdgeRule = {
  name: 'bound',
  types: ['bound'],
  sources: ['PersistentVolumeClaim'],
  derive(obj) {
    const pv = str(rec(obj.spec)?.volumeName);
    return pv
      ? [
          {
            type: 'bound',
            from: refOf(obj, 'PersistentVolumeClaim'),
            to: { kind: 'PersistentVolume', name: pv },
          },
        ]
      : [];
  },
};
