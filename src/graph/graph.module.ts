import { Module } from '@nestjs/common';
import { SyncModule } from '../sync/sync.module.js';
import { ClusterModelController } from './cluster-model.controller.js';
import { GraphService } from './graph.service.js';
import { StatusExtras } from './status-extras.js';

/** The resource-relationship graph, fed by the SyncModule's informers; /intelligent/status and /health. */
@Module({
  imports: [SyncModule],
  controllers: [ClusterModelController],
  providers: [GraphService, StatusExtras],
  exports: [GraphService, StatusExtras],
})
export class GraphModule {}
