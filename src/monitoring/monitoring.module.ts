import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { McpModule } from '../mcp/mcp.module.js';
import { AlertService } from './alerts/alert.service.js';
import { AuditLogHealthIndicator } from './audit-log.health.js';
import { ClusterHealthIndicator } from './cluster.health.js';
import { SyncHealthIndicator } from './sync.health.js';
import { MetricsCollector } from './collector/metrics-collector.service.js';
import { HealthController } from './health.controller.js';
import { MetricsHistory } from './history/metrics-history.js';
import { AlertsController } from './http/alerts.controller.js';
import { MetricsController } from './http/metrics.controller.js';
import { MonitoringEnabledGuard } from './http/monitoring-enabled.guard.js';
import { PerformanceController } from './http/performance.controller.js';
import { ContextsModule } from '../contexts/contexts.module.js';
import { GraphModule } from '../graph/graph.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { ContextMetrics } from './metrics/context-metrics.js';
import { GraphMetrics } from './metrics/graph-metrics.js';
import { KubeApiMetrics } from './metrics/kube-api-metrics.js';
import { HttpMetrics } from './metrics/http-metrics.js';
import { promRegistryProvider } from './metrics/prom-registry.js';
import { ToolMetrics } from './metrics/tool-metrics.js';
import { SessionMetrics } from './metrics/session-metrics.js';
import { SyncMetrics } from './metrics/sync-metrics.js';
import { PrometheusController } from './prometheus.controller.js';

/** Health endpoints, Prometheus metrics, the metric collector and history, alerts, the health score. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), McpModule, SyncModule, GraphModule, ContextsModule],
  controllers: [
    HealthController,
    PrometheusController,
    MetricsController,
    PerformanceController,
    AlertsController,
  ],
  providers: [
    promRegistryProvider,
    ToolMetrics,
    HttpMetrics,
    ClusterHealthIndicator,
    SyncHealthIndicator,
    AuditLogHealthIndicator,
    SessionMetrics,
    SyncMetrics,
    GraphMetrics,
    ContextMetrics,
    KubeApiMetrics,
    MetricsHistory,
    AlertService,
    MetricsCollector,
    MonitoringEnabledGuard,
  ],
})
export class MonitoringModule {}
