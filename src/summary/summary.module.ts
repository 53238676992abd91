import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module.js';
import { GraphService } from '../graph/graph.service.js';
import { SyncModule } from '../sync/sync.module.js';
import { TimelineModule } from '../timeline/timeline.module.js';
import { graphSummary } from './graph-summary.js';
import { SUMMARY_GRAPH, type SummaryGraph } from './summary-graph.js';
import { SummaryService } from './summary.service.js';
import { WebhookSource } from './webhook-source.js';

/**
 * Cluster summaries and anomaly detection from the watch cache. Blast radius and dangling
 * references come from the GraphModule (SUMMARY_GRAPH); with ENABLE_KNOWLEDGE_GRAPH=false a
 * store-based fallback computes them. Findings say what changed shortly before them from the
 * TimelineModule's journal.
 */
@Module({
  imports: [SyncModule, GraphModule, TimelineModule],
  providers: [
    SummaryService,
    WebhookSource,
    {
      provide: SUMMARY_GRAPH,
      inject: [GraphService],
      useFactory: (graph: GraphService): SummaryGraph | null => (graph.enabled ? graphSummary(graph) : null),
    },
  ],
  exports: [SummaryService],
})
export class SummaryModule {}
