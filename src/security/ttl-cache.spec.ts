import { TtlCache } from './ttl-cache.js';

describe(TtlCache.name, () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('answers within the TTL and forgets after it', () => {
    const sut = new TtlCache<boolean>(10_000, 10, clock);
    sut.set('k', true);
    now += 9_999;
    expect(sut.get('k')).toBe(true);
    now += 1;
    expect(sut.get('k')).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const sut = new TtlCache<number>(60_000, 3, clock);
    for (let i = 0; i < 5; i++) sut.set(`k${i}`, i);
    expect(sut.size).toBe(3);
    expect(sut.get('k0')).toBeUndefined();
    expect(sut.get('k1')).toBeUndefined();
    expect([sut.get('k2'), sut.get('k3'), sut.get('k4')]).toEqual([2, 3, 4]);
  });

  it('restarts the clock of a key set again, and keeps a false answer (a denial is an answer)', () => {
    const sut = new TtlCache<boolean>(10_000, 10, clock);
    sut.set('k', false);
    now += 8_000;
    sut.set('k', false);
    now += 8_000;
    expect(sut.get('k')).toBe(false);
  });

  it('refuses a zero TTL or size', () => {
    expect(() => new TtlCache(0, 1)).toThrow();
    expect(() => new TtlCache(1, 0)).toThrow();
  });
});
