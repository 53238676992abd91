import { readFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  CompleteRequestSchema,
  ErrorCode,
  type GetPromptResult,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  type Prompt,
  type ReadResourceResult,
  ReadResourceRequestSchema,
  type Resource,
  type ResourceTemplate,
  SubscribeRequestSchema,
  type Tool,
  UnsubscribeRequestSchema,
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
  /** `signal` is the request's: aborted when the client cancels or its connection or session ends. */
  call(name: string, args: unknown, caller: CallerInfo, signal?: AbortSignal): Promise<CallToolResult>;
}

/** What serves resources (with subscriptions) for one MCP server. */
export interface ResourceSource {
  list(): Resource[];
  templates(): ResourceTemplate[];
  /** Throws McpError for an unknown or denied URI. */
  read(uri: string): Promise<ReadResourceResult>;
  /** Calls onUpdated when the content behind uri changes; returns the function that ends it. */
  subscribe(uri: string, onUpdated: () => void): () => void;
}

/** What serves prompts/list and prompts/get. */
export interface PromptSource {
  list(): Prompt[];
  get(name: string, args: Record<string, string> | undefined): Promise<GetPromptResult>;
}

/** Resources and prompts, next to the tools. */
export interface McpExtras {
  readonly resources: ResourceSource;
  readonly prompts: PromptSource;
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
  extras?: () => Promise<McpExtras> | McpExtras,
): Server {
  const server = new Server(
    { name: 'k8s-mcp', title: 'Kubernetes MCP server', version: VERSION },
    {
      capabilities: {
        tools: { listChanged: false },
        // subscribe: true is required by clients before resources/subscribe; see SUBSCRIBE below.
        resources: { subscribe: true, listChanged: false },
        prompts: { listChanged: false },
        completions: {},
        logging: {},
      },
      instructions: INSTRUCTIONS,
    },
  );
  // Without extras (unit tests, tools-only servers) the list methods still answer, with empty
  // lists rather than "method not found", as clients and the conformance suite expect.
  const more = async (): Promise<McpExtras | undefined> => extras?.();
  const needExtras = async (): Promise<McpExtras> => {
    const e = await more();
    if (!e) throw new McpError(ErrorCode.InvalidParams, 'this server publishes no resources or prompts');
    return e;
  };
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: (await more())?.resources.list() ?? [],
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: (await more())?.resources.templates() ?? [],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) =>
    (await needExtras()).resources.read(request.params.uri),
  );
  // SUBSCRIBE: the SDK only routes resources/subscribe; which URIs a session follows is kept here,
  // per server (= per session), and ended when the session closes.
  const subscriptions = new Map<string, () => void>();
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    if (!subscriptions.has(uri)) {
      const end = (await needExtras()).resources.subscribe(uri, () => {
        server.sendResourceUpdated({ uri }).catch(() => undefined);
      });
      subscriptions.set(uri, end);
    }
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    subscriptions.get(request.params.uri)?.();
    subscriptions.delete(request.params.uri);
    return {};
  });
  server.onclose = () => {
    for (const end of subscriptions.values()) end();
    subscriptions.clear();
  };
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: (await more())?.prompts.list() ?? [],
  }));
  server.setRequestHandler(GetPromptRequestSchema, async (request) =>
    (await needExtras()).prompts.get(request.params.name, request.params.arguments),
  );
  server.setRequestHandler(CompleteRequestSchema, () => ({ completion: { values: [], hasMore: false } }));
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [...(await tools()).listing] }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const client = server.getClientVersion();
    return (await tools()).call(
      request.params.name,
      request.params.arguments,
      {
        transport,
        sessionId: extra.sessionId,
        client: client ? { name: client.name, version: client.version } : undefined,
        identity: (extra.authInfo?.clientId as string | undefined) ?? identity,
      },
      extra.signal,
    );
  });
  return server;
}
