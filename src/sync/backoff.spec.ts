import { Backoff, DEFAULT_BACKOFF } from './backoff.js';

describe(Backoff.name, () => {
  let now: number;
  const make = (random: number) =>
    new Backoff(
      DEFAULT_BACKOFF,
      () => now,
      () => random,
    );
  beforeEach(() => (now = 0));

  it('doubles from 0.8 s up to the 30 s cap', () => {
    const sut = make(0);
    const delays = Array.from({ length: 8 }, () => sut.next());
    expect(delays).toEqual([800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000]);
  });

  it('adds up to 100% jitter, never beyond the cap', () => {
    const sut = make(0.5);
    expect(sut.next()).toBe(1200);
    expect(sut.next()).toBe(2400);
    const capped = make(0.99);
    for (let i = 0; i < 10; i++) expect(capped.next()).toBeLessThanOrEqual(30_000);
  });

  it('starts over after a healthy period longer than 2 min', () => {
    const sut = make(0);
    sut.next();
    sut.next();
    now += 121_000;
    expect(sut.next()).toBe(800);
  });
});
