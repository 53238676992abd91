import { openPageToken, sealPageToken } from './page-token.js';

describe('page tokens', () => {
  const apiToken = Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv: 42, start: '/hidden-ns/x\u0000' }),
  ).toString('base64url');

  it('round-trips and says nothing of what it carries', () => {
    const sealed = sealPageToken(apiToken);
    expect(openPageToken(sealed)).toBe(apiToken);
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('hidden-ns');
    // A fresh IV each time: two pages with the same position do not compare equal.
    expect(sealPageToken(apiToken)).not.toBe(sealed);
  });

  it.each([
    ['an API server token handed in directly', apiToken],
    ['traversal', '../../api/v1/secrets'],
    ['unicode', 'página-siguiente-🙂'],
    ['a cache token', 'cache:eyJhIjoiYS9iIn0'],
    ['too short to hold an IV and tag', 'AAAA'],
    ['huge', 'A'.repeat(100_000)],
  ])('refuses %s with a message that names the argument', (_label, token) => {
    expect(() => openPageToken(token)).toThrow(/^continue: not a token this server issued/);
  });

  it('refuses a token with one bit flipped', () => {
    const raw = Buffer.from(sealPageToken(apiToken), 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => openPageToken(raw.toString('base64url'))).toThrow(/not a token this server issued/);
  });
});
