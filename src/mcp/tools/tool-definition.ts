import type { Logger } from '@nestjs/common';
import type { Person } from '../../security/caller-identity.js';
import type { KubeUser } from '../../security/kube-user.js';
import type { z, ZodRawShape } from 'zod';
import type { AppConfig } from '../../config/app-config.js';
import type { ContextStatus } from '../../contexts/context-status.js';
import type { GraphService } from '../../graph/graph.service.js';
import type { KubeApi } from '../../k8s/kube-api.service.js';
import type { ResourceCatalogue } from '../../k8s/resource-catalogue.js';
import type { NamespacePolicy } from '../../security/namespace-policy.js';
import type { SummaryService } from '../../summary/summary.service.js';
import type { CachedReads } from '../../sync/cached-reads.service.js';
import type { ChangeJournalService } from '../../timeline/change-journal.service.js';
import type { ScopeContext, ToolScope } from './tool-scope.js';

/** The four MCP hints, all required so no tool leaves a client guessing. */
export interface ToolHints {
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/** Who is calling, for tools that adapt their answer (and for the audit log). */
export interface CallerInfo {
  readonly sessionId?: string;
  readonly transport: 'streamable-http' | 'sse' | 'stdio' | 'console';
  readonly client?: { readonly name: string; readonly version: string };
  /** Set when the HTTP request carried a valid bearer token. */
  readonly identity?: string;
  /** The person an OAuth access token names (for the audit log only). */
  readonly person?: Person;
  /** The Kubernetes user this caller's API requests act as (K8S_MCP_IMPERSONATION). */
  readonly kubeUser?: KubeUser;
}

/** The one bundle a tool handler gets; tools never build clients themselves. */
export interface ToolContext {
  readonly config: AppConfig;
  readonly kube: KubeApi;
  /** Reads from the watch cache once a kind has synced, else through `kube`; answers say which. */
  readonly reads: CachedReads;
  /** Resolves what a model types for a kind ("deploy", "widgets.example.com") via API discovery. */
  readonly catalogue: ResourceCatalogue;
  readonly policy: NamespacePolicy;
  /** The relationship graph (k8s-relation-query); `enabled` is false with ENABLE_KNOWLEDGE_GRAPH=false. */
  readonly graph: GraphService;
  readonly logger: Logger;
  readonly caller: CallerInfo;
  /** Cluster summaries and anomalies from the watch cache. */
  readonly summary: SummaryService;
  /** The change journal (k8s-what-changed); `enabled` is false with TIMELINE_ENABLED=false. */
  readonly changes: ChangeJournalService;
  /** Where this call reaches, resolved once by the invoker from the parsed arguments (tool-scope.ts). */
  readonly scope: ToolScope;
  /**
   * The kubeconfig context this call answers from: every service above is that context's own
   * (the `context` argument, taken off by the invoker before the tool's schema sees it).
   */
  readonly context: string;
  /** Every context calls may name, with its model's state (k8s-list-contexts). */
  readonly contexts: { status(): Promise<ContextStatus[]> };
}

/** What a handler returns: text for the model, and the same facts as data. */
export interface ToolOutput {
  readonly text: string;
  readonly structured?: Record<string, unknown>;
}

/** One MCP tool: schema, hints and handler. One file per tool under src/mcp/tools/. */
export interface ToolDefinition<I extends ZodRawShape = ZodRawShape> {
  readonly name: string;
  readonly title: string;
  /** Written for the model: when to use the tool and what it returns. */
  readonly description: string;
  readonly inputSchema: I;
  readonly outputSchema?: ZodRawShape;
  readonly annotations: ToolHints;
  /** Where a call reaches (one namespace, all visible ones, none): the audit line and the handler read it. */
  scope(args: z.infer<z.ZodObject<I>>, ctx: ScopeContext): ToolScope | Promise<ToolScope>;
  handler(args: z.infer<z.ZodObject<I>>, ctx: ToolContext): Promise<ToolOutput>;
}

/** Identity helper that keeps the handler's argument type tied to the schema. */
export function defineTool<I extends ZodRawShape>(tool: ToolDefinition<I>): ToolDefinition<I> {
  return tool;
}
