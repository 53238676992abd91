import type { AppConfig } from '../config/app-config.js';
import type { GraphService } from '../graph/graph.service.js';
import type { K8sService } from '../k8s/k8s.service.js';
import type { KubeApi } from '../k8s/kube-api.service.js';
import type { ResourceCatalogue } from '../k8s/resource-catalogue.js';
import type { NamespacePolicy } from '../security/namespace-policy.js';
import type { SummaryService } from '../summary/summary.service.js';
import type { CachedReads } from '../sync/cached-reads.service.js';
import type { InformerRegistry } from '../sync/informer-registry.js';
import type { PersonViews } from '../sync/person-views.service.js';
import type { ChangeJournalService } from '../timeline/change-journal.service.js';

/**
 * Everything that holds one cluster's state or reaches its API server: a tool call gets all of it
 * from one context, so no answer can mix two clusters.
 */
export interface ClusterModel {
  readonly context: string;
  /** The server's settings with this context's name, namespace policy and journal file. */
  readonly config: AppConfig;
  readonly k8s: K8sService;
  readonly kube: KubeApi;
  readonly reads: CachedReads;
  readonly catalogue: ResourceCatalogue;
  readonly policy: NamespacePolicy;
  readonly registry: InformerRegistry;
  readonly graph: GraphService;
  readonly summary: SummaryService;
  readonly changes: ChangeJournalService;
  /** What a person may see of this cluster's cache: asked of this cluster's API server. */
  readonly views: PersonViews;
}
