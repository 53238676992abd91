import { formatAge } from './age.js';

describe(formatAge.name, () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  const ago = (s: number) => new Date(now - s * 1000).toISOString();

  it.each([
    [5, '5s'],
    [119, '119s'],
    [150, '2m30s'],
    [600, '10m'],
    [3 * 3600 + 120, '3h2m'],
    [30 * 3600, '30h'],
    [5 * 86400, '5d'],
    [800 * 86400, '2y'],
  ])('formats %i seconds as %s like kubectl', (seconds, expected) => {
    expect(formatAge(ago(seconds), now)).toBe(expected);
  });

  it('says unknown for a missing or broken timestamp', () => {
    expect(formatAge(undefined, now)).toBe('<unknown>');
    expect(formatAge('nonsense', now)).toBe('<unknown>');
  });
});
