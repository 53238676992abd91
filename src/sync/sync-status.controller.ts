import { Controller, Get } from '@nestjs/common';
import { InformerRegistry } from './informer-registry.js';
import type { SyncStatus } from './sync-status.js';

/** What /intelligent/health returns: the score and the kinds that pull it down. */
export interface SyncHealth {
  readonly phase: SyncStatus['phase'];
  readonly healthScore: number;
  readonly kinds: {
    readonly total: number;
    readonly synced: number;
    readonly degraded: string[];
    readonly forbidden: string[];
  };
}

/** The live cluster model's sync state (the graph adds its figures here when it arrives). */
@Controller('intelligent')
export class SyncStatusController {
  constructor(private readonly registry: InformerRegistry) {}

  /** Per kind: synced, objects, lastEventAt, resourceVersion, relists, watchRestarts, errors, state. */
  @Get('status')
  status(): SyncStatus {
    return this.registry.status();
  }

  /** The sync health score and the kinds that pull it down. */
  @Get('health')
  health(): SyncHealth {
    const s = this.registry.status();
    return {
      phase: s.phase,
      healthScore: s.healthScore,
      kinds: {
        total: s.kinds.length,
        synced: s.kinds.filter((k) => k.synced).length,
        degraded: s.kinds.filter((k) => k.state === 'degraded').map((k) => k.kind),
        forbidden: s.kinds.filter((k) => k.state === 'forbidden').map((k) => k.kind),
      },
    };
  }
}
