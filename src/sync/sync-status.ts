import type { KindStatus } from './informer.js';

/** What /intelligent/status returns. */
export interface SyncStatus {
  /** stopped: not started (unit contexts, or no usable kubeconfig yet). */
  readonly phase: 'stopped' | 'syncing' | 'synced';
  readonly startedAt?: string;
  /** Milliseconds from start to every kind's first sync. */
  readonly initialSyncMs?: number;
  /** 0–100; see syncHealthScore. */
  readonly healthScore: number;
  readonly error?: string;
  /** MAX_RETRY_COUNT: fast retries of a failing kind before it is degraded (it keeps retrying every 30 s). */
  readonly maxRetryCount?: number;
  readonly kinds: readonly KindStatus[];
}

/** Weight of each watched kind by name (kinds most answers depend on weigh more). */
export type KindWeights = Readonly<Record<string, number>>;

/**
 * Share of healthy kinds, weighted: a synced healthy kind counts fully, one still on its first
 * list counts half (it is on its way), a degraded one not at all. Forbidden kinds are left out:
 * RBAC chose not to show them, the sync is not failing. 100 when every kind is synced.
 */
export function syncHealthScore(kinds: readonly KindStatus[], weights: KindWeights): number {
  let total = 0;
  let earned = 0;
  for (const k of kinds) {
    if (k.state === 'forbidden') continue;
    const w = weights[k.kind] ?? 1;
    total += w;
    if (k.state === 'healthy') earned += k.synced ? w : w / 2;
  }
  return total === 0 ? 100 : Math.round((100 * earned) / total);
}
