import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { AppError } from '../common/errors/app-error.js';
import { suggestNamespaces } from './tools/shared/not-found.js';
import { runWithContext } from '../common/logging/request-context.js';
import { PersonViews } from '../sync/person-views.service.js';
import { LazyView } from '../common/kube/person-view.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ClusterModels, type ModelLease } from '../contexts/cluster-models.service.js';
import type { ClusterModel } from '../contexts/cluster-model.js';
import { AuditLog, type AuditRecord } from '../security/audit-log.service.js';
import { assertNameArguments } from '../security/namespace-name.js';
import { HIDDEN_NAMESPACE, NamespacePolicy } from '../security/namespace-policy.js';
import { redactArguments } from '../security/redaction.js';
import { sentStrings } from '../security/masking.js';
import type { RequestAudit } from './mcp-server.js';
import { ToolCallEvents } from './tool-call-events.js';
import { callSignal } from './call-signal.js';
import { ToolRegistry } from './tool-registry.js';
import type { CallerInfo, ToolContext, ToolDefinition, ToolOutput } from './tools/tool-definition.js';
import { auditNamespaces, type ToolScope } from './tools/tool-scope.js';

/**
 * The strict object schema of a tool's arguments, built once per tool: zod compiles a schema on its
 * first parse, and building it per call made that compilation ~15 % of a cached call's CPU
 * (bench/calls-per-second.mjs --cpu-prof).
 */
const argumentSchemas = new WeakMap<ToolDefinition, z.ZodType<Record<string, unknown>>>();
function argumentsSchema(tool: ToolDefinition): z.ZodType<Record<string, unknown>> {
  let schema = argumentSchemas.get(tool);
  if (!schema) argumentSchemas.set(tool, (schema = z.object(tool.inputSchema).strict()));
  return schema;
}

function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      // An empty path is the arguments value itself (an array, a string, null: not an object).
      const path = issue.path.join('.') || 'arguments';
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Namespaces a structured result places an object in that the policy hides (a `namespace` key, at
 * any depth): a last check before it leaves. References into hidden namespaces were masked by the
 * read layer already (`<hidden namespace>` is allowed through), so what is found here is a tool bug.
 */
function leakedNamespaces(value: unknown, policy: NamespacePolicy, found = new Set<string>()): Set<string> {
  if (typeof value !== 'object' || value === null) return found;
  if (Array.isArray(value)) {
    for (const v of value) leakedNamespaces(v, policy, found);
    return found;
  }
  for (const [key, v] of Object.entries(value)) {
    // "all" is how list answers say "every visible namespace", not a namespace they show.
    if (
      key === 'namespace' &&
      typeof v === 'string' &&
      v !== '' &&
      v !== 'all' &&
      v !== HIDDEN_NAMESPACE &&
      !policy.isAllowed(v)
    )
      found.add(v);
    else leakedNamespaces(v, policy, found);
  }
  return found;
}

/**
 * Takes the `context` argument off a call's arguments: every tool accepts it, and it chooses the
 * cluster before the tool's own schema (strict, so it would refuse an unknown key) is consulted.
 */
function splitContext(rawArgs: unknown): { context?: string; args: unknown } {
  if (typeof rawArgs !== 'object' || rawArgs === null || Array.isArray(rawArgs) || !('context' in rawArgs))
    return { args: rawArgs };
  const { context, ...args } = rawArgs as Record<string, unknown>;
  if (typeof context !== 'string')
    throw new AppError('INPUT.INVALID', 'context: expected a string (a kubeconfig context name)', {
      hint: 'k8s-list-contexts lists the contexts this server may reach',
    });
  return { context, args };
}

/** The handler's answer, or the signal's abort as a rejection, whichever comes first. */
function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * Runs every tool call: argument validation, the handler with its context bundle, the outbound
 * policy check, error mapping to `isError` results, and exactly one audit record.
 */
@Injectable()
export class ToolInvoker {
  private readonly logger = new Logger('Tools');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: ToolRegistry,
    /** The default context's policy: it masks errors of calls refused before their context is known. */
    private readonly policy: NamespacePolicy,
    private readonly auditLog: AuditLog,
    private readonly events: ToolCallEvents,
    private readonly models: ClusterModels,
    private readonly views: PersonViews,
  ) {}

  /**
   * `cancel` is the MCP request's signal (client cancel, closed connection, session end). With
   * the call's deadline (K8S_REQUEST_TIMEOUT for the whole call, however many API requests it
   * makes) it becomes the signal of every API request of the call, and the call answers as soon as
   * either fires, even while a handler still waits on something that cannot be aborted.
   */
  async call(
    name: string,
    rawArgs: unknown,
    caller: CallerInfo,
    cancel?: AbortSignal,
  ): Promise<CallToolResult> {
    const started = performance.now();
    const correlationId = randomUUID();
    const tool = this.registry.get(name);
    const callSig = callSignal(cancel, this.config.K8S_REQUEST_TIMEOUT * 1000);
    const { signal } = callSig;
    let outcome: AuditRecord['outcome'] = 'ok';
    let errorCode: string | undefined;
    let result: CallToolResult;
    let scope: ToolScope | undefined;
    let asked: string | undefined;
    let lease: ModelLease | undefined;
    try {
      // Fail closed before anything happens: a call that cannot be audited must not run.
      if (this.auditLog.failClosed && !this.auditLog.writable(tool?.annotations.readOnlyHint === true))
        throw this.auditUnavailable(false);
      if (!tool) throw this.unknownTool(name);
      const split = splitContext(rawArgs);
      asked = split.context;
      // Every service of the call comes from this one context's model (a refusal names the allowed ones).
      lease = await this.models.acquire(asked);
      const model = lease.model;
      const args = this.parseArguments(tool, split.args);
      const resolved = await tool.scope(args, { config: model.config, catalogue: model.catalogue });
      scope = resolved;
      const output = await untilAborted(
        signal,
        this.runAs(
          caller,
          () =>
            // A namespace that is not there, whichever layer noticed, comes with the names like it.
            tool.handler(args, this.context(caller, resolved, model)).catch(async (e: unknown) => {
              throw await suggestNamespaces(model.reads, e);
            }),
          {
            correlationId,
            signal,
            views: model.views,
            k8sContext: model === this.models.defaultModel() ? undefined : model.context,
          },
        ),
      );
      result = this.toResult(output, await this.keptStrings(rawArgs, name), model.policy);
    } catch (err) {
      const error = cancel?.aborted
        ? new AppError('CALL.CANCELLED', `${name} was cancelled by the client`)
        : callSig.timedOut()
          ? new AppError(
              'K8S.TIMEOUT',
              `${name} did not finish within ${this.config.K8S_REQUEST_TIMEOUT} s: the API server${this.serverSuffix(lease?.model)} did not answer in time`,
              { hint: 'K8S_REQUEST_TIMEOUT bounds each tool call; narrow the request or retry later' },
            )
          : this.toAppError(err, name, correlationId);
      // A hidden namespace answers as a missing one; only the audit log says it was the policy.
      const denied = error.details.denied === true;
      errorCode = denied ? 'POLICY.NAMESPACE_DENIED' : error.code;
      outcome =
        error.code === 'INPUT.INVALID'
          ? 'invalid'
          : denied || error.code.startsWith('POLICY.')
            ? 'denied'
            : 'error';
      // Error texts leave the server too (a 403 names system:serviceaccount:<ns>:<name>).
      const policy = lease?.model.policy ?? this.policy;
      const text = policy.maskText(error.describe(), await this.keptStrings(rawArgs, error.code));
      result = { isError: true, content: [{ type: 'text', text }] };
    } finally {
      callSig.dispose();
      lease?.release();
    }
    const context = lease?.model.context || asked;
    const responseBytes = Buffer.byteLength(JSON.stringify(result));
    const record: AuditRecord = {
      time: new Date().toISOString(),
      sessionId: caller.sessionId,
      transport: caller.transport,
      client: caller.client,
      identity: caller.identity,
      ...(caller.person ? { person: caller.person } : {}),
      ...(caller.kubeUser ? { actedAs: caller.kubeUser } : {}),
      tool: name,
      arguments: redactArguments(rawArgs ?? {}),
      namespaces: scope ? auditNamespaces(scope) : this.namespacesOf(rawArgs),
      ...(context ? { context } : {}),
      outcome,
      errorCode,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      responseBytes,
    };
    // The line is in the file (a synchronous O_APPEND write) before the answer leaves.
    const written = this.auditLog.write(record);
    this.events.emit(record);
    if (!written.ok && this.auditLog.failClosed) {
      return { isError: true, content: [{ type: 'text', text: this.auditUnavailable(true).describe() }] };
    }
    return result;
  }

  /**
   * The audit line of a request the protocol layer answered without calling `call`: a resource
   * read or subscription, a prompt, or a tools/call refused before it named a tool. Refused tool
   * calls also reach the tool-call events (tool "unknown" in the metrics), like any failed call.
   */
  audit(entry: RequestAudit): void {
    const { caller } = entry;
    const record: AuditRecord = {
      time: new Date().toISOString(),
      sessionId: caller.sessionId,
      transport: caller.transport,
      client: caller.client,
      identity: caller.identity,
      ...(caller.person ? { person: caller.person } : {}),
      ...(caller.kubeUser ? { actedAs: caller.kubeUser } : {}),
      ...(entry.method === 'tools/call' ? {} : { method: entry.method }),
      tool: entry.name,
      arguments: redactArguments(entry.arguments ?? {}),
      namespaces: [],
      ...this.contextOf(entry),
      outcome: entry.outcome,
      errorCode: entry.errorCode,
      durationMs: entry.durationMs,
      responseBytes: entry.responseBytes,
    };
    this.auditLog.write(record);
    if (entry.method === 'tools/call') this.events.emit(record);
  }

  /**
   * Runs `work` in a request context of its own: for a person (K8S_MCP_IMPERSONATION), their API
   * requests carry Impersonate-* and their view of the watch cache is built first (AccessReview).
   */
  async runAs<T>(
    caller: CallerInfo,
    work: () => Promise<T>,
    at: { correlationId?: string; signal?: AbortSignal; views?: PersonViews; k8sContext?: string } = {},
  ): Promise<T> {
    const { kubeUser } = caller;
    // Built only when a read path spanning kinds asks for it (loadCallerView), from the cache and
    // the API server of the call's own cluster: a person's access to one cluster says nothing of another.
    const views = at.views ?? this.views;
    const view = kubeUser ? new LazyView(() => views.viewOf(kubeUser)) : undefined;
    const correlationId = at.correlationId ?? randomUUID();
    return runWithContext(
      {
        correlationId,
        sessionId: caller.sessionId,
        signal: at.signal,
        kubeUser,
        view,
        k8sContext: at.k8sContext,
      },
      work,
    );
  }

  /**
   * The context a resource read or prompt names, else (not a refused tool call: it named none
   * that was looked at) the default one, as a tool call's line says it.
   */
  private contextOf(entry: RequestAudit): { context?: string } {
    const context =
      entry.context ?? (entry.method === 'tools/call' ? undefined : this.models.defaultContext());
    return context ? { context } : {};
  }

  /** `ran`: the handler ran but its line could not be written, so its answer is withheld. */
  private auditUnavailable(ran: boolean): AppError {
    const reason = this.auditLog.unwritableReason() ?? 'the last write failed';
    return new AppError(
      'AUDIT.UNAVAILABLE',
      ran
        ? `the answer was withheld: the call ran but its audit line could not be written (${reason})`
        : `the call was refused: the audit log cannot be written (${reason}), and calls are not served unaudited`,
      {
        hint: 'free space or fix the permissions of K8S_AUDIT_LOG_PATH; K8S_AUDIT_FAIL_OPEN=true serves calls anyway',
      },
    );
  }

  private serverSuffix(model: ClusterModel | undefined): string {
    const server = model?.kube.server();
    return server ? ` at ${server}` : '';
  }

  private context(caller: CallerInfo, scope: ToolScope, model: ClusterModel): ToolContext {
    return {
      config: model.config,
      kube: model.kube,
      reads: model.reads,
      catalogue: model.catalogue,
      policy: model.policy,
      graph: model.graph,
      logger: this.logger,
      caller,
      summary: model.summary,
      changes: model.changes,
      scope,
      context: model.context,
      contexts: this.models,
    };
  }

  private parseArguments(tool: ToolDefinition, rawArgs: unknown): Record<string, unknown> {
    // Absent arguments are no arguments; null is not (the protocol says an object or nothing).
    const parsed = argumentsSchema(tool).safeParse(rawArgs === undefined ? {} : rawArgs);
    if (!parsed.success) {
      throw new AppError(
        'INPUT.INVALID',
        `invalid arguments for ${tool.name}: ${formatZodError(parsed.error)}`,
        {
          hint: 'see the tool input schema in tools/list',
        },
      );
    }
    // Namespace and object names by argument name, for every tool alike (they become URL path
    // segments: "..", "%2e%2e" and "a/../b" must never get that far).
    assertNameArguments(tool.name, parsed.data);
    return parsed.data;
  }

  /**
   * The strings masking leaves as they are: the caller's own, and where an answer lists the allowed
   * contexts (k8s-list-contexts, the refusal of another one) their names, which are the operator's
   * and say nothing of a namespace that shares one (`staging` the context, `staging` the hidden namespace).
   */
  private async keptStrings(rawArgs: unknown, listing: string): Promise<Set<string>> {
    const kept = sentStrings(rawArgs);
    if (listing === 'k8s-list-contexts' || listing === 'POLICY.CONTEXT_DENIED')
      for (const n of await this.models.names().catch(() => [])) kept.add(n);
    return kept;
  }

  private toResult(output: ToolOutput, sent: ReadonlySet<string>, policy: NamespacePolicy): CallToolResult {
    // Without a policy nothing can leak: skip the walks (about 2 ms on a 1,000-row answer).
    if (policy.unrestricted) {
      return {
        content: [{ type: 'text', text: output.text }],
        ...(output.structured ? { structuredContent: output.structured } : {}),
      };
    }
    const leaked = leakedNamespaces(output.structured, policy);
    if (leaked.size > 0) {
      // A tool bug must not become a leak: refuse the whole answer (the log masks the names too).
      this.logger.error(`tool output placed objects in ${leaked.size} hidden namespace(s); answer withheld`);
      throw new AppError(
        'INTERNAL',
        'the answer mentioned a namespace this server may not show, so it was withheld',
      );
    }
    // Free text (event messages, conditions, annotations, keys) may still name a hidden namespace.
    return {
      content: [{ type: 'text', text: policy.maskText(output.text, sent) }],
      ...(output.structured ? { structuredContent: policy.maskValue(output.structured, sent) } : {}),
    };
  }

  private unknownTool(name: string): AppError {
    if (this.registry.isHidden(name)) {
      return new AppError(
        'POLICY.READ_ONLY',
        `tool '${name}' is not available: the server runs in read-only mode`,
        {
          hint: 'read-only mode (K8S_READ_ONLY / --read-only) hides every tool that changes the cluster',
        },
      );
    }
    return new AppError('INPUT.INVALID', `unknown tool '${name}'`, {
      hint: `available tools: ${this.registry
        .list()
        .map((t) => t.name)
        .join(', ')}`,
    });
  }

  private toAppError(err: unknown, tool: string, correlationId: string): AppError {
    if (err instanceof AppError) return err;
    this.logger.error({ msg: `tool ${tool} failed`, correlationId, err });
    return new AppError('INTERNAL', `internal error in ${tool}`, {
      hint: `the server log has the details under correlation id ${correlationId}`,
    });
  }

  /** The namespace a call targets ("all" included); none for tools without a namespace argument. */
  /**
   * A call refused before its scope was resolved (unknown tool, invalid arguments) reached no
   * namespace; its audit line names the one the caller asked for, if it sent one, so a reviewer
   * can still search by it.
   */
  private namespacesOf(rawArgs: unknown): string[] {
    const ns = (rawArgs as { namespace?: unknown } | undefined)?.namespace;
    return typeof ns === 'string' && ns !== '' ? [ns] : [];
  }
}
