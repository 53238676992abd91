import { type EdgeRule, rec, recs, refOf, str } from './edge-rule.js';

/**
 * storage-class: PersistentVolumeClaim / PersistentVolume / StatefulSet volumeClaimTemplates → the
 * StorageClass they name. An unset class (the default class applies) or "" (no class) makes no edge.
 */
export const storageClassRule: EdgeRule = {
  name: 'storage-class',
  types: ['storage-class'],
  sources: ['PersistentVolumeClaim', 'PersistentVolume', 'StatefulSet'],
  derive(obj, kind) {
    const spec = rec(obj.spec) ?? {};
    const names =
      kind === 'StatefulSet'
        ? recs(spec.volumeClaimTemplates).map((t) => str(rec(t.spec)?.storageClassName))
        : [str(spec.storageClassName)];
    const from = refOf(obj, kind);
    return [...new Set(names.filter((n): n is string => !!n))].map((name) => ({
      type: 'storage-class' as const,
      from,
      to: { kind: 'StorageClass', name },
    }));
  },
};
