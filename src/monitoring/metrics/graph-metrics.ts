import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { EDGE_TYPES } from '../../graph/graph.types.js';
import { GraphService } from '../../graph/graph.service.js';

/**
 * The relationship graph's size, read at scrape time. The only label is the edge type (a fixed list
 * of 13), never kinds of objects' names or namespaces.
 */
@Injectable()
export class GraphMetrics {
  constructor(registry: Registry, graph: GraphService) {
    new Gauge({
      name: 'k8s_mcp_graph_nodes',
      help: 'Nodes in the relationship graph (placeholders of missing objects included)',
      registers: [registry],
      collect() {
        this.set(graph.counts().nodes);
      },
    });
    new Gauge({
      name: 'k8s_mcp_graph_edges',
      help: 'Edges in the relationship graph by relation type',
      labelNames: ['type'],
      registers: [registry],
      collect() {
        const byType = graph.counts().edgesByType;
        for (const type of EDGE_TYPES) this.set({ type }, byType[type] ?? 0);
      },
    });
    new Gauge({
      name: 'k8s_mcp_graph_dangling_edges',
      help: 'References to objects that do not exist (optional ones excluded)',
      registers: [registry],
      collect() {
        this.set(graph.danglingEdges().length);
      },
    });
    new Gauge({
      name: 'k8s_mcp_graph_estimated_bytes',
      help: 'Estimated memory of the relationship graph (bounded by GRAPH_MEMORY_LIMIT)',
      registers: [registry],
      collect() {
        this.set(graph.status().estimatedBytes ?? 0);
      },
    });
  }
}
