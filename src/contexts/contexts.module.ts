import { Global, Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module.js';
import { SummaryModule } from '../summary/summary.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { TimelineModule } from '../timeline/timeline.module.js';
import { ClusterModels } from './cluster-models.service.js';

/**
 * The kubeconfig contexts calls may name (issue 17). Global so that /intelligent/status (in
 * GraphModule, below this one) can show every context without an import cycle; per-context
 * application contexts do not import it, so their own controllers see no registry.
 */
@Global()
@Module({
  imports: [SyncModule, GraphModule, TimelineModule, SummaryModule],
  providers: [ClusterModels],
  exports: [ClusterModels],
})
export class ContextsModule {}
