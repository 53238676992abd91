import type { Person } from '../security/caller-identity.js';
import type { KubeUser } from '../security/kube-user.js';
import { HttpException, Injectable, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphService } from '../graph/graph.service.js';
import { ToolInvoker } from '../mcp/tool-invoker.service.js';
import { AlertService } from '../monitoring/alerts/alert.service.js';
import { MetricsCollector } from '../monitoring/collector/metrics-collector.service.js';
import { MetricsHistory } from '../monitoring/history/metrics-history.js';
import { NamespacePolicy } from '../security/namespace-policy.js';
import { InformerRegistry } from '../sync/informer-registry.js';

/** Hours of alert history the health page shows. */
const ALERT_HOURS = 24;

/** The tool answer's structured content, or the tool's error as an HTTP error the page shows. */
function structured(result: {
  isError?: boolean;
  content?: unknown;
  structuredContent?: unknown;
}): Record<string, unknown> {
  if (result.isError) {
    const text = (Array.isArray(result.content) ? result.content : [])
      .map((c: { text?: string }) => c.text ?? '')
      .join('\n');
    const status = /POLICY\./.test(text) ? 403 : /NOT_FOUND/.test(text) ? 404 : 422;
    throw new HttpException({ statusCode: status, message: text }, status);
  }
  return (result.structuredContent ?? {}) as Record<string, unknown>;
}

/** Who asks through the console: the token's name, and the person behind an OAuth token. */
export interface ConsoleCaller {
  readonly identity?: string;
  readonly person?: Person;
  readonly kubeUser?: KubeUser;
}

/**
 * What the console's pages show, from the services behind /health, /alerts and
 * /intelligent/status, and — for anything that names cluster objects — through the MCP tools
 * themselves (ToolInvoker), so the namespace policy, the outbound leak check and the audit line
 * are exactly those of a tool call (transport `console`).
 *
 * The services live in other layers' modules; like /intelligent/status, they are looked up at
 * request time rather than imported, so the console adds no edge to the module graph.
 */
@Injectable()
export class UiData {
  constructor(private readonly modules: ModuleRef) {}

  private get<T>(type: Type<T>): T | undefined {
    try {
      return this.modules.get(type, { strict: false });
    } catch {
      return undefined;
    }
  }

  /** The allow-list the policy shows (undefined: every namespace not denied). */
  visibleNamespaces(): string[] | undefined {
    return this.get(NamespacePolicy)?.explicitNamespaces();
  }

  private policy(): NamespacePolicy {
    const policy = this.get(NamespacePolicy);
    // Fail closed: without the policy nothing can be masked, so nothing is shown.
    if (!policy) throw new HttpException('the namespace policy is not part of this server', 503);
    return policy;
  }

  /**
   * The mask for audit lines: every mention of a hidden namespace (and the object name with it)
   * replaced, as in a tool answer. The audit file keeps the real names for whoever reads it on
   * disk; nothing the console shows may name a namespace the policy hides.
   */
  lineMask(): (line: string) => string {
    const policy = this.policy();
    return (line) => policy.maskText(line);
  }

  async health(): Promise<unknown> {
    // Alert messages and history may name objects; the whole answer goes through the mask.
    return this.policy().maskValue(await this.healthUnmasked());
  }

  private async healthUnmasked(): Promise<unknown> {
    const collector = this.get(MetricsCollector);
    const alerts = this.get(AlertService);
    const sync = this.get(InformerRegistry)?.status();
    const history = this.get(MetricsHistory)?.since(Date.now() - 3_600_000) ?? [];
    return {
      score: collector?.healthScore(),
      alerts: alerts && {
        firing: alerts.firing(),
        history: alerts.history(Date.now() - ALERT_HOURS * 3_600_000),
        lastHours: ALERT_HOURS,
      },
      sync: sync && {
        phase: sync.phase,
        healthScore: sync.healthScore,
        kinds: sync.kinds.map((k) => ({
          kind: k.kind,
          state: k.state,
          synced: k.synced,
          objects: k.objects,
          lastEventAt: k.lastEventAt,
          relists: k.relists,
          watchRestarts: k.watchRestarts,
        })),
      },
      graph: this.get(GraphService)?.status(),
      // The last hour of samples, for the page's small charts.
      history: history.map((s) => ({ time: s.time, values: s.values })),
    };
  }

  async anomalies(who: ConsoleCaller, namespace: string | undefined): Promise<unknown> {
    const out = structured(
      await this.tool(who, 'k8s-cluster-summary', {
        summary_type: 'anomalies',
        max_size_kb: 1024,
        ...(namespace ? { namespace } : {}),
      }),
    );
    // Each shown item is the finding itself (kind, namespace, name, severity, reason, message, …).
    const sections = (out.sections ?? {}) as Record<string, { items?: Record<string, unknown>[] }>;
    const section = Object.entries(sections).find(([name]) => /anomal/i.test(name))?.[1];
    return {
      generatedAt: out.generatedAt,
      namespace: out.namespace,
      hidden: out.hidden,
      truncated: out.truncated,
      findings: section?.items ?? [],
    };
  }

  async graph(
    who: ConsoleCaller,
    q: { kind: string; name: string; namespace?: string; query: string; depth?: number },
  ): Promise<unknown> {
    return structured(
      await this.tool(who, 'k8s-relation-query', {
        query_type: q.query,
        resource_type: q.kind,
        resource_name: q.name,
        ...(q.namespace ? { namespace: q.namespace } : {}),
        ...(q.depth ? { max_depth: q.depth } : {}),
      }),
    );
  }

  async changes(
    who: ConsoleCaller,
    q: {
      sinceMinutes?: number;
      namespace?: string;
      kind?: string;
      name?: string;
      continue?: string;
      limit: number;
    },
  ): Promise<unknown> {
    const args: Record<string, unknown> = { limit: q.limit };
    for (const [k, v] of Object.entries(q)) if (v !== undefined) args[k] = v;
    return structured(await this.tool(who, 'k8s-what-changed', args));
  }

  private tool(who: ConsoleCaller, name: string, args: Record<string, unknown>) {
    const invoker = this.get(ToolInvoker);
    if (!invoker) throw new HttpException('the MCP tools are not part of this server', 503);
    // The console's person reads as themselves, exactly as through MCP (impersonation, their view).
    return invoker.call(name, args, {
      transport: 'console',
      ...who,
      client: { name: 'k8s-mcp-console', version: '1' },
    });
  }
}
