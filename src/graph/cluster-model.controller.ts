import { Controller, Get } from '@nestjs/common';
import { InformerRegistry } from '../sync/informer-registry.js';
import type { SyncStatus } from '../sync/sync-status.js';
import { GraphService, type GraphStatus } from './graph.service.js';
import { StatusExtras } from './status-extras.js';

/** What /intelligent/status returns: the sync per kind, and the graph built on it. */
export interface ClusterModelStatus extends SyncStatus {
  readonly graph?: GraphStatus;
  /** Sections of higher layers (StatusExtras), e.g. `contexts` on a server with K8S_CONTEXTS. */
  readonly [section: string]: unknown;
}

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
  /** Size and state of the relationship graph. */
  readonly graph?: Pick<
    GraphStatus,
    'enabled' | 'ready' | 'nodes' | 'edges' | 'danglingEdges' | 'estimatedBytes' | 'degraded' | 'note'
  >;
}

/**
 * The live cluster model's state: the sync per kind, and the relationship graph's figures. Served by
 * the graph layer, which sits above sync, so both services are injected (no upward lookup).
 */
@Controller('intelligent')
export class ClusterModelController {
  constructor(
    private readonly registry: InformerRegistry,
    private readonly graph: GraphService,
    private readonly extras: StatusExtras,
  ) {}

  /** Per kind: synced, objects, lastEventAt, resourceVersion, relists, watchRestarts, errors, state; the graph. */
  @Get('status')
  async status(): Promise<ClusterModelStatus> {
    return { ...this.registry.status(), graph: this.graph.status(), ...(await this.extras.collect()) };
  }

  /** The sync health score and the kinds that pull it down. */
  @Get('health')
  health(): SyncHealth {
    const s = this.registry.status();
    const g = this.graph.status();
    return {
      phase: s.phase,
      healthScore: s.healthScore,
      kinds: {
        total: s.kinds.length,
        synced: s.kinds.filter((k) => k.synced).length,
        degraded: s.kinds.filter((k) => k.state === 'degraded').map((k) => k.kind),
        forbidden: s.kinds.filter((k) => k.state === 'forbidden').map((k) => k.kind),
      },
      graph: {
        enabled: g.enabled,
        ready: g.ready,
        nodes: g.nodes,
        edges: g.edges,
        danglingEdges: g.danglingEdges,
        estimatedBytes: g.estimatedBytes,
        degraded: g.degraded,
        note: g.note,
      },
    };
  }
}
