import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { InformerRegistry } from '../sync/informer-registry.js';

/**
 * The watch cache as a terminus indicator: its phase, score and each kind's state. Down when a
 * kind is degraded (MAX_RETRY_COUNT failures in a row), or, when `requireSynced`, until the
 * initial sync has completed — what /health/ready waits for so a rollout sends no traffic to a
 * replica that still answers from the API server.
 */
@Injectable()
export class SyncHealthIndicator {
  constructor(
    private readonly registry: InformerRegistry,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check(key = 'sync', { requireSynced = false } = {}): HealthIndicatorResult {
    const s = this.registry.status();
    const kinds = Object.fromEntries(
      s.kinds.map((k) => [k.kind, k.state === 'healthy' ? (k.synced ? 'synced' : 'syncing') : k.state]),
    );
    const degraded = s.kinds.filter((k) => k.state === 'degraded').map((k) => k.kind);
    const data = {
      phase: s.phase,
      healthScore: s.healthScore,
      ...(s.initialSyncMs !== undefined ? { initialSyncMs: s.initialSyncMs } : {}),
      ...(s.error ? { message: s.error } : {}),
      ...(degraded.length ? { degraded } : {}),
      kinds,
    };
    const session = this.indicators.check(key);
    if (degraded.length > 0) return session.down(data);
    if (requireSynced && s.phase !== 'synced') {
      return session.down({ ...data, message: s.error ?? 'initial sync not complete' });
    }
    return session.up(data);
  }
}
