import { similarNames } from './similar-names.js';

describe(similarNames.name, () => {
  it('suggests pods whose names start with or contain what was asked for', () => {
    const sut = similarNames('web', ['web-7d9f-abcde', 'web-7d9f-xyz12', 'db-0', 'cache-web']);
    expect(sut).toEqual(['web-7d9f-abcde', 'web-7d9f-xyz12', 'cache-web']);
  });

  it('suggests nothing for unrelated names', () => {
    expect(similarNames('zzz', ['web-1', 'db-0'])).toEqual([]);
  });

  it('lists at most five names, prefix matches first, ties in name order', () => {
    const names = ['config-f', 'config-b', 'config-e', 'config-a', 'config-d', 'config-c', 'conf'];
    const sut = similarNames('config-x', names);
    expect(sut).toEqual(['conf', 'config-a', 'config-b', 'config-c', 'config-d']);
  });

  it('suggests namespaces a typo away: a swapped pair, a dropped or doubled letter', () => {
    const namespaces = ['default', 'shop', 'ops', 'kube-system'];
    expect(similarNames('shpo', namespaces)).toEqual(['shop']);
    expect(similarNames('shopp', namespaces)).toEqual(['shop']);
    expect(similarNames('defualt', namespaces)).toEqual(['default']);
    expect(similarNames('kube-sytem', namespaces)).toEqual(['kube-system']);
    expect(similarNames('nope', namespaces)).toEqual([]);
  });
});
