import { type AccessAttributes, forbidden, reviewKey } from './access-review.service.js';

const alice = { username: 'alice', groups: ['team-a'] };
const bob = { username: 'bob', groups: ['team-b'] };
const listPodsA: AccessAttributes = { verb: 'list', group: '', resource: 'pods', namespace: 'a' };

describe(reviewKey.name, () => {
  it('never lets one person reuse another person’s answer', () => {
    expect(reviewKey(alice, listPodsA)).not.toBe(reviewKey(bob, listPodsA));
    // Same name, other groups: another person as far as RBAC is concerned.
    expect(reviewKey(alice, listPodsA)).not.toBe(reviewKey({ ...alice, groups: ['team-b'] }, listPodsA));
    expect(reviewKey(alice, listPodsA)).toBe(reviewKey({ ...alice, groups: ['team-a'] }, { ...listPodsA }));
  });

  it('tells every attribute apart: verb, group, resource, namespace, name, cluster scope', () => {
    const keys = new Set(
      [
        listPodsA,
        { ...listPodsA, verb: 'get' as const },
        { ...listPodsA, group: 'apps' },
        { ...listPodsA, resource: 'secrets' },
        { ...listPodsA, namespace: 'b' },
        { ...listPodsA, namespace: undefined },
        { ...listPodsA, name: 'p' },
      ].map((a) => reviewKey(alice, a)),
    );
    expect(keys.size).toBe(7);
  });
});

describe(forbidden.name, () => {
  it('words a denial as the API server words its 403', () => {
    const err = forbidden(alice, { ...listPodsA, namespace: 'b' }, 'pods');
    expect(err.code).toBe('K8S.FORBIDDEN');
    expect(err.message).toBe(
      `failed to list pods in namespace 'b': pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "b"`,
    );
    const get = forbidden(
      alice,
      { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'b', name: 'web' },
      'deployment',
    );
    expect(get.message).toContain(
      `deployments.apps "web" is forbidden: User "alice" cannot get resource "deployments" in API group "apps" in the namespace "b"`,
    );
    expect(forbidden(alice, { verb: 'list', group: '', resource: 'nodes' }, 'nodes').message).toContain(
      'at the cluster scope',
    );
  });
});
