import { AppError } from '../common/errors/app-error.js';
import { matchesLabels, parseLabelSelector } from './label-selector.js';

const matches = (selector: string, labels?: Record<string, string>) =>
  matchesLabels(parseLabelSelector(selector), labels);

describe(parseLabelSelector.name, () => {
  it('parses every kubectl operator', () => {
    const sut = parseLabelSelector('a=1, b==2,c!=3,d in (x, y),e notin (z),f,!g,example.com/h=v');
    expect(sut.requirements).toEqual([
      { key: 'a', op: 'in', values: ['1'] },
      { key: 'b', op: 'in', values: ['2'] },
      { key: 'c', op: 'notin', values: ['3'] },
      { key: 'd', op: 'in', values: ['x', 'y'] },
      { key: 'e', op: 'notin', values: ['z'] },
      { key: 'f', op: 'exists' },
      { key: 'g', op: '!exists' },
      { key: 'example.com/h', op: 'in', values: ['v'] },
    ]);
    expect(sut.equalities).toEqual(['a=1', 'b=2', 'example.com/h=v']);
  });

  it('treats an empty selector as matching everything', () => {
    expect(parseLabelSelector('').requirements).toEqual([]);
    expect(matches('', undefined)).toBe(true);
  });

  it('accepts an empty value, as Kubernetes does', () => {
    expect(matches('a=', { a: '' })).toBe(true);
    expect(matches('a=', { a: 'x' })).toBe(false);
  });

  it.each([
    ['a=b=c', "invalid label value 'b=c'"],
    ['a in (x', 'unbalanced parentheses'],
    ['a in x', "cannot parse requirement 'a in x'"],
    ['-a=1', "invalid label key '-a'"],
    ['a,,b', 'empty requirement'],
    ['Bad_Prefix/a=1', "invalid label key prefix 'Bad_Prefix'"],
    [`a=${'x'.repeat(64)}`, 'invalid label value'],
  ])('refuses %s as INPUT.INVALID naming the selector', (selector, why) => {
    let err: unknown;
    try {
      parseLabelSelector(selector);
    } catch (e) {
      err = e;
    }
    expect(AppError.is(err, 'INPUT.INVALID')).toBe(true);
    expect((err as AppError).message).toContain(`labelSelector: unable to parse '${selector}'`);
    expect((err as AppError).message).toContain(why);
  });
});

describe(matchesLabels.name, () => {
  const web = { app: 'web', tier: 'front' };

  it('matches equality and inequality; a missing key satisfies != and notin', () => {
    expect(matches('app=web', web)).toBe(true);
    expect(matches('app==db', web)).toBe(false);
    expect(matches('app!=db', web)).toBe(true);
    expect(matches('app!=web', web)).toBe(false);
    expect(matches('zone!=a', web)).toBe(true);
    expect(matches('zone notin (a)', web)).toBe(true);
    expect(matches('app=web', undefined)).toBe(false);
  });

  it('matches set-based requirements and existence', () => {
    expect(matches('app in (db,web)', web)).toBe(true);
    expect(matches('app notin (db,web)', web)).toBe(false);
    expect(matches('tier', web)).toBe(true);
    expect(matches('!tier', web)).toBe(false);
    expect(matches('!zone', web)).toBe(true);
    expect(matches('app=web,tier in (back)', web)).toBe(false);
  });
});
