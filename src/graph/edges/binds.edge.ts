import { type EdgeRule, type EdgeSpec, rec, recs, refOf, str } from './edge-rule.js';

/**
 * binds: RoleBinding / ClusterRoleBinding → its roleRef (a Role of the binding's namespace or a
 * ClusterRole), and → its ServiceAccount subjects. Users and groups are not objects and make no edge.
 * The binding depends on its role; a subject's permissions depend on the binding (dependent: to).
 */
export const bindsRule: EdgeRule = {
  name: 'binds',
  types: ['binds'],
  sources: ['RoleBinding', 'ClusterRoleBinding'],
  derive(obj, kind) {
    const from = refOf(obj, kind);
    const edges: EdgeSpec[] = [];
    const roleRef = rec(obj.roleRef);
    const roleKind = str(roleRef?.kind);
    const roleName = str(roleRef?.name);
    if (roleName && (roleKind === 'Role' || roleKind === 'ClusterRole')) {
      edges.push({
        type: 'binds',
        from,
        to:
          roleKind === 'Role'
            ? { kind: 'Role', namespace: obj.metadata.namespace, name: roleName }
            : { kind: 'ClusterRole', name: roleName },
      });
    }
    for (const s of recs(obj.subjects)) {
      const name = str(s.name);
      const namespace = str(s.namespace) ?? obj.metadata.namespace;
      if (s.kind !== 'ServiceAccount' || !name || !namespace) continue;
      edges.push({ type: 'binds', from, to: { kind: 'ServiceAccount', namespace, name } });
    }
    return edges;
  },
};
