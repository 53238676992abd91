import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { MetricSample } from './metric-sample.js';
import { type MetricStats, summariseSamples } from './metrics-summary.js';
import { RingBuffer } from './ring-buffer.js';

/** The last METRICS_HISTORY_SIZE collector samples. */
@Injectable()
export class MetricsHistory {
  private readonly samples: RingBuffer<MetricSample>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.samples = new RingBuffer(config.METRICS_HISTORY_SIZE);
  }

  add(sample: MetricSample): void {
    this.samples.push(sample);
  }

  latest(): MetricSample | undefined {
    return this.samples.last();
  }

  /** Samples taken at or after `since` (ms since the epoch), oldest first. */
  since(since = 0): MetricSample[] {
    return this.samples.toArray().filter((s) => s.time >= since);
  }

  summary(): Record<string, MetricStats> {
    return summariseSamples(this.samples.toArray());
  }

  get size(): number {
    return this.samples.size;
  }
}
