import { similarNames } from './pod-lookup.js';

describe(similarNames.name, () => {
  it('suggests pods whose names start with or contain what was asked for', () => {
    const sut = similarNames('web', ['web-7d9f-abcde', 'web-7d9f-xyz12', 'db-0', 'cache-web']);
    expect(sut).toEqual(['web-7d9f-abcde', 'web-7d9f-xyz12', 'cache-web']);
  });

  it('suggests nothing for unrelated names', () => {
    expect(similarNames('zzz', ['web-1', 'db-0'])).toEqual([]);
  });
});
