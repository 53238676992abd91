import fc from 'fast-check';
import { AppError } from '../common/errors/app-error.js';
import {
  assertNameArguments,
  isNamespaceName,
  namespaceNameProblem,
  objectNameProblem,
} from './namespace-name.js';

/** The hostile strings of issue 11, and a few more. */
const HOSTILE = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  'a/../b',
  'hidden/',
  '/hidden',
  'Hidden',
  'HIDDEN',
  ' hidden',
  'hidden ',
  'hid den',
  'hidden\n',
  'hidden\u0000',
  'hіdden', // Cyrillic і
  'ｈｉｄｄｅｎ', // full-width
  'hidden\u200b',
  'a'.repeat(64),
  '',
  '-hidden',
  'hidden-',
  'hidden.svc',
  'hidden%00',
  '..%2f',
  '\\..\\',
];

describe('namespace-name', () => {
  it.each(HOSTILE)('refuses %j as a namespace name, echoing it quoted', (value) => {
    const problem = namespaceNameProblem(value, true);
    expect(problem).toMatch(/^expected a namespace name/);
    expect(problem).toContain(JSON.stringify(value.slice(0, 80)).slice(0, 40));
  });

  it('accepts DNS-1123 labels ("all" is one too; only some arguments give it a meaning)', () => {
    for (const ok of ['default', 'kube-system', 'a', '0', 'a'.repeat(63), 'x-1-y', 'all'])
      expect(namespaceNameProblem(ok, false)).toBeUndefined();
    expect(namespaceNameProblem('ALL', true)).toMatch(/or "all", got "ALL"$/);
  });

  it('agrees with a generated model of the DNS-1123 label rule', () => {
    const alnum = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
    const label = fc
      .tuple(
        fc.constantFrom(...alnum),
        fc.array(fc.constantFrom(...alnum, '-'), { maxLength: 61 }),
        fc.constantFrom(...alnum),
      )
      .map(([a, mid, z]) => a + mid.join('') + z);
    fc.assert(fc.property(label, (l) => isNamespaceName(l)));
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const expected = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(s);
        return isNamespaceName(s) === expected && !(isNamespaceName(s) && /[./%\s]/.test(s));
      }),
    );
  });

  it('refuses object names that would change a URL path, and keeps real ones', () => {
    for (const bad of ['', '.', '..', 'a/b', '../x', '%2e%2e', 'x%2f', 'a\nb', 'n'.repeat(254)])
      expect(objectNameProblem(bad)).toMatch(/^expected an object name/);
    for (const ok of ['web-0', 'my.config', 'system:controller:x', 'UPPER', '...', 'a..b'])
      expect(objectNameProblem(ok)).toBeUndefined();
  });

  it('checks arguments by name and names the bad one', () => {
    expect(() => assertNameArguments('k8s-get-pods', { namespace: 'all', limit: 3 })).not.toThrow();
    const err = (() => {
      try {
        assertNameArguments('k8s-get-logs', { namespace: 'shop', pod: '..' });
      } catch (e) {
        return e as AppError;
      }
      throw new Error('accepted');
    })();
    expect(err.code).toBe('INPUT.INVALID');
    expect(err.message).toMatch(/^invalid arguments for k8s-get-logs: pod: expected an object name/);
    expect(() =>
      assertNameArguments('k8s-what-changed', { relatedTo: { kind: 'Pod', name: 'x', namespace: '..' } }),
    ).toThrow(/^invalid arguments for k8s-what-changed: relatedTo.namespace: expected a namespace name/);
    expect(() => assertNameArguments('k8s-relation-query', { target_namespace: 'a/../b' })).toThrow(
      /target_namespace: expected a namespace name .*, got "a\/..\/b"$/,
    );
  });
});
