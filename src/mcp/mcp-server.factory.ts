import { Inject, Injectable } from '@nestjs/common';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { multiContext } from '../config/context-settings.js';
import { withContextArgument } from './context-argument.js';
import { createMcpServer, type McpExtras, type ToolSource } from './mcp-server.js';
import { toolListing } from './tool-listing.js';
import { PromptRegistry } from './prompts/prompt-registry.js';
import { ContextResources } from './resources/context-resources.js';
import { CONTEXT_URI_PREFIX } from './resources/context-uri.js';
import { ClusterModels } from '../contexts/cluster-models.service.js';
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
    models: ClusterModels,
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
      // The allowed contexts, for a prompt's `context` and a per-context template's {context}:
      // the names the listings leave out (they are the operator's kubeconfig).
      complete: async (ref, argument) => {
        const perContext =
          ref.type === 'ref/prompt' ||
          (ref.type === 'ref/resource' && ref.uri?.startsWith(`${CONTEXT_URI_PREFIX}{context}/`) === true);
        if (argument.name !== 'context' || !perContext) return [];
        return (await models.names()).filter((n) => n.startsWith(argument.value));
      },
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
