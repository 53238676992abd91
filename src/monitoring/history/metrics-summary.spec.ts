import { summariseSamples } from './metrics-summary.js';

describe(summariseSamples.name, () => {
  it('gives min, avg, max and nearest-rank p95 per metric', () => {
    const samples = Array.from({ length: 20 }, (_, i) => ({
      time: i,
      windowStart: i - 1,
      values: { 'system.cpu_percent': i + 1 },
    }));
    expect(summariseSamples(samples)).toEqual({
      'system.cpu_percent': { count: 20, min: 1, avg: 10.5, max: 20, p95: 19 },
    });
  });

  it('skips samples that do not carry a metric instead of counting them as zero', () => {
    const sut = summariseSamples([
      {
        time: 1,
        windowStart: 0,
        values: { 'tool.k8s-get-pods.execution_time': 0.2, 'system.cpu_percent': 1 },
      },
      { time: 2, windowStart: 1, values: { 'system.cpu_percent': 3 } },
    ]);
    expect(sut['tool.k8s-get-pods.execution_time']).toEqual({
      count: 1,
      min: 0.2,
      avg: 0.2,
      max: 0.2,
      p95: 0.2,
    });
    expect(sut['system.cpu_percent'].avg).toBe(2);
  });

  it('is empty without samples', () => {
    expect(summariseSamples([])).toEqual({});
  });
});
