import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { McpModule } from '../mcp/mcp.module.js';
import { ClusterHealthIndicator } from './cluster.health.js';
import { HealthController } from './health.controller.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { SessionMetrics } from './metrics/session-metrics.js';
import { PrometheusController } from './prometheus.controller.js';

/** Health endpoints, Prometheus metrics (history and alerts join this module as they arrive). */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), MetricsModule, McpModule],
  controllers: [HealthController, PrometheusController],
  providers: [ClusterHealthIndicator, SessionMetrics],
})
export class MonitoringModule {}
