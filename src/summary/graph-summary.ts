import type { GraphService } from '../graph/graph.service.js';
import type { SummaryGraph } from './summary-graph.js';

/**
 * The relationship graph as the summary uses it: blast radius = the object plus everything its
 * impact query reaches (GRAPH_MAX_DEPTH), and the graph's dangling references.
 */
export function graphSummary(graph: GraphService): SummaryGraph {
  return {
    impactCount: (kind, namespace, name) => 1 + graph.impact({ kind, namespace, name }).length,
    danglingEdges: () => graph.danglingEdges(),
  };
}
