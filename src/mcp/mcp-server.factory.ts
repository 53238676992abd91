import { Inject, Injectable } from '@nestjs/common';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { multiContext } from '../config/context-settings.js';
import { withContextArgument } from './context-argument.js';
import { createMcpServer, type McpExtras, type ToolSource } from './mcp-server.js';
import { toolListing } from './tool-listing.js';
import { PromptRegistry } from './prompts/prompt-registry.js';
import { ContextResources } from './resources/context-resources.js';
import { ToolInvoker } from './tool-invoker.service.js';
import { ToolRegistry } from './tool-registry.js';
import type { CallerInfo } from './tools/tool-definition.js';

/** Builds one Server per HTTP session, served by the registry and the invoker. */
@Injectable()
export class McpServerFactory {
  private readonly source: ToolSource;
  private readonly more: McpExtras;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    registry: ToolRegistry,
    invoker: ToolInvoker,
    resources: ContextResources,
    prompts: PromptRegistry,
  ) {
    this.source = {
      listing: registry
        .list()
        .map((tool) => toolListing(multiContext(config) ? withContextArgument(tool) : tool)),
      call: (name, args, caller, signal) => invoker.call(name, args, caller, signal),
      audit: (entry) => invoker.audit(entry),
      runAs: (caller, work) => invoker.runAs(caller, work),
    };
    this.more = {
      resources,
      prompts,
      maxSubscriptions: config.K8S_MCP_MAX_SUBSCRIPTIONS,
    };
  }

  /** Resources and prompts, for transports that build their server outside Nest (stdio). */
  extras(): McpExtras {
    return this.more;
  }

  /** The tool source, for transports that build their server outside Nest (stdio). */
  tools(): ToolSource {
    return this.source;
  }

  create(transport: CallerInfo['transport'], identity?: string): Server {
    return createMcpServer(
      transport,
      () => this.source,
      identity,
      () => this.more,
    );
  }
}
