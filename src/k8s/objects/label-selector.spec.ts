import { AppError } from '../../common/errors/app-error.js';
import { equalitiesOf, matchesSelector, parseLabelSelector, selectsSome } from './label-selector.js';

const matches = (selector: string, labels?: Record<string, string>) =>
  matchesSelector(parseLabelSelector(selector), labels);

describe(parseLabelSelector.name, () => {
  it('parses every kubectl operator', () => {
    const sut = parseLabelSelector('a=1, b==2,c!=3,d in (x, y),e notin (z),f,!g,example.com/h=v');
    expect(sut).toEqual({
      matchLabels: { a: '1', b: '2', 'example.com/h': 'v' },
      matchExpressions: [
        { key: 'c', operator: 'NotIn', values: ['3'] },
        { key: 'd', operator: 'In', values: ['x', 'y'] },
        { key: 'e', operator: 'NotIn', values: ['z'] },
        { key: 'f', operator: 'Exists' },
        { key: 'g', operator: 'DoesNotExist' },
      ],
    });
    expect(equalitiesOf(sut)).toEqual(['a=1', 'b=2', 'example.com/h=v']);
  });

  it('treats an empty selector as matching everything', () => {
    expect(parseLabelSelector('')).toEqual({});
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

describe(matchesSelector.name, () => {
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

describe('one LabelSelector for objects and callers', () => {
  it('a second value for one key is an In requirement, so both must hold', () => {
    const sut = parseLabelSelector('a=1,a=2');
    expect(sut).toEqual({
      matchLabels: { a: '1' },
      matchExpressions: [{ key: 'a', operator: 'In', values: ['2'] }],
    });
    expect(matchesSelector(sut, { a: '1' })).toBe(false);
  });

  it('an object selector with an unknown operator selects nothing; an empty one selects nothing for selectsSome', () => {
    expect(matchesSelector({ matchExpressions: [{ key: 'a', operator: 'Like' }] }, { a: 'x' })).toBe(false);
    expect(matchesSelector({}, { a: 'x' })).toBe(true);
    expect(selectsSome({}, { a: 'x' })).toBe(false);
    expect(selectsSome(undefined, { a: 'x' })).toBe(false);
    expect(selectsSome({ matchLabels: { a: 'x' } }, { a: 'x' })).toBe(true);
  });

  it('a label named like an Object.prototype member is not matched by accident', () => {
    expect(matchesSelector({ matchLabels: { constructor: 'x' } }, {})).toBe(false);
  });
});
