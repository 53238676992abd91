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
import type { CallerInfo } from './tools/tool-definition.js';

// Nothing here imports Nest, and the low-level Server is used instead of McpServer (which loads
// ~90 ms more): the stdio front door builds its server before anything heavy has loaded.

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Where a model starts and what the shared arguments mean (tool schemas say it once, here). */
export const INSTRUCTIONS = [
  'k8s-mcp answers questions about one Kubernetes cluster from a live watch cache, and can make a few safe changes.',
  'Start with k8s-cluster-summary: it ranks what is wrong, root causes first, and names the exact call that shows each fact.',
  "Then drill down: k8s-describe-pod (one pod: spec, state, events), k8s-get-logs (a container's output), k8s-get-events,",
  'k8s-relation-query (what depends on what), k8s-get-resource / k8s-list-resources (any kind), k8s-get-pods and the other lists.',
  'Shared arguments: namespace defaults to the server default namespace, "all" means every namespace this server may show;',
  'fresh=true reads the API server instead of the cache; lists are paged: pass the returned "continue" value for the next page.',
  'Some namespaces may be hidden by the server policy; answers count what they leave out instead of showing it.',
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
