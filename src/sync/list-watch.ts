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
 * The apiserver sends a bookmark to every watcher about once a minute; client-node's Watch aborts
 * a stream after 30 s without a byte. 90 s lets a quiet watch live on its bookmarks instead of
 * being re-established every 30 s, and still notices a silently dead connection.
 */
export const WATCH_INACTIVITY_MS = 90_000;

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
  /** Watches from `resourceVersion`; `done(null)` when the server closed it, `done(err)` on failure. */
  watch(
    resourceVersion: string,
    timeoutSeconds: number,
    onEvent: (event: WatchEvent) => void,
    done: (err: unknown) => void,
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
            // Only the first page names a version; the continue token carries it afterwards.
            resourceVersion: cont ? undefined : resourceVersion,
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

  /** ListWatchSource.watch through client-node's Watch, on the timeout-free KubeConfig. */
  async watch(
    resourceVersion: string,
    timeoutSeconds: number,
    onEvent: (event: WatchEvent) => void,
    done: (err: unknown) => void,
  ): Promise<WatchHandle> {
    const watch = new this.clients.lib.Watch(this.watchKc);
    // No public setter exists (TOOLCHAIN.md §7); the field is read on every chunk, see WATCH_INACTIVITY_MS.
    (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = WATCH_INACTIVITY_MS;
    return watch.watch(
      this.path,
      {
        resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds,
        fieldSelector: this.scope.fieldSelector,
      },
      (type: string, object: KubeObject) => onEvent({ type: type as WatchEvent['type'], object }),
      done,
    );
  }
}
