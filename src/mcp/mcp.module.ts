import { Module } from '@nestjs/common';
import { ContextsModule } from '../contexts/contexts.module.js';
import { GraphModule } from '../graph/graph.module.js';
import { K8sModule } from '../k8s/k8s.module.js';
import { SummaryModule } from '../summary/summary.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { TimelineModule } from '../timeline/timeline.module.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { PromptRegistry } from './prompts/prompt-registry.js';
import { ChangeResources } from './resources/change-resources.js';
import { ContextResources } from './resources/context-resources.js';
import { SummaryResources } from './resources/summary-resources.js';
import { SessionRegistry } from './session-registry.js';
import { ToolCallEvents } from './tool-call-events.js';
import { ToolInvoker } from './tool-invoker.service.js';
import { ToolRegistry, toolDefinitionsProvider } from './tool-registry.js';
import { SseController } from './transports/sse.controller.js';
import { StreamableHttpController } from './transports/streamable-http.controller.js';

/** The MCP server: tools, resources and prompts, one server per session; HTTP transports here, stdio in main. */
@Module({
  imports: [K8sModule, SyncModule, GraphModule, TimelineModule, SummaryModule, ContextsModule],
  controllers: [StreamableHttpController, SseController],
  providers: [
    toolDefinitionsProvider,
    ToolCallEvents,
    ToolRegistry,
    ToolInvoker,
    McpServerFactory,
    SessionRegistry,
    SummaryResources,
    ChangeResources,
    ContextResources,
    PromptRegistry,
  ],
  exports: [SessionRegistry, ToolRegistry, McpServerFactory, ToolCallEvents],
})
export class McpModule {}
