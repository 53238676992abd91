import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import type { AuditRecord } from '../../security/audit-log.service.js';
import type { ToolCallObserver } from '../../mcp/tool-invoker.service.js';
import { DURATION_BUCKETS } from './prom-registry.js';
import { ToolCallStats } from './tool-call-stats.js';

/** Counts and times every tool call (fed by the ToolInvoker through TOOL_CALL_OBSERVERS). */
@Injectable()
export class ToolMetrics implements ToolCallObserver {
  /** Windowed and lifetime tallies for the collector and the performance report. */
  readonly stats = new ToolCallStats();
  private readonly calls: Counter<'tool' | 'outcome'>;
  private readonly duration: Histogram<'tool'>;

  constructor(registry: Registry) {
    this.calls = new Counter({
      name: 'k8s_mcp_tool_calls_total',
      help: 'MCP tool calls by tool and outcome (ok, error, denied, invalid)',
      labelNames: ['tool', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'k8s_mcp_tool_call_duration_seconds',
      help: 'MCP tool call duration in seconds, validation to result',
      labelNames: ['tool'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
  }

  onToolCall(record: AuditRecord): void {
    this.calls.inc({ tool: record.tool, outcome: record.outcome });
    this.duration.observe({ tool: record.tool }, record.durationMs / 1000);
    this.stats.record(record.tool, record.outcome === 'ok', record.durationMs);
  }
}
