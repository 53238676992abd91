import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ToolInvoker } from './tool-invoker.service.js';
import { ToolRegistry } from './tool-registry.js';
import type { CallerInfo, ToolDefinition } from './tools/tool-definition.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const INSTRUCTIONS = [
  'k8s-mcp answers questions about one Kubernetes cluster and can make a few safe changes.',
  'Start broad (k8s-get-pods / k8s-get-deployments with namespace "all", k8s-get-events with type Warning),',
  'then drill down (k8s-describe-pod, k8s-get-logs, k8s-get-resource). Lists are paged: pass the "continue" value to get more.',
  'Some namespaces may be hidden by the server policy; tools say so instead of showing them.',
].join(' ');

/** tools/list entry for one definition (JSON Schema generated from the zod shapes). */
export function toolListing(tool: ToolDefinition): Tool {
  const listing: Tool = {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: z.toJSONSchema(z.object(tool.inputSchema).strict(), { io: 'input' }) as Tool['inputSchema'],
    annotations: { title: tool.title, ...tool.annotations },
  };
  if (tool.outputSchema) {
    listing.outputSchema = z.toJSONSchema(z.object(tool.outputSchema), {
      io: 'output',
    }) as Tool['outputSchema'];
  }
  return listing;
}

/**
 * Builds one McpServer per session. Tools are served by our own tools/list and tools/call
 * handlers so that every call — including one with invalid arguments — goes through the
 * ToolInvoker (validation, policy, audit) exactly once.
 */
@Injectable()
export class McpServerFactory {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly invoker: ToolInvoker,
  ) {}

  create(transport: CallerInfo['transport'], identity?: string): McpServer {
    const mcp = new McpServer(
      { name: 'k8s-mcp', title: 'Kubernetes MCP server', version: VERSION },
      { capabilities: { tools: { listChanged: false }, logging: {} }, instructions: INSTRUCTIONS },
    );
    const listing = this.registry.list().map(toolListing);
    mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listing }));
    mcp.server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
      const client = mcp.server.getClientVersion();
      return this.invoker.call(request.params.name, request.params.arguments, {
        transport,
        sessionId: extra.sessionId,
        client: client ? { name: client.name, version: client.version } : undefined,
        identity: (extra.authInfo?.clientId as string | undefined) ?? identity,
      });
    });
    return mcp;
  }
}
