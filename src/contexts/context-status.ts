import type { ClusterState } from '../k8s/k8s.service.js';
import type { SyncStatus } from '../sync/sync-status.js';
import type { ClusterModel } from './cluster-model.js';

/** running: serving; starting: its first call is building it; stopped: never used, or idle-stopped. */
export type ModelState = 'running' | 'starting' | 'stopped';

/** One context as k8s-list-contexts and /intelligent/status show it. */
export interface ContextStatus {
  readonly name: string;
  readonly default: boolean;
  readonly model: ModelState;
  /** The watch cache: absent while the model is not running. */
  readonly sync?: {
    readonly phase: SyncStatus['phase'];
    readonly healthScore: number;
    readonly initialSyncMs?: number;
    readonly kindsSynced: number;
    readonly kinds: number;
  };
  /** The API server as last probed. */
  readonly cluster?: {
    readonly state: ClusterState;
    readonly server?: string;
    readonly version?: string;
    readonly error?: string;
  };
  readonly lastUsedAt?: string;
}

/** A context's status from its model (undefined when the model does not run). */
export function contextStatus(
  name: string,
  isDefault: boolean,
  state: ModelState,
  model: ClusterModel | undefined,
  lastUsed?: number,
): ContextStatus {
  const base = {
    name,
    default: isDefault,
    model: state,
    ...(lastUsed !== undefined ? { lastUsedAt: new Date(lastUsed).toISOString() } : {}),
  };
  if (!model) return base;
  const sync = model.registry.status();
  const cluster = model.k8s.status();
  return {
    ...base,
    sync: {
      phase: sync.phase,
      healthScore: sync.healthScore,
      ...(sync.initialSyncMs !== undefined ? { initialSyncMs: sync.initialSyncMs } : {}),
      kindsSynced: sync.kinds.filter((k) => k.synced).length,
      kinds: sync.kinds.length,
    },
    cluster: {
      state: cluster.state,
      ...(cluster.server ? { server: cluster.server } : {}),
      ...(cluster.version ? { version: cluster.version } : {}),
      ...(cluster.error ? { error: cluster.error } : {}),
    },
  };
}
