import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module.js';
import { K8sModule } from '../k8s/k8s.module.js';
import { MetricsModule } from '../monitoring/metrics/metrics.module.js';
import { SummaryModule } from '../summary/summary.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { TimelineModule } from '../timeline/timeline.module.js';
import { ToolMetrics } from '../monitoring/metrics/tool-metrics.js';
import { KnownToolObserver } from './known-tool.observer.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { PromptRegistry } from './prompts/prompt-registry.js';
import { ChangeResources } from './resources/change-resources.js';
import { SummaryResources } from './resources/summary-resources.js';
import { SessionRegistry } from './session-registry.js';
import { TOOL_CALL_OBSERVERS, type ToolCallObserver, ToolInvoker } from './tool-invoker.service.js';
import { ToolRegistry, toolDefinitionsProvider } from './tool-registry.js';
import { SseController } from './transports/sse.controller.js';
import { StreamableHttpController } from './transports/streamable-http.controller.js';

/** The MCP server: tools, resources and prompts, one server per session; HTTP transports here, stdio in main. */
@Module({
  imports: [K8sModule, MetricsModule, SyncModule, GraphModule, TimelineModule, SummaryModule],
  controllers: [StreamableHttpController, SseController],
  providers: [
    toolDefinitionsProvider,
    {
      // The explicit list of observers of finished tool calls (Nest has no multi-providers).
      provide: TOOL_CALL_OBSERVERS,
      inject: [ToolMetrics, ToolRegistry],
      useFactory: (metrics: ToolMetrics, tools: ToolRegistry): ToolCallObserver[] => [
        new KnownToolObserver(metrics, tools),
      ],
    },
    ToolRegistry,
    ToolInvoker,
    McpServerFactory,
    SessionRegistry,
    SummaryResources,
    ChangeResources,
    PromptRegistry,
  ],
  exports: [SessionRegistry, ToolRegistry, McpServerFactory],
})
export class McpModule {}
