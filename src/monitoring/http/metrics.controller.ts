import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { MetricsCollector } from '../collector/metrics-collector.service.js';
import type { MetricSample } from '../history/metric-sample.js';
import { MetricsHistory } from '../history/metrics-history.js';
import type { MetricStats } from '../history/metrics-summary.js';
import { HistoryQuery } from './history.query.js';
import { MonitoringEnabledGuard } from './monitoring-enabled.guard.js';

/** A sample as served: ISO timestamp and values. */
export interface SampleView {
  readonly timestamp: string;
  /** The window that counts, rates and means cover: from the previous sample to this one. */
  readonly window: { readonly from: string; readonly seconds: number };
  readonly values: Readonly<Record<string, number>>;
}

const view = (s: MetricSample): SampleView => ({
  timestamp: new Date(s.time).toISOString(),
  window: {
    from: new Date(s.windowStart).toISOString(),
    seconds: Math.round((s.time - s.windowStart) / 10) / 100,
  },
  values: s.values,
});

/** The JSON metrics: latest sample, history and per-metric statistics. */
@Controller('metrics')
@UseGuards(MonitoringEnabledGuard)
export class MetricsController {
  constructor(
    private readonly history: MetricsHistory,
    private readonly collector: MetricsCollector,
  ) {}

  /** The latest sample (taken at start-up, then every METRICS_COLLECTION_INTERVAL). */
  @Get()
  current(): SampleView {
    return view(this.history.latest() ?? this.collector.collect());
  }

  @Get('history')
  samples(@Query() query: HistoryQuery): {
    last_minutes: number | null;
    count: number;
    samples: SampleView[];
  } {
    const since = query.last_minutes === undefined ? 0 : Date.now() - query.last_minutes * 60_000;
    const samples = this.history.since(since).map(view);
    return { last_minutes: query.last_minutes ?? null, count: samples.length, samples };
  }

  @Get('summary')
  summary(): { samples: number; metrics: Record<string, MetricStats> } {
    return { samples: this.history.size, metrics: this.history.summary() };
  }
}
