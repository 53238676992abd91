import { anObject, lookupOf } from '../../../test/factories/graph-objects.js';
import { dependentEnd } from './edge-rule.js';
import { bindsRule as sut } from './binds.edge.js';

describe('bindsRule', () => {
  it('RoleBinding → its Role and ServiceAccount subjects (which depend on it); users make no edge', () => {
    const rb = anObject(
      'RoleBinding',
      'frontend-read',
      { namespace: 'shop' },
      {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'config-reader' },
        subjects: [
          { kind: 'ServiceAccount', name: 'frontend' },
          { kind: 'ServiceAccount', name: 'reporter', namespace: 'ops' },
          { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
        ],
      },
    );
    expect(
      sut
        .derive(rb, 'RoleBinding', lookupOf([]))
        .map(
          (e) =>
            `${e.to.kind}/${e.to.namespace}/${e.to.name}:${dependentEnd(e.type, e.from.kind, e.to.kind)}`,
        ),
    ).toEqual([
      'Role/shop/config-reader:from',
      'ServiceAccount/shop/frontend:to',
      'ServiceAccount/ops/reporter:to',
    ]);
  });

  it('ClusterRoleBinding → ClusterRole; RoleBinding → ClusterRole', () => {
    const crb = anObject(
      'ClusterRoleBinding',
      'k8s-mcp',
      {},
      {
        roleRef: { kind: 'ClusterRole', name: 'view' },
        subjects: [
          { kind: 'ServiceAccount', name: 'k8s-mcp', namespace: 'ops' },
          { kind: 'ServiceAccount', name: 'no-namespace' },
        ],
      },
    );
    expect(sut.derive(crb, 'ClusterRoleBinding', lookupOf([])).map((e) => e.to)).toEqual([
      { kind: 'ClusterRole', name: 'view' },
      { kind: 'ServiceAccount', namespace: 'ops', name: 'k8s-mcp' },
    ]);
    const rb = anObject(
      'RoleBinding',
      'v',
      { namespace: 'shop' },
      { roleRef: { kind: 'ClusterRole', name: 'view' } },
    );
    expect(sut.derive(rb, 'RoleBinding', lookupOf([]))[0]!.to).toEqual({ kind: 'ClusterRole', name: 'view' });
  });
});
