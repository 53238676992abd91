import { Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { HttpMetrics } from './http-metrics.js';
import { promRegistryProvider } from './prom-registry.js';
import { ToolMetrics } from './tool-metrics.js';

/**
 * The per-app Prometheus registry and the metrics other modules feed. Imports nothing, so McpModule
 * can import it for TOOL_CALL_OBSERVERS while MonitoringModule imports McpModule (no cycle).
 */
@Module({
  providers: [promRegistryProvider, ToolMetrics, HttpMetrics],
  exports: [Registry, ToolMetrics, HttpMetrics],
})
export class MetricsModule {}
