import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { Protocol } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  type CallToolResult,
  CompleteRequestSchema,
  ErrorCode,
  type GetPromptResult,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  type Prompt,
  JSONRPCMessageSchema,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { runWithContext } from '../common/logging/request-context.js';
import type { CallerIdentity } from '../security/caller-identity.js';
import type { CallerInfo } from './tools/tool-definition.js';
import { contextOfUri } from './resources/context-uri.js';
import { INSTRUCTIONS, SERVER_CAPABILITIES, SERVER_INFO } from './server-identity.js';

// Nothing here imports Nest, and the low-level Server is used instead of McpServer (which loads
// ~90 ms more): the stdio front door builds its server before anything heavy has loaded.

/**
 * One audit line written at the protocol layer: a resources/read, resources/subscribe or
 * prompts/get, or a tools/call refused before it could reach the invoker (which audits the rest).
 */
export interface RequestAudit {
  readonly method: 'tools/call' | 'resources/read' | 'resources/subscribe' | 'prompts/get';
  /** The tool or prompt name, or the resource URI, as sent ('' when it was missing or not a string). */
  readonly name: string;
  readonly arguments: unknown;
  /** The kubeconfig context named (a resource's k8s://contexts/… URI, a prompt's argument). */
  readonly context?: string;
  readonly caller: CallerInfo;
  readonly outcome: 'ok' | 'error' | 'denied' | 'invalid';
  readonly errorCode?: string;
  readonly durationMs: number;
  readonly responseBytes: number;
}

/** What serves tools/list and tools/call for one MCP server, and writes its audit lines. */
export interface ToolSource {
  readonly listing: readonly Tool[];
  /** `signal` is the request's: aborted when the client cancels or its connection or session ends. */
  call(name: string, args: unknown, caller: CallerInfo, signal?: AbortSignal): Promise<CallToolResult>;
  /** Writes the audit line of a request the invoker does not see (see RequestAudit). */
  audit(entry: RequestAudit): void;
  /** Runs work as the caller (their identity on the API server and their view of the cache). */
  runAs?<T>(caller: CallerInfo, work: () => Promise<T>): Promise<T>;
}

/** What serves resources (with subscriptions) for one MCP server. */
export interface ResourceSource {
  list(): Resource[];
  templates(): ResourceTemplate[];
  /** Throws McpError for an unknown or denied URI. */
  read(uri: string): Promise<ReadResourceResult>;
  /**
   * Calls onUpdated when the content behind uri changes; returns (or resolves to: a context's
   * model may have to start first) the function that ends it.
   */
  subscribe(uri: string, onUpdated: () => void): (() => void) | Promise<() => void>;
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
  /**
   * Values for completion/complete: what an argument of a prompt or a resource template may be
   * (the allowed context names for `context`); none when absent.
   */
  complete?(
    ref: { type: string; name?: string; uri?: string },
    argument: { name: string; value: string },
  ): Promise<string[]>;
  /** Resource subscriptions one session may hold (K8S_MCP_MAX_SUBSCRIPTIONS); unbounded when absent. */
  readonly maxSubscriptions?: number;
}

/** Longest piece of a caller's value an error message echoes (a 1 MB string is not sent back). */
const ECHO_MAX = 80;

/** A caller's value for an error message: JSON, cut at ECHO_MAX characters. */
function echo(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > ECHO_MAX ? `${text.slice(0, ECHO_MAX)}…(${text.length} chars)` : text;
}

/** "string", "number", …, "array" or "null": what a caller sent, for error messages. */
function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON-RPC invalid-params error; `data.code` carries our error code for clients and the audit line. */
function invalidParams(message: string): McpError {
  return new McpError(ErrorCode.InvalidParams, message, { code: 'INPUT.INVALID' });
}

/**
 * Request schemas that accept any params. The SDK's own schemas for these methods make the
 * protocol layer throw a ZodError before any handler of ours runs: the client got -32603
 * "internal error" with a zod dump, and nothing was audited. Params are checked below instead,
 * so a bad request is an invalid-params error that names the argument, with its audit line.
 */
const anyParams = <M extends string>(method: M) =>
  z.object({ method: z.literal(method), params: z.unknown().optional() });
const CallToolRequest = anyParams('tools/call');
const ReadResourceRequest = anyParams('resources/read');
const SubscribeRequest = anyParams('resources/subscribe');
const UnsubscribeRequest = anyParams('resources/unsubscribe');
const GetPromptRequest = anyParams('prompts/get');

/** The params object of a request, or an invalid-params error. */
function paramsOf(method: string, params: unknown): Record<string, unknown> {
  if (!isRecord(params)) throw invalidParams(`${method}: params: expected an object, got ${typeOf(params)}`);
  return params;
}

/** A required string param, or an invalid-params error naming it. */
function stringParam(method: string, params: Record<string, unknown>, key: string): string {
  const value = params[key];
  if (typeof value !== 'string')
    throw invalidParams(
      value === undefined
        ? `${method}: ${key}: required`
        : `${method}: ${key}: expected a string, got ${typeOf(value)} ${echo(value)}`,
    );
  return value;
}

/** outcome and errorCode of an audit line, from the error a request failed with. */
function outcomeOf(err: unknown): Pick<RequestAudit, 'outcome' | 'errorCode'> {
  const code = (err as { data?: { code?: unknown } } | null)?.data?.code;
  const errorCode =
    typeof code === 'string'
      ? code
      : err instanceof McpError && err.code === ErrorCode.InvalidParams
        ? 'INPUT.INVALID'
        : 'INTERNAL';
  const outcome =
    errorCode === 'INPUT.INVALID' ? 'invalid' : errorCode.startsWith('POLICY.') ? 'denied' : 'error';
  return { outcome, errorCode };
}

/**
 * The tools/call requests in an HTTP body that the transport will refuse as a whole (HTTP 400,
 * JSON-RPC -32700) because a message in it is not valid JSON-RPC (no id, params not an object,
 * a wrong jsonrpc version): no handler runs, so the transport's caller audits these itself.
 */
export function refusedToolCalls(body: unknown): { name: string; arguments: unknown }[] {
  const messages = Array.isArray(body) ? body : [body];
  if (messages.every((m) => JSONRPCMessageSchema.safeParse(m).success)) return [];
  return messages
    .filter((m): m is Record<string, unknown> => isRecord(m) && m.method === 'tools/call')
    .map((m) => {
      const params = isRecord(m.params) ? m.params : {};
      return { name: typeof params.name === 'string' ? params.name : '', arguments: params.arguments };
    });
}

/** Audits the tools/call requests of a body the transport refuses as malformed (see refusedToolCalls). */
export function auditRefusedToolCalls(body: unknown, tools: ToolSource, caller: CallerInfo): void {
  for (const refused of refusedToolCalls(body))
    tools.audit({
      method: 'tools/call',
      ...refused,
      caller,
      outcome: 'invalid',
      errorCode: 'INPUT.INVALID',
      durationMs: 0,
      responseBytes: 0,
    });
}

/**
 * One MCP server for one session. Tools are served by our own tools/list and tools/call
 * handlers so that every call — including one with invalid arguments — goes through the
 * ToolInvoker (validation, policy, audit) exactly once; resource reads, subscriptions, prompts
 * and tools/call requests refused before the invoker get their audit line here. `tools` may
 * resolve later (stdio).
 */
export function createMcpServer(
  transport: CallerInfo['transport'],
  tools: () => Promise<ToolSource> | ToolSource,
  identity?: string,
  extras?: () => Promise<McpExtras> | McpExtras,
): Server {
  const server = new Server(
    { ...SERVER_INFO },
    { capabilities: structuredClone(SERVER_CAPABILITIES), instructions: INSTRUCTIONS },
  );
  const callerOf = (extra: {
    sessionId?: string;
    authInfo?: { clientId?: string; extra?: Record<string, unknown> };
  }): CallerInfo => {
    const client = server.getClientVersion();
    return {
      transport,
      sessionId: extra.sessionId,
      client: client ? { name: client.name, version: client.version } : undefined,
      identity: (extra.authInfo?.clientId as string | undefined) ?? identity,
      person: (extra.authInfo?.extra?.identity as CallerIdentity | undefined)?.person,
      kubeUser: (extra.authInfo?.extra?.identity as CallerIdentity | undefined)?.kubeUser,
    };
  };
  /** Runs one request and writes its audit line, whatever the outcome (the error is rethrown). */
  const audited = async <R>(
    method: RequestAudit['method'],
    params: unknown,
    extra: { sessionId?: string; authInfo?: { clientId?: string; extra?: Record<string, unknown> } },
    describe: (p: Record<string, unknown>) => { name: unknown; args: unknown; context?: string },
    work: (p: Record<string, unknown>) => Promise<R>,
  ): Promise<R> => {
    const started = performance.now();
    const p = isRecord(params) ? params : {};
    const { name, args, context } = describe(p);
    const entry = (result: Pick<RequestAudit, 'outcome' | 'errorCode'>, answer: unknown): RequestAudit => ({
      method,
      name: typeof name === 'string' ? name : '',
      arguments: args,
      ...(context !== undefined ? { context } : {}),
      caller: callerOf(extra),
      ...result,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      responseBytes: Buffer.byteLength(JSON.stringify(answer) ?? ''),
    });
    let result: R;
    try {
      // Resources and prompts read as the caller too (impersonation, their view of the cache).
      const source = await tools();
      const caller = callerOf(extra);
      const run = () => work(paramsOf(method, params));
      result = source.runAs
        ? await source.runAs(caller, run)
        : await runWithContext(
            { correlationId: randomUUID(), sessionId: caller.sessionId, kubeUser: caller.kubeUser },
            run,
          );
    } catch (err) {
      (await tools()).audit(entry(outcomeOf(err), { error: (err as Error).message }));
      throw err;
    }
    (await tools()).audit(entry({ outcome: 'ok' }, result));
    return result;
  };
  // Without extras (unit tests, tools-only servers) the list methods still answer, with empty
  // lists rather than "method not found", as clients and the conformance suite expect.
  const more = async (): Promise<McpExtras | undefined> => extras?.();
  const needExtras = async (): Promise<McpExtras> => {
    const e = await more();
    if (!e) throw new McpError(ErrorCode.InvalidParams, 'this server publishes no resources or prompts');
    return e;
  };
  const uriOf = (p: Record<string, unknown>) => ({
    name: p.uri,
    args: { uri: p.uri },
    context: contextOfUri(p.uri),
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: (await more())?.resources.list() ?? [],
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: (await more())?.resources.templates() ?? [],
  }));
  server.setRequestHandler(ReadResourceRequest, (request, extra) =>
    audited('resources/read', request.params, extra, uriOf, async (p) =>
      (await needExtras()).resources.read(stringParam('resources/read', p, 'uri')),
    ),
  );
  // SUBSCRIBE: the SDK only routes resources/subscribe; which URIs a session follows is kept here,
  // per server (= per session), and ended when the session closes.
  const subscriptions = new Map<string, () => void>();
  let closed = false;
  server.setRequestHandler(SubscribeRequest, (request, extra) =>
    audited('resources/subscribe', request.params, extra, uriOf, async (p) => {
      const uri = stringParam('resources/subscribe', p, 'uri');
      if (!subscriptions.has(uri)) {
        const extras = await needExtras();
        const max = extras.maxSubscriptions ?? Infinity;
        if (subscriptions.size >= max)
          throw new McpError(
            ErrorCode.InvalidRequest,
            `too many resource subscriptions in this session (${max}, K8S_MCP_MAX_SUBSCRIPTIONS): unsubscribe from one first`,
          );
        const end = await extras.resources.subscribe(uri, () => {
          server.sendResourceUpdated({ uri }).catch(() => undefined);
        });
        // Awaited: the session may have closed, or the same URI been subscribed, meanwhile (a
        // subscription left behind would hold its context's model running for good).
        if (closed || subscriptions.has(uri)) end();
        else subscriptions.set(uri, end);
      }
      return {};
    }),
  );
  server.setRequestHandler(UnsubscribeRequest, (request) => {
    const uri = stringParam(
      'resources/unsubscribe',
      paramsOf('resources/unsubscribe', request.params),
      'uri',
    );
    subscriptions.get(uri)?.();
    subscriptions.delete(uri);
    return {};
  });
  server.onclose = () => {
    closed = true;
    for (const end of subscriptions.values()) end();
    subscriptions.clear();
  };
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: (await more())?.prompts.list() ?? [],
  }));
  server.setRequestHandler(GetPromptRequest, (request, extra) =>
    audited(
      'prompts/get',
      request.params,
      extra,
      (p) => ({
        name: p.name,
        args: p.arguments,
        context:
          isRecord(p.arguments) && typeof p.arguments.context === 'string' ? p.arguments.context : undefined,
      }),
      async (p) => {
        const name = stringParam('prompts/get', p, 'name');
        const args = p.arguments;
        if (args !== undefined && !isRecord(args))
          throw invalidParams(`prompts/get: arguments: expected an object, got ${typeOf(args)}`);
        for (const [key, value] of Object.entries(args ?? {}))
          if (typeof value !== 'string')
            throw invalidParams(`${name}: ${key}: expected a string, got ${typeOf(value)} ${echo(value)}`);
        return (await needExtras()).prompts.get(name, args as Record<string, string> | undefined);
      },
    ),
  );
  server.setRequestHandler(CompleteRequestSchema, async (request) => {
    const { ref, argument } = request.params;
    const values = (await (await more())?.complete?.(ref, argument)) ?? [];
    // The protocol's limit: at most 100 values in one answer.
    return {
      completion: { values: values.slice(0, 100), total: values.length, hasMore: values.length > 100 },
    };
  });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [...(await tools()).listing] }));
  // tools/call goes around Server.setRequestHandler, which wraps it in the SDK's
  // CallToolRequestSchema check (non-object `arguments` refused before our handler, unaudited).
  // The invoker checks `arguments` itself, like any other argument, and audits the call.
  Protocol.prototype.setRequestHandler.call(server, CallToolRequest, async (request, extra) => {
    let name: string;
    try {
      name = stringParam('tools/call', paramsOf('tools/call', request.params), 'name');
    } catch (err) {
      // Refused before the invoker: audited here instead (exactly one line either way).
      const p = isRecord(request.params) ? request.params : {};
      (await tools()).audit({
        method: 'tools/call',
        name: typeof p.name === 'string' ? p.name : '',
        arguments: p.arguments,
        caller: callerOf(extra),
        ...outcomeOf(err),
        durationMs: 0,
        responseBytes: 0,
      });
      throw err;
    }
    const params = request.params as { arguments?: unknown };
    return (await tools()).call(name, params.arguments, callerOf(extra), extra.signal);
  });
  return server;
}
