import { readFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  CompleteRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { CallerInfo, ToolDefinition } from './tools/tool-definition.js';

// Nothing here imports Nest, and the low-level Server is used instead of McpServer (which loads
// ~90 ms more): the stdio front door builds its server before anything heavy has loaded.

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const INSTRUCTIONS = [
  'k8s-mcp answers questions about one Kubernetes cluster and can make a few safe changes.',
  'Start broad (k8s-get-pods / k8s-get-deployments with namespace "all", k8s-get-events with type Warning),',
  'then drill down (k8s-describe-pod, k8s-get-logs, k8s-get-resource). Lists are paged: pass the "continue" value to get more.',
  'Some namespaces may be hidden by the server policy; tools say so instead of showing them.',
].join(' ');

/** What serves tools/list and tools/call for one MCP server. */
export interface ToolSource {
  readonly listing: readonly Tool[];
  call(name: string, args: unknown, caller: CallerInfo): Promise<CallToolResult>;
}

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
 * One MCP server for one session. Tools are served by our own tools/list and tools/call
 * handlers so that every call — including one with invalid arguments — goes through the
 * ToolInvoker (validation, policy, audit) exactly once. `tools` may resolve later (stdio).
 */
export function createMcpServer(
  transport: CallerInfo['transport'],
  tools: () => Promise<ToolSource> | ToolSource,
  identity?: string,
): Server {
  const server = new Server(
    { name: 'k8s-mcp', title: 'Kubernetes MCP server', version: VERSION },
    {
      capabilities: { tools: { listChanged: false }, resources: {}, prompts: {}, completions: {}, logging: {} },
      instructions: INSTRUCTIONS,
    },
  );
  // No resources or prompts are published yet; clients (and the conformance suite) still expect
  // the list methods of a server to answer, with empty lists rather than "method not found".
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: [] }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [] }));
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: [] }));
  server.setRequestHandler(CompleteRequestSchema, () => ({ completion: { values: [], hasMore: false } }));
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [...(await tools()).listing] }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const client = server.getClientVersion();
    return (await tools()).call(request.params.name, request.params.arguments, {
      transport,
      sessionId: extra.sessionId,
      client: client ? { name: client.name, version: client.version } : undefined,
      identity: (extra.authInfo?.clientId as string | undefined) ?? identity,
    });
  });
  return server;
}
