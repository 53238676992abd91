import { NOTHING, PersonView } from './person-view.js';

describe(PersonView.name, () => {
  const alice = new PersonView(
    new Set(['Node']),
    new Map([
      ['Pod', new Set(['a'])],
      ['Secret', new Set()],
    ]),
  );

  it('shows a kind where it may be listed, and nowhere else', () => {
    expect(alice.mayRead('Pod', 'a')).toBe(true);
    expect(alice.mayRead('Pod', 'b')).toBe(false);
    expect(alice.mayRead('Secret', 'a')).toBe(false);
    expect(alice.mayRead('Node', undefined)).toBe(true);
    expect(alice.mayRead('Deployment', 'a')).toBe(false);
  });

  it('shows a namespace in which something may be listed; a cluster-scoped kind shows none', () => {
    expect(alice.seesNamespace('a')).toBe(true);
    expect(alice.seesNamespace('b')).toBe(false);
    const everywhere = new PersonView(new Set(['Pod']), new Map(), new Set(['Pod']));
    expect(everywhere.seesNamespace('anything')).toBe(true);
  });

  it('NOTHING shows nothing', () => {
    expect(NOTHING.mayRead('Pod', 'a')).toBe(false);
    expect(NOTHING.seesNamespace('a')).toBe(false);
  });
});
