import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { discoverResourceKinds, type DiscoveryResult } from './api-discovery.js';
import { K8sService } from './k8s.service.js';
import { ResourceKindIndex, type ResourceKind } from './resource-kind-index.js';

export type { ResourceKind } from './resource-kind-index.js';

/** How long a discovery result is trusted; kubectl's disk cache uses 6 hours, CRDs come and go faster. */
const TTL_MS = 5 * 60_000;

/**
 * A lookup that misses refreshes at once (a CRD created a moment ago must be found), but discovery
 * starts at most this often, so a model asking again and again for a kind that does not exist, or
 * lookups while the API server is down, cannot turn every call into discovery requests.
 */
const MIN_REFRESH_INTERVAL_MS = 2_000;

/** One discovery result, indexed. */
export interface CatalogueSnapshot {
  readonly index: ResourceKindIndex;
  readonly fetchedAt: number;
  readonly unavailable: readonly string[];
}

/**
 * The catalogue of resource kinds the cluster serves (built-in and custom), from API discovery:
 * cached for TTL_MS, refreshed on demand when a name is not found, concurrent refreshes coalesced.
 * Nothing is fetched until the first lookup.
 */
@Injectable()
export class ResourceCatalogue {
  private readonly logger = new Logger(ResourceCatalogue.name);
  private snapshot?: CatalogueSnapshot;
  private refreshing?: Promise<CatalogueSnapshot>;
  private lastAttempt = Number.NEGATIVE_INFINITY;

  constructor(@Inject(K8sService) private readonly k8s: Pick<K8sService, 'clients'>) {}

  /** The kind a name denotes; INPUT.INVALID with close matches when the cluster serves no such kind. */
  async resolve(nameOrAlias: string): Promise<ResourceKind> {
    const asked = this.now();
    let snapshot = await this.current();
    const found = snapshot.index.find(nameOrAlias);
    if (found) return found;
    if (nameOrAlias.trim() === '') throw snapshot.index.unknown(nameOrAlias);
    // A miss against data older than this call: the kind may be new (a CRD just created).
    if (
      snapshot.fetchedAt < asked &&
      (this.refreshing || asked - this.lastAttempt >= MIN_REFRESH_INTERVAL_MS)
    ) {
      snapshot = await this.refresh();
      const fresh = snapshot.index.find(nameOrAlias);
      if (fresh) return fresh;
    }
    throw snapshot.index.unknown(nameOrAlias);
  }

  /** Every kind the cluster serves, core group first, then in the API server's group priority. */
  async list(): Promise<readonly ResourceKind[]> {
    return (await this.current()).index.kinds;
  }

  /** Group versions the last discovery could not read (their kinds are missing from the catalogue). */
  unavailableGroupVersions(): readonly string[] {
    return this.snapshot?.unavailable ?? [];
  }

  /** Runs discovery now (joining one already running) and replaces the cached catalogue. */
  refresh(): Promise<CatalogueSnapshot> {
    if (this.refreshing) return this.refreshing;
    this.lastAttempt = this.now();
    this.refreshing = this.discover()
      .then((result) => {
        const unavailable = result.unavailable;
        if (unavailable.length > 0)
          this.logger.warn(`discovery incomplete: ${unavailable.join(', ')} unavailable`);
        this.snapshot = { index: new ResourceKindIndex(result.kinds), fetchedAt: this.now(), unavailable };
        return this.snapshot;
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Forgets the cached catalogue; the next lookup runs discovery. */
  invalidate(): void {
    this.snapshot = undefined;
  }

  /**
   * The cached catalogue. Past the TTL it is still answered from at once while discovery runs in
   * the background (stale-while-revalidate): only the very first lookup waits for the API server,
   * and a slow or dead API server never delays lookups of kinds already known.
   */
  private async current(): Promise<CatalogueSnapshot> {
    const cached = this.snapshot;
    if (!cached) return this.refresh();
    const now = this.now();
    if (
      now - cached.fetchedAt >= TTL_MS &&
      !this.refreshing &&
      now - this.lastAttempt >= MIN_REFRESH_INTERVAL_MS
    ) {
      this.refresh().catch((err: unknown) =>
        this.logger.warn(
          `discovery failed, keeping the catalogue from ${new Date(cached.fetchedAt).toISOString()}: ${describe(err)}`,
        ),
      );
    }
    return cached;
  }

  /** Asks the API server (overridden in unit tests with recorded discovery documents). */
  protected async discover(): Promise<DiscoveryResult> {
    return discoverResourceKinds(await this.k8s.clients());
  }

  protected now(): number {
    return Date.now();
  }
}

function describe(err: unknown): string {
  return AppError.is(err) ? err.describe() : err instanceof Error ? err.message : String(err);
}
