import { computeHealthScore, healthBand, type HealthInputs } from './health-score.js';

const healthy: HealthInputs = {
  cpuPercent: 10,
  memoryPercent: 40,
  errorRatePercent: 0,
  syncHealth: 100,
  responseTimeSeconds: 0.05,
};

describe(computeHealthScore.name, () => {
  it('gives 100 (excellent) when every component is within its threshold', () => {
    const sut = computeHealthScore({ ...healthy, cpuPercent: 80, memoryPercent: 80, responseTimeSeconds: 1 });
    expect(sut.score).toBe(100);
    expect(sut.band).toBe('excellent');
    expect(Object.values(sut.components).map((c) => c.score)).toEqual([100, 100, 100, 100, 100]);
  });

  it.each<[string, Partial<HealthInputs>, number, string]>([
    ['sync at 50 → 90', { syncHealth: 50 }, 90, 'excellent'],
    ['sync at 45 → 89', { syncHealth: 45 }, 89, 'good'],
    ['no sync and 5/3 % errors → 75', { syncHealth: 0, errorRatePercent: 5 / 3 }, 75, 'good'],
    ['no sync and 2 % errors → 74', { syncHealth: 0, errorRatePercent: 2 }, 74, 'warning'],
    ['no sync and 20/3 % errors → 60', { syncHealth: 0, errorRatePercent: 20 / 3 }, 60, 'warning'],
    ['no sync and 7 % errors → 59', { syncHealth: 0, errorRatePercent: 7 }, 59, 'critical'],
    [
      'no sync, 10 % errors, 5 s responses → 40',
      { syncHealth: 0, errorRatePercent: 10, responseTimeSeconds: 5 },
      40,
      'critical',
    ],
    [
      'and CPU at 81 % → 39',
      { syncHealth: 0, errorRatePercent: 10, responseTimeSeconds: 5, cpuPercent: 81 },
      39,
      'emergency',
    ],
    [
      'everything at or past its limit → 0',
      { syncHealth: 0, errorRatePercent: 50, responseTimeSeconds: 30, cpuPercent: 100, memoryPercent: 100 },
      0,
      'emergency',
    ],
  ])('%s', (_label, change, score, band) => {
    const sut = computeHealthScore({ ...healthy, ...change });
    expect(sut.score).toBe(score);
    expect(sut.band).toBe(band);
  });

  it('penalises CPU and memory linearly from 80 % to 100 %', () => {
    const sut = computeHealthScore({ ...healthy, cpuPercent: 90, memoryPercent: 95 });
    expect(sut.components.cpu.score).toBe(50);
    expect(sut.components.memory.score).toBe(25);
    expect(sut.score).toBe(100 - 10 - 15);
  });

  it('penalises response time linearly from 1 s to 5 s', () => {
    expect(computeHealthScore({ ...healthy, responseTimeSeconds: 3 }).components.response_time.score).toBe(
      50,
    );
  });

  it('treats a missing (NaN) measurement as the worst value, not as healthy', () => {
    const sut = computeHealthScore({ ...healthy, cpuPercent: Number.NaN, syncHealth: Number.NaN });
    expect(sut.components.cpu.score).toBe(0);
    expect(sut.components.sync.score).toBe(0);
  });

  it('weights the components 20/20/30/20/10', () => {
    const weights = Object.values(computeHealthScore(healthy).components).map((c) => c.weight);
    expect(weights).toEqual([20, 20, 30, 20, 10]);
  });
});

describe(healthBand.name, () => {
  it.each([
    [100, 'excellent'],
    [90, 'excellent'],
    [89, 'good'],
    [75, 'good'],
    [74, 'warning'],
    [60, 'warning'],
    [59, 'critical'],
    [40, 'critical'],
    [39, 'emergency'],
    [0, 'emergency'],
  ])('puts %i in %s', (score, band) => {
    expect(healthBand(score)).toBe(band);
  });
});
