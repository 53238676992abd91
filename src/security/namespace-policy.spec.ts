import { AppError } from '../common/errors/app-error.js';
import { isNamespaceNotFound } from '../common/errors/not-found.js';
import { NamespacePolicy } from './namespace-policy.js';
import { sentStrings } from './masking.js';

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

  it('answers a hidden namespace exactly as a missing one (same code, text and hint)', () => {
    const sut = policy(['shop'], ['vault']);
    const hidden = (() => {
      try {
        sut.assertAllowed('ops');
      } catch (err) {
        return err as AppError;
      }
      throw new Error('ops was allowed');
    })();
    const missing = sut.namespaceNotFound('ops');
    expect(hidden.code).toBe('K8S.NOT_FOUND');
    expect(hidden.describe()).toBe(missing.describe());
    expect(hidden.describe()).toBe(
      `namespace 'ops' not found — k8s-list-resources with kind "namespaces" lists the namespaces this server shows`,
    );
    // Only the audit log learns that the policy refused it.
    expect(hidden.details).toEqual({ namespace: 'ops', denied: true });
    expect(missing.details).toEqual({ namespace: 'ops' });
    expect(isNamespaceNotFound(hidden)).toBe(true);
    expect(hidden.describe()).not.toContain('shop');
  });

  it('refuses namespaces the watch knows to be missing only when something is hidden', () => {
    const sut = policy([], ['vault']);
    expect(() => sut.assertVisible('nope')).not.toThrow(); // nothing seen yet: cannot tell
    sut.noteNamespaces(['default', 'shop', 'vault'], true);
    expect(() => sut.assertVisible('nope')).toThrow("namespace 'nope' not found");
    expect(() => sut.assertVisible('shop')).not.toThrow();
    const open = policy([], []);
    open.noteNamespaces(['default'], true);
    expect(() => open.assertVisible('nope')).not.toThrow();
  });

  it('masks hidden namespaces in free text, with the object name that goes with them', () => {
    const sut = policy([], ['ops', 'secret-ns']);
    expect(
      sut.maskText('Failed to create endpoint for service secret-ns/api in ops; devops and ops-2 stay'),
    ).toBe(
      'Failed to create endpoint for service <hidden namespace>/<hidden> in <hidden namespace>; devops and ops-2 stay',
    );
    expect(sut.maskText('forbidden: User "system:serviceaccount:ops:builder" cannot list')).toBe(
      'forbidden: User "system:serviceaccount:<hidden namespace>:<hidden>" cannot list',
    );
    expect(sut.maskText('dial api.ops.svc.cluster.local:443 and OPS/Thing')).toBe(
      'dial <hidden>.<hidden namespace>.svc.cluster.local:443 and <hidden namespace>/<hidden>',
    );
    expect(policy([], []).maskText('secret-ns/api')).toBe('secret-ns/api');
  });

  it('masks idempotently even when a namespace is called "hidden" or "namespace"', () => {
    const sut = policy([], ['hidden', 'namespace']);
    const once = sut.maskText('hidden/x and namespace');
    expect(once).toBe('<hidden namespace>/<hidden> and <hidden namespace>');
    expect(sut.maskText(once)).toBe(once);
  });

  it('keeps the strings the caller sent: masking an echo would confirm a guess', () => {
    const sut = policy([], ['vault']);
    expect(sut.maskText("namespace 'vault' not found", new Set(['vault']))).toBe(
      "namespace 'vault' not found",
    );
    expect(sut.maskText('vault/db in vault', new Set(['vault']))).toBe(
      '<hidden namespace>/<hidden> in vault',
    );
  });

  it('keeps a mention that is part of what the caller sent: as sent, JSON-escaped, trimmed or cut', () => {
    const sut = policy([], ['vault']);
    // Masking "vault/.." to "<hidden namespace>/.." would tell "vault" exists where "vaulx/.." stays.
    expect(sut.maskText("invalid label key 'vault/..'", new Set(['vault/..']))).toBe(
      "invalid label key 'vault/..'",
    );
    expect(sut.maskText('got "vault\\n"', new Set(['vault\n']))).toBe('got "vault\\n"');
    // A refusal that quotes the value it parsed (trimmed) echoes the caller's string too.
    expect(sut.maskText("kind: 'vault' is not a kind", sentStrings({ kind: ' vault\n' }))).toBe(
      "kind: 'vault' is not a kind",
    );
    expect(sut.maskText("relatedTo.kind: 'vault/x'", sentStrings({ relatedTo: { kind: 'vault/x' } }))).toBe(
      "relatedTo.kind: 'vault/x'",
    );
    // A refusal that echoes only the start of a long value.
    const long = `vault ${'z'.repeat(60)}`;
    expect(sut.maskText(`got '${long.slice(0, 40)}'`, new Set([long]))).toBe(`got '${long.slice(0, 40)}'`);
    // Outside the echo the name is still masked.
    expect(sut.maskText("'vault/..' and vault/db", new Set(['vault/..']))).toBe(
      "'vault/..' and <hidden namespace>/<hidden>",
    );
  });

  it('masks, under an allow-list, the names of the other namespaces the cluster has', () => {
    const sut = policy(['shop'], []);
    expect(sut.maskText('payments/api')).toBe('payments/api'); // not known yet
    sut.noteNamespaces(['shop', 'payments', 'kube-system']);
    expect(sut.maskText('payments/api calls shop/web via kube-system')).toBe(
      '<hidden namespace>/<hidden> calls shop/web via <hidden namespace>',
    );
  });

  it('masks every string and key of a structured answer, at any depth', () => {
    const sut = policy([], ['ops']);
    let deep: unknown = { note: 'ops/leak' };
    for (let i = 0; i < 40; i++) deep = { next: deep, [`ops-key-${i}`]: i };
    const value = { items: [{ labels: { ops: 'x' }, text: 'in ops' }], deep };
    const masked = sut.maskValue(value);
    expect(JSON.stringify(masked)).not.toMatch(/(?<![a-z<-])ops(?![a-z>-])/);
    expect(JSON.stringify(masked)).toContain('<hidden namespace>/<hidden>');
    expect(masked.items[0]!.labels).toEqual({ '<hidden namespace>': 'x' });
    const clean = { a: ['shop'], b: { c: 'web' } };
    expect(sut.maskValue(clean)).toBe(clean); // nothing to mask: no copy
  });

  it('masks references of objects into hidden namespaces under both list kinds', () => {
    const pv = {
      kind: 'PersistentVolume',
      metadata: { name: 'pv-1' },
      spec: { claimRef: { kind: 'PersistentVolumeClaim', namespace: 'ops', name: 'data-ops-0' } },
    };
    const binding = {
      kind: 'ClusterRoleBinding',
      metadata: { name: 'b' },
      subjects: [
        { kind: 'ServiceAccount', namespace: 'ops', name: 'builder' },
        { kind: 'ServiceAccount', namespace: 'shop', name: 'web' },
        { kind: 'Group', name: 'system:masters' },
      ],
    };
    const webhook = {
      webhooks: [{ clientConfig: { service: { namespace: 'ops', name: 'hook', port: 443 } } }],
    };
    for (const sut of [policy([], ['ops']), policy(['shop'], [])]) {
      expect(sut.maskReferences(pv).spec.claimRef).toEqual({
        kind: 'PersistentVolumeClaim',
        namespace: '<hidden namespace>',
        name: '<hidden>',
      });
      const subjects = sut.maskReferences(binding).subjects;
      expect(subjects[0]).toEqual({
        kind: 'ServiceAccount',
        namespace: '<hidden namespace>',
        name: '<hidden>',
      });
      expect(subjects.slice(1)).toEqual(binding.subjects.slice(1));
      expect(sut.maskReferences(webhook).webhooks[0]!.clientConfig.service).toEqual({
        namespace: '<hidden namespace>',
        name: '<hidden>',
        port: 443,
      });
    }
    const own = { metadata: { name: 'x', namespace: 'shop' }, spec: {} };
    expect(policy([], ['ops']).maskReferences(own)).toBe(own);
  });
});
