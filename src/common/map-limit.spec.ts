import { mapLimit } from './map-limit.js';

describe(mapLimit.name, () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const sut = await mapLimit([30, 5, 20, 1, 10, 2], 3, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return i * 10;
    });
    expect(sut).toEqual([0, 10, 20, 30, 40, 50]);
    expect(peak).toBe(3);
  });

  it('rejects with the first failure, and copes with an empty list', async () => {
    await expect(
      mapLimit([1, 2], 2, async (n) => (n === 2 ? Promise.reject(new Error('two')) : n)),
    ).rejects.toThrow('two');
    await expect(mapLimit([], 4, async () => 1)).resolves.toEqual([]);
  });
});
