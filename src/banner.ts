import type { AppConfig } from './config/app-config.js';
import type { ClusterStatus } from './k8s/k8s.service.js';

/** One short start-up line set: address, transport, kubeconfig/context, namespace policy, features. */
export function renderBanner(config: AppConfig, address: string, cluster: ClusterStatus): string {
  const allowed = config.K8S_ALLOWED_NAMESPACES.length ? config.K8S_ALLOWED_NAMESPACES.join(',') : 'all';
  const denied = config.K8S_FORBIDDEN_NAMESPACES.length
    ? ` minus ${config.K8S_FORBIDDEN_NAMESPACES.join(',')}`
    : '';
  const features = [
    config.K8S_READ_ONLY ? 'read-only' : 'read-write',
    config.ENABLE_KNOWLEDGE_GRAPH ? 'graph' : undefined,
    config.MONITORING_ENABLED ? 'monitoring' : undefined,
    config.K8S_AUDIT_ENABLED ? 'audit' : undefined,
    config.K8S_MCP_AUTH_TOKENS.length ? 'auth' : undefined,
  ].filter(Boolean);
  return [
    `k8s-mcp listening on ${address} (transport ${config.K8S_MCP_TRANSPORT})`,
    `kubeconfig ${cluster.kubeconfig}, context ${cluster.context ?? '(current)'}`,
    `namespaces ${allowed}${denied} (default ${config.K8S_NAMESPACE}); features: ${features.join(', ')}`,
  ].join(' | ');
}

/** The line logged once the initial sync is done (and the graph built): what the model sees. */
export function renderSyncedLine(
  sync: { readonly initialSyncMs?: number; readonly kinds: readonly { readonly objects: number }[] },
  graph?: { readonly nodes: number; readonly edges: number },
): string {
  const objects = sync.kinds.reduce((n, k) => n + k.objects, 0);
  const parts = [
    `synced ${objects} objects of ${sync.kinds.length} kinds in ${sync.initialSyncMs ?? '?'} ms`,
  ];
  parts.push(graph ? `graph ${graph.nodes} nodes, ${graph.edges} edges` : 'graph off');
  return parts.join(' | ');
}
