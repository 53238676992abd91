import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  ErrorCode,
  McpError,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { multiContext } from '../../config/context-settings.js';
import type { ClusterModel } from '../../contexts/cluster-model.js';
import { ClusterModels, type ModelLease } from '../../contexts/cluster-models.service.js';
import { inModelView } from '../../contexts/model-view.js';
import type { ResourceSource } from '../mcp-server.js';
import { ChangeResources } from './change-resources.js';
import { combineResources } from './combined-resources.js';
import { contextTemplate, splitContextUri } from './context-uri.js';
import { toMcpError } from './resource-error.js';
import { SummaryResources } from './summary-resources.js';

/** The resources of one context other than the default, built on its model. */
interface Built {
  readonly source: ResourceSource;
  close(): void;
}

/** `k8s://namespaces/{namespace}/summary` → a matcher of the URIs it expands to. */
function matcherOf(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\{[a-z]+\}/g, '[^/]+')}$`);
}

/**
 * Every resource, for every context (issue 17): the default context's under today's URIs
 * (`k8s://cluster/summary`, …), and each allowed context's under `k8s://contexts/{context}/…`
 * with the context percent-encoded (EKS ARNs hold `:` and `/`). A named context's resources are
 * the same sources built on its own model, so a read answers from that cluster's cache under its
 * namespace policy and the caller's view of that cluster. A context outside the allow-list is
 * refused as a tool call is, naming the allowed ones and nothing else. A subscription holds its
 * context's model (it is not idle-stopped while someone follows it).
 */
@Injectable()
export class ContextResources implements ResourceSource, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Resources');
  private readonly home: ResourceSource;
  private readonly built = new Map<ClusterModel, Built>();
  private removeStopListener?: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly models: ClusterModels,
    summary: SummaryResources,
    changes: ChangeResources,
  ) {
    this.home = combineResources(changes, summary);
  }

  onModuleInit(): void {
    this.removeStopListener = this.models.onModelStopping((model) => this.release(model));
  }

  onApplicationShutdown(): void {
    this.removeStopListener?.();
    for (const model of [...this.built.keys()]) this.release(model);
  }

  list(): Resource[] {
    return this.home.list();
  }

  /** The default context's templates, then (with K8S_CONTEXTS) every resource per context. */
  templates(): ResourceTemplate[] {
    const own = this.home.templates();
    if (!multiContext(this.config)) return own;
    const perContext = [...this.home.list().map((r) => ({ ...r, uriTemplate: r.uri })), ...own].map(
      (r): ResourceTemplate => ({
        uriTemplate: contextTemplate(r.uriTemplate),
        name: `context-${r.name}`,
        ...(r.title ? { title: `${r.title} (any context)` } : {}),
        description:
          `${r.description ?? ''} Of kubeconfig context {context}, percent-encoded (k8s-list-contexts lists them).`.trim(),
        ...(r.mimeType ? { mimeType: r.mimeType } : {}),
      }),
    );
    return [...own, ...perContext];
  }

  async read(uri: string): Promise<ReadResourceResult> {
    const split = splitContextUri(uri);
    if (!split) return this.home.read(uri);
    this.assertKnown(split.uri, uri);
    const lease = await this.acquire(split.context);
    try {
      const { source, isDefault } = this.sourceOf(lease.model);
      const result = await inModelView(lease.model, isDefault, () => source.read(split.uri));
      // The contents answer for the URI that was asked.
      return { ...result, contents: result.contents.map((c) => ({ ...c, uri })) };
    } finally {
      lease.release();
    }
  }

  async subscribe(uri: string, onUpdated: () => void): Promise<() => void> {
    const split = splitContextUri(uri);
    if (!split) return this.home.subscribe(uri, onUpdated);
    this.assertKnown(split.uri, uri);
    const lease = await this.acquire(split.context);
    try {
      const { source, isDefault } = this.sourceOf(lease.model);
      // A model just started: wait for its first sync (bounded), so a namespace can be checked.
      if (!isDefault) await lease.model.summary.whenReady().catch(() => undefined);
      // As a read: a person's view comes from this context's cluster, not the default one.
      const end = await inModelView(lease.model, isDefault, async () =>
        source.subscribe(split.uri, onUpdated),
      );
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        end();
        lease.release();
      };
    } catch (err) {
      lease.release();
      throw toMcpError(err);
    }
  }

  private async acquire(context: string): Promise<ModelLease> {
    try {
      return await this.models.acquire(context);
    } catch (err) {
      throw toMcpError(err);
    }
  }

  /** The path after the context must name a resource or template of the default context. */
  private assertKnown(inner: string, uri: string): void {
    const known = [...this.home.list().map((r) => r.uri), ...this.home.templates().map((t) => t.uriTemplate)];
    if (known.some((u) => matcherOf(u).test(inner))) return;
    const shown = uri.length > 80 ? `${uri.slice(0, 80)}… (${uri.length} characters)` : uri;
    throw new McpError(
      ErrorCode.InvalidParams,
      `uri: unknown resource ${JSON.stringify(shown)} (per context: ${known.map(contextTemplate).join(', ')})`,
      { code: 'INPUT.INVALID' },
    );
  }

  private sourceOf(model: ClusterModel): { source: ResourceSource; isDefault: boolean } {
    if (model === this.models.defaultModel()) return { source: this.home, isDefault: true };
    let built = this.built.get(model);
    if (!built) {
      // The same sources as the default context's, on this model's summary, journal and policy.
      const summary = new SummaryResources(model.summary, model.policy, model.config);
      const changes = new ChangeResources(model.config, model.changes, model.policy);
      summary.onModuleInit();
      changes.onModuleInit();
      built = {
        source: combineResources(changes, summary),
        close: () => {
          summary.onApplicationShutdown();
          changes.onApplicationShutdown();
        },
      };
      this.built.set(model, built);
    }
    return { source: built.source, isDefault: false };
  }

  private release(model: ClusterModel): void {
    const built = this.built.get(model);
    if (!built) return;
    this.built.delete(model);
    try {
      built.close();
    } catch (err) {
      this.logger.error(`context '${model.context}': resources not closed: ${(err as Error).message}`);
    }
  }
}
