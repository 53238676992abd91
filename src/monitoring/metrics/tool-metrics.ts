import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import { ToolCallEvents } from '../../mcp/tool-call-events.js';
import type { AuditRecord } from '../../security/audit-log.service.js';
import { DURATION_BUCKETS } from './prom-registry.js';
import { ToolCallStats } from './tool-call-stats.js';

/** Counts and times every tool call: subscribes to the MCP layer's tool-call events. */
@Injectable()
export class ToolMetrics implements OnModuleDestroy {
  /** Windowed and lifetime tallies for the collector and the performance report. */
  readonly stats = new ToolCallStats();
  private readonly calls: Counter<'tool' | 'outcome'>;
  private readonly duration: Histogram<'tool'>;

  private readonly unsubscribe: () => void;

  constructor(registry: Registry, events: ToolCallEvents) {
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
    this.unsubscribe = events.subscribe((record) => this.onToolCall(record));
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** Counts one finished call. */
  onToolCall(record: AuditRecord): void {
    this.calls.inc({ tool: record.tool, outcome: record.outcome });
    this.duration.observe({ tool: record.tool }, record.durationMs / 1000);
    this.stats.record(record.tool, record.outcome === 'ok', record.durationMs);
  }
}
