import { Module } from '@nestjs/common';
import { SyncModule } from '../sync/sync.module.js';
import { SummaryService } from './summary.service.js';
import { WebhookSource } from './webhook-source.js';

/**
 * Cluster summaries and anomaly detection from the watch cache. The relationship graph is
 * optional: bind a SummaryGraph under SUMMARY_GRAPH (GraphModule) and the ranking uses its impact
 * query; without it a store-based fallback computes blast radius and dangling references.
 */
@Module({
  imports: [SyncModule],
  providers: [SummaryService, WebhookSource],
  exports: [SummaryService],
})
export class SummaryModule {}
