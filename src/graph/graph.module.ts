import { Module } from '@nestjs/common';
import { SyncModule } from '../sync/sync.module.js';
import { GraphService } from './graph.service.js';

/** The resource-relationship graph, fed by the SyncModule's informers. */
@Module({
  imports: [SyncModule],
  providers: [GraphService],
  exports: [GraphService],
})
export class GraphModule {}
