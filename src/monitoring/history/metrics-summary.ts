import type { MetricSample } from './metric-sample.js';

/** Statistics of one metric over the samples that carry it. */
export interface MetricStats {
  readonly count: number;
  readonly min: number;
  readonly avg: number;
  readonly max: number;
  readonly p95: number;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Nearest-rank percentile of sorted values (no interpolation: always a value that was seen). */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** min/avg/max/p95 per metric name; metrics missing from a sample (no calls then) are skipped there. */
export function summariseSamples(samples: readonly MetricSample[]): Record<string, MetricStats> {
  const series = new Map<string, number[]>();
  for (const s of samples) {
    for (const [name, value] of Object.entries(s.values)) {
      if (!Number.isFinite(value)) continue;
      let values = series.get(name);
      if (!values) series.set(name, (values = []));
      values.push(value);
    }
  }
  const out: Record<string, MetricStats> = {};
  for (const name of [...series.keys()].sort()) {
    const values = series.get(name)!.sort((a, b) => a - b);
    const sum = values.reduce((a, b) => a + b, 0);
    out[name] = {
      count: values.length,
      min: round(values[0]),
      avg: round(sum / values.length),
      max: round(values[values.length - 1]),
      p95: round(percentile(values, 95)),
    };
  }
  return out;
}
