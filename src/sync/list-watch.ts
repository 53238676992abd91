import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type * as k8s from '@kubernetes/client-node';
import { apiRequest } from '../k8s/api-request.js';
import type { KubeClients } from '../k8s/kube-clients.js';
import type { KubeList, KubeObject } from '../k8s/kube-object.js';
import { type ResourceRef, resourcePath } from '../k8s/resource-ref.js';

/**
 * 500 a page as client-go's pager: a page of 500 pods is ~2 MB, large enough to need few round
 * trips, small enough not to stall the API server or hold much memory at once.
 */
export const LIST_PAGE_SIZE = 500;

/**
 * A watch with no byte for this long (no headers, no event, no bookmark) is torn down by our own
 * timer and counted as a failure. The apiserver sends a bookmark to every watcher about once a
 * minute, so 90 s lets a quiet watch live on its bookmarks and still notices a connection that died
 * silently or a server that accepted the request and never answered.
 */
export const WATCH_INACTIVITY_MS = 90_000;

/** The error a watch ends with when WATCH_INACTIVITY_MS passed without a byte. */
export class WatchInactivityError extends Error {
  override readonly name = 'TimeoutError';
  constructor(
    readonly silentMs: number,
    readonly phase: 'headers' | 'body',
  ) {
    super(
      `watch silent for ${Math.round(silentMs / 1000)} s (${phase === 'headers' ? 'no response headers' : 'no bytes'})`,
    );
  }
}

const PARTIAL_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const PARTIAL_OBJECT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

/** One event of a watch stream. */
export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: KubeObject;
}

/** A running watch; abort() ends it (done then receives an AbortError). */
export interface WatchHandle {
  abort(): void;
}

/** What a reflector needs from the API server: a LIST and a WATCH of one kind in one scope. */
export interface ListWatchSource {
  /**
   * Lists every page; `resourceVersion` '' is a consistent read of the latest state. With `onPage`,
   * each page goes there as it arrives and `items` comes back empty.
   */
  list(
    resourceVersion: string,
    onPage?: (items: readonly KubeObject[]) => void,
  ): Promise<{ items: KubeObject[]; resourceVersion: string }>;
  /**
   * Watches from `resourceVersion`; `done(null)` when the server closed it, `done(err)` on failure
   * (a WatchInactivityError when no byte came for the inactivity timeout). The handle comes back
   * before the response headers do, so a watch that hangs can be aborted; `opened` is told when
   * the server accepted the watch (headers with status 200).
   */
  watch(
    resourceVersion: string,
    timeoutSeconds: number,
    onEvent: (event: WatchEvent) => void,
    done: (err: unknown) => void,
    opened?: () => void,
  ): Promise<WatchHandle>;
}

/** Where a reflector looks: one namespace, or all; optionally narrowed by a field selector. */
export interface ListWatchScope {
  readonly namespace?: string;
  readonly fieldSelector?: string;
}

/** A KubeConfig whose requests all carry this Accept header (client-node's Watch has no header option). */
function acceptKubeConfig(clients: KubeClients, accept: string): k8s.KubeConfig {
  class AcceptKubeConfig extends clients.lib.KubeConfig {
    override async applySecurityAuthentication(ctx: k8s.RequestContext): Promise<void> {
      await super.applySecurityAuthentication(ctx);
      ctx.setHeaderParam('Accept', accept);
    }
  }
  const kc = new AcceptKubeConfig();
  const base = clients.watchKc;
  kc.loadFromOptions({
    clusters: base.clusters,
    users: base.users,
    contexts: base.contexts,
    currentContext: base.getCurrentContext(),
  });
  return kc;
}

/** LIST and WATCH of one kind through the API server, full objects or metadata only. */
export class ApiListWatch implements ListWatchSource {
  private readonly path: string;
  private readonly watchKc: k8s.KubeConfig;

  constructor(
    private readonly clients: KubeClients,
    private readonly ref: ResourceRef,
    private readonly scope: ListWatchScope,
    private readonly metadataOnly: boolean,
    /** No byte for this long ends a watch (tests of a stalled connection shorten it). */
    private readonly inactivityMs = WATCH_INACTIVITY_MS,
  ) {
    this.path = resourcePath(ref, scope.namespace);
    // The watch KubeConfig has no request timeout: a watch is meant to stay open.
    this.watchKc = metadataOnly ? acceptKubeConfig(clients, PARTIAL_OBJECT) : clients.watchKc;
  }

  /** ListWatchSource.list: every page of the collection. */
  async list(
    resourceVersion: string,
    onPage?: (items: readonly KubeObject[]) => void,
  ): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const items: KubeObject[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      const page = await apiRequest<KubeList>(
        this.clients,
        {
          path: this.path,
          query: {
            limit: LIST_PAGE_SIZE,
            continue: cont,
            // Only the first page names a version; the continue token carries it afterwards. A
            // paged LIST at a version without resourceVersionMatch means *exactly* that version
            // (KEP-2523), which may be older than what the store already holds: NotOlderThan
            // never goes back in time.
            resourceVersion: cont ? undefined : resourceVersion || undefined,
            resourceVersionMatch: cont || !resourceVersion ? undefined : 'NotOlderThan',
            fieldSelector: this.scope.fieldSelector,
          },
          accept: this.metadataOnly ? PARTIAL_LIST : 'application/json',
        },
        { verb: 'list', resource: this.ref.plural, namespace: this.scope.namespace },
      );
      // A PartialObjectMetadataList page with no objects comes with `items: null`.
      if (onPage) onPage(page.items ?? []);
      else items.push(...(page.items ?? []));
      rv = page.metadata.resourceVersion ?? rv;
      cont = page.metadata.continue || undefined;
    } while (cont);
    return { items, resourceVersion: rv };
  }

  /**
   * ListWatchSource.watch: one streaming GET on the timeout-free KubeConfig, with our own
   * inactivity timer (client-node's Watch keeps its timeout in a private field and resolves only
   * once headers arrive, so a watch hanging before its headers could not be aborted).
   */
  async watch(
    resourceVersion: string,
    timeoutSeconds: number,
    onEvent: (event: WatchEvent) => void,
    done: (err: unknown) => void,
    opened?: () => void,
  ): Promise<WatchHandle> {
    const inactivityMs = this.inactivityMs;
    const { RequestContext, HttpMethod, IsomorphicFetchHttpLibrary } = this.clients.lib;
    const url = new URL(this.clients.server.replace(/\/+$/, '') + this.path);
    url.searchParams.set('watch', 'true');
    url.searchParams.set('allowWatchBookmarks', 'true');
    url.searchParams.set('timeoutSeconds', String(timeoutSeconds));
    if (resourceVersion) url.searchParams.set('resourceVersion', resourceVersion);
    if (this.scope.fieldSelector) url.searchParams.set('fieldSelector', this.scope.fieldSelector);
    const ctx = new RequestContext(url.toString(), HttpMethod.GET);
    ctx.setHeaderParam('Accept', this.metadataOnly ? PARTIAL_OBJECT : 'application/json');
    if (this.clients.identityEncoding) ctx.setHeaderParam('Accept-Encoding', 'identity');
    await this.watchKc.applySecurityAuthentication(ctx);
    const controller = new AbortController();
    ctx.setSignal(controller.signal);

    let finished = false;
    let phase: 'headers' | 'body' = 'headers';
    let lastByteAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: unknown): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      controller.abort();
      done(err);
    };
    const arm = (): void => {
      clearTimeout(timer);
      lastByteAt = Date.now();
      timer = setTimeout(
        () => finish(new WatchInactivityError(Date.now() - lastByteAt, phase)),
        inactivityMs,
      );
      timer.unref();
    };
    arm();
    // A watch is timed to its response headers: its lifetime is WATCH_TIMEOUT, not latency.
    const started = performance.now();
    let answered = false;
    const observe = (code: number): void => {
      if (answered) return;
      answered = true;
      this.clients.observe({
        verb: 'watch',
        resource: this.ref.plural,
        code,
        seconds: (performance.now() - started) / 1000,
      });
    };
    new IsomorphicFetchHttpLibrary()
      .send(ctx)
      .toPromise()
      .then(async (response) => {
        observe(response.httpStatusCode);
        if (finished) return;
        if (response.httpStatusCode !== 200) {
          const body = await response.body.text().catch(() => '');
          throw Object.assign(
            new Error(`watch ${this.path}: HTTP ${response.httpStatusCode} ${body.slice(0, 200)}`),
            {
              statusCode: response.httpStatusCode,
            },
          );
        }
        phase = 'body';
        arm();
        opened?.();
        const body = Readable.fromWeb((await response.body.stream()) as WebReadableStream<Uint8Array>);
        body.on('data', arm);
        body.on('error', finish);
        const lines = createInterface({ input: body, crlfDelay: Infinity });
        lines.on('line', (line) => {
          if (finished || line === '') return;
          let parsed: { type?: string; object?: KubeObject };
          try {
            parsed = JSON.parse(line) as { type?: string; object?: KubeObject };
          } catch {
            finish(new Error(`watch ${this.path}: undecodable event line`));
            return;
          }
          if (parsed.type && parsed.object)
            onEvent({ type: parsed.type as WatchEvent['type'], object: parsed.object });
        });
        // readline re-emits its input's errors (an abort included); without a listener they would
        // be uncaught and take the process down on shutdown.
        lines.on('error', finish);
        lines.on('close', () => finish(null));
      })
      .catch((err: unknown) => {
        observe(0);
        finish(err);
      });
    return { abort: () => finish(new DOMException('watch aborted', 'AbortError')) };
  }
}
