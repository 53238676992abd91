import { AppError } from '../common/errors/app-error.js';
import { NamespacePolicy } from './namespace-policy.js';

const policy = (allowed: string[], forbidden: string[]) =>
  new NamespacePolicy({ K8S_ALLOWED_NAMESPACES: allowed, K8S_FORBIDDEN_NAMESPACES: forbidden });

describe(NamespacePolicy.name, () => {
  it('allows every namespace when no list is set', () => {
    const sut = policy([], []);
    expect(sut.isAllowed('kube-system')).toBe(true);
    expect(sut.unrestricted).toBe(true);
    expect(sut.explicitNamespaces()).toBeUndefined();
  });

  it('allows only listed namespaces with an allow-list', () => {
    const sut = policy(['shop', 'data'], []);
    expect(sut.isAllowed('shop')).toBe(true);
    expect(sut.isAllowed('ops')).toBe(false);
    expect(sut.explicitNamespaces()).toEqual(['data', 'shop']);
  });

  it('lets the deny list win over the allow list', () => {
    const sut = policy(['shop', 'data'], ['data']);
    expect(sut.isAllowed('data')).toBe(false);
    expect(sut.explicitNamespaces()).toEqual(['shop']);
    expect(sut.unrestricted).toBe(false);
  });

  it('refuses a denied namespace with POLICY.NAMESPACE_DENIED naming it and the visible ones', () => {
    const sut = policy(['shop'], []);
    expect(() => sut.assertAllowed('ops')).toThrow(AppError);
    try {
      sut.assertAllowed('ops');
    } catch (err) {
      expect((err as AppError).code).toBe('POLICY.NAMESPACE_DENIED');
      expect((err as AppError).describe()).toBe(
        "namespace 'ops' is not accessible through this server — accessible namespaces: shop",
      );
    }
  });

  it('does not name forbidden namespaces in its refusal when only a deny list is set', () => {
    const sut = policy([], ['secret-ns', 'other']);
    expect(() => sut.assertAllowed('secret-ns')).toThrow(/not accessible/);
    try {
      sut.assertAllowed('secret-ns');
    } catch (err) {
      expect((err as AppError).hint).not.toContain('other');
    }
  });

  it('redacts whole-word mentions of denied namespaces in free text only', () => {
    const sut = policy([], ['ops', 'secret-ns']);
    expect(
      sut.redactDeniedNames(
        'Failed to create endpoint for service secret-ns/api in ops; devops and ops-2 stay',
      ),
    ).toBe(
      'Failed to create endpoint for service <hidden namespace>/api in <hidden namespace>; devops and ops-2 stay',
    );
    expect(policy([], []).redactDeniedNames('secret-ns/api')).toBe('secret-ns/api');
  });
});
