import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  ErrorCode,
  McpError,
  type ReadResourceResult,
  type Resource,
} from '@modelcontextprotocol/sdk/types.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { NamespacePolicy } from '../../security/namespace-policy.js';
import { ChangeJournalService } from '../../timeline/change-journal.service.js';
import type { ChangeRecord } from '../../timeline/change-record.js';
import { renderChanges } from '../tools/k8s-what-changed.tool.js';
import { MIN_NOTIFY_INTERVAL_MS } from './summary-resources.js';
import { callerMayShow } from '../../security/caller-view.js';
import { loadCallerView } from '../../security/caller-view.js';

/** The last hour of changes, newest first. */
export const CHANGES_URI = 'k8s://changes';
/** The window the resource shows: the hour before an incident is what is asked first. */
const WINDOW_MS = 60 * 60_000;
/** A burst of changes (a rollout) settles before subscribers are told, as the summary resources do. */
const SETTLE_MS = 500;
/** Records the resource shows at most (the size budget usually ends it first). */
const MAX_RECORDS = 200;

/**
 * `k8s://changes`: what k8s-what-changed answers without arguments, as a resource. Subscribers are
 * told of new changes they may see, at most once per MIN_NOTIFY_INTERVAL_MS (the summary
 * resources' throttle), after a burst settled; a change in a hidden namespace tells nobody.
 */
@Injectable()
export class ChangeResources implements OnModuleInit, OnApplicationShutdown {
  private readonly listeners = new Set<() => void>();
  private remove?: () => void;
  private timer?: NodeJS.Timeout;
  private lastNotifiedAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'MAX_SUMMARY_SIZE_KB'>,
    private readonly journal: ChangeJournalService,
    private readonly policy: NamespacePolicy,
  ) {}

  onModuleInit(): void {
    this.remove = this.journal.onRecord((r) => this.onRecord(r));
  }

  onApplicationShutdown(): void {
    this.remove?.();
    clearTimeout(this.timer);
    this.listeners.clear();
  }

  /** True for the URIs this source serves. */
  handles(uri: string): boolean {
    return uri === CHANGES_URI;
  }

  list(): Resource[] {
    if (!this.journal.enabled) return [];
    return [
      {
        uri: CHANGES_URI,
        name: 'changes',
        title: 'Recent changes',
        description:
          'What changed in the last hour, newest first, grouped by object, one line per change (subscribe for changes).',
        mimeType: 'text/plain',
      },
    ];
  }

  async read(uri: string): Promise<ReadResourceResult> {
    // A person reads the cache through their own view (fail closed until it is loaded).
    await loadCallerView();
    if (!this.journal.enabled)
      throw new McpError(ErrorCode.InvalidParams, `unknown resource ${uri}: TIMELINE_ENABLED=false`);
    const sinceMs = Date.now() - WINDOW_MS;
    let hidden = 0;
    const page = this.journal.query({
      sinceMs,
      limit: MAX_RECORDS,
      match: (r) => {
        if (this.visible(r)) return true;
        hidden++;
        return false;
      },
    });
    const stats = this.journal.stats();
    const out = renderChanges(page.records, page.nextBeforeSeq, {
      sinceMs,
      completeSince: Math.max(stats.completeSince, stats.recordingSince),
      recordingSince: stats.recordingSince,
      gaps: stats.gaps,
      hidden,
      maxBytes: this.config.MAX_SUMMARY_SIZE_KB * 1024,
    });
    return {
      contents: [
        { uri, mimeType: 'text/plain', text: this.policy.redactDeniedNames(out.text) },
        {
          uri,
          mimeType: 'application/json',
          text: this.policy.redactDeniedNames(JSON.stringify(out.structured)),
        },
      ],
    };
  }

  subscribe(_uri: string, onUpdated: () => void): () => void {
    this.listeners.add(onUpdated);
    return () => this.listeners.delete(onUpdated);
  }

  /** Number of subscribers (for tests). */
  get subscriberCount(): number {
    return this.listeners.size;
  }

  private visible(r: ChangeRecord): boolean {
    return callerMayShow(this.policy, r.kind, r.namespace, r.name);
  }

  /** Runs on the watch path: only schedules. */
  private onRecord(r: ChangeRecord): void {
    if (this.listeners.size === 0 || this.timer || !this.visible(r)) return;
    const delay = Math.max(SETTLE_MS, this.lastNotifiedAt + MIN_NOTIFY_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => this.notify(), delay);
    this.timer.unref();
  }

  private notify(): void {
    this.timer = undefined;
    this.lastNotifiedAt = Date.now();
    for (const listener of this.listeners) listener();
  }
}
