import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module.js';
import { SummaryModule } from '../summary/summary.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { TimelineModule } from '../timeline/timeline.module.js';
import { ClusterModels } from './cluster-models.service.js';

/** The kubeconfig contexts calls may name, each with a live model of its own (issue 17). */
@Module({
  imports: [SyncModule, GraphModule, TimelineModule, SummaryModule],
  providers: [ClusterModels],
  exports: [ClusterModels],
})
export class ContextsModule {}
