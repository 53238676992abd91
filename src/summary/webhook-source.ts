import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { runOutsideRequest } from '../common/logging/request-context.js';
import { KubeApi } from '../k8s/kube-api.service.js';
import type { ResourceRef } from '../k8s/resource-ref.js';
import type { WebhookConfiguration } from '../k8s/objects/index.js';

/** Admission webhook configurations: cluster-scoped, few, rarely changed, not in the watch cache. */
const WEBHOOK_KINDS: readonly ResourceRef[] = [
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    kind: 'ValidatingWebhookConfiguration',
    plural: 'validatingwebhookconfigurations',
    namespaced: false,
  },
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    kind: 'MutatingWebhookConfiguration',
    plural: 'mutatingwebhookconfigurations',
    namespaced: false,
  },
];

/**
 * Reuse a read for 60 s: webhook configurations change with installs, not with traffic, and
 * summaries may be asked for several times a minute. A summary never waits longer than 2 s.
 */
const TTL_MS = 60_000;
const WAIT_MS = 2_000;
/** Clusters have a handful of webhook configurations; one page of 500 is plenty. */
const PAGE = 500;

/**
 * Webhook configurations read from the API server with a short cache (they are not among the
 * watched kinds). Failures (e.g. RBAC without admissionregistration) leave the list unknown, and
 * the webhook detector stays silent instead of guessing.
 */
@Injectable()
export class WebhookSource {
  private readonly logger = new Logger(WebhookSource.name);
  private cached?: { at: number; items: WebhookConfiguration[] };
  private loading?: Promise<void>;
  private lastError?: string;

  constructor(private readonly kube: KubeApi) {}

  /** The last read, undefined before the first success. */
  current(): readonly WebhookConfiguration[] | undefined {
    return this.cached?.items;
  }

  /** Why the last read failed, if it did. */
  error(): string | undefined {
    return this.lastError;
  }

  /** Re-reads when the cache is older than its TTL; waits at most WAIT_MS for it. */
  async refreshIfStale(now = Date.now()): Promise<void> {
    if (this.cached && now - this.cached.at < TTL_MS) return;
    // Read as the server, whoever's call asks: every caller's summary reads this one list.
    this.loading ??= runOutsideRequest(() => this.load()).finally(() => (this.loading = undefined));
    await Promise.race([this.loading, new Promise((r) => setTimeout(r, WAIT_MS).unref())]);
  }

  private async load(): Promise<void> {
    try {
      const items: WebhookConfiguration[] = [];
      for (const ref of WEBHOOK_KINDS) {
        const page = await this.kube.list<WebhookConfiguration>(ref, { limit: PAGE });
        items.push(...page.items.map((i) => ({ ...i, kind: ref.kind })));
      }
      this.cached = { at: Date.now(), items };
      this.lastError = undefined;
    } catch (err) {
      const message = AppError.is(err) ? err.describe() : (err as Error).message;
      if (message !== this.lastError) this.logger.warn(`webhook configurations not readable: ${message}`);
      this.lastError = message;
    }
  }
}
