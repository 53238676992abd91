import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { multiContext } from '../../config/context-settings.js';
import { ClusterModels } from '../../contexts/cluster-models.service.js';
import { ToolCallEvents } from '../../mcp/tool-call-events.js';
import type { AuditRecord } from '../../security/audit-log.service.js';

/**
 * Per-context figures on a server with K8S_CONTEXTS (a single-context server's /metrics is left as
 * it was). The `context` label takes only the allowed names, which the operator chose and which
 * are not secret; a context a caller made up is counted as `<refused>`, so no caller can grow the
 * label set.
 */
@Injectable()
export class ContextMetrics implements OnModuleDestroy {
  private readonly unsubscribe: () => void = () => undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    registry: Registry,
    models: ClusterModels,
    events: ToolCallEvents,
  ) {
    if (!multiContext(config)) return;
    const status = () => models.status();
    new Gauge({
      name: 'k8s_mcp_context_model_running',
      help: 'Whether the live model of a kubeconfig context runs (1) or is stopped/starting (0)',
      labelNames: ['context'],
      registers: [registry],
      async collect() {
        for (const c of await status()) this.set({ context: c.name }, c.model === 'running' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'k8s_mcp_context_sync_health_score',
      help: 'Sync health score 0-100 of a running context model',
      labelNames: ['context'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const c of await status()) if (c.sync) this.set({ context: c.name }, c.sync.healthScore);
      },
    });
    new Gauge({
      name: 'k8s_mcp_context_api_up',
      help: "Whether a running context model's API server answered its last probe",
      labelNames: ['context'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const c of await status())
          if (c.cluster) this.set({ context: c.name }, c.cluster.state === 'up' ? 1 : 0);
      },
    });
    const calls = new Counter({
      name: 'k8s_mcp_context_tool_calls_total',
      help: 'MCP tool calls by kubeconfig context and outcome',
      labelNames: ['context', 'outcome'],
      registers: [registry],
    });
    const label = (record: AuditRecord): string => {
      const allowed = models.allowedNames() ?? [];
      return record.context && allowed.includes(record.context) ? record.context : '<refused>';
    };
    this.unsubscribe = events.subscribe((record) =>
      calls.inc({ context: label(record), outcome: record.outcome }),
    );
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }
}
