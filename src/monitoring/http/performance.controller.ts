import { Controller, Get, UseGuards } from '@nestjs/common';
import { AlertService } from '../alerts/alert.service.js';
import { MetricsCollector } from '../collector/metrics-collector.service.js';
import { ToolMetrics } from '../metrics/tool-metrics.js';
import { buildPerformanceReport, type PerformanceReport } from '../performance/performance-report.js';
import { MonitoringEnabledGuard } from './monitoring-enabled.guard.js';

/** The performance report: health score of the latest sample, slowest tools, recommendations. */
@Controller('performance')
@UseGuards(MonitoringEnabledGuard)
export class PerformanceController {
  constructor(
    private readonly collector: MetricsCollector,
    private readonly tools: ToolMetrics,
    private readonly alerts: AlertService,
  ) {}

  @Get()
  report(): PerformanceReport {
    const score = this.collector.healthScore();
    return buildPerformanceReport(score, this.tools.stats.totals(), this.alerts.firing(), Date.now());
  }
}
