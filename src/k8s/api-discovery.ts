import { apiRequest } from './api-request.js';
import type { KubeClients } from './kube-clients.js';
import type { ResourceKind } from './resource-kind-index.js';

// --- Aggregated discovery (apidiscovery.k8s.io/v2, GA since Kubernetes 1.30): one document for
// /api and one for /apis hold every group, version and resource. ---

interface AggregatedResource {
  readonly resource: string;
  readonly responseKind?: { readonly group?: string; readonly version?: string; readonly kind: string };
  readonly scope: 'Namespaced' | 'Cluster';
  readonly singularResource?: string;
  readonly shortNames?: readonly string[];
  readonly verbs?: readonly string[];
}

interface AggregatedVersion {
  readonly version: string;
  readonly resources?: readonly AggregatedResource[];
  /** "Stale" when an aggregated API server (e.g. metrics-server) could not be asked. */
  readonly freshness?: 'Current' | 'Stale';
}

/** An APIGroupDiscoveryList: versions are listed in preference order, groups in priority order. */
export interface AggregatedDiscovery {
  readonly kind: 'APIGroupDiscoveryList';
  readonly items: readonly {
    readonly metadata?: { readonly name?: string };
    readonly versions: readonly AggregatedVersion[];
  }[];
}

// --- Legacy discovery: /api, /apis, then one APIResourceList per group version. ---

export interface ApiResourceList {
  readonly kind?: 'APIResourceList';
  readonly groupVersion: string;
  readonly resources: readonly {
    /** "pods", or "pods/log" for a subresource. */
    readonly name: string;
    readonly singularName?: string;
    readonly namespaced: boolean;
    readonly kind: string;
    readonly verbs?: readonly string[];
    readonly shortNames?: readonly string[];
  }[];
}

export interface ApiGroupList {
  readonly kind: 'APIGroupList';
  readonly groups: readonly {
    readonly name: string;
    readonly versions: readonly { readonly groupVersion: string; readonly version: string }[];
    readonly preferredVersion?: { readonly groupVersion: string; readonly version: string };
  }[];
}

interface ApiVersions {
  readonly kind: 'APIVersions';
  readonly versions: readonly string[];
}

/** What discovery found; groups that could not be read are named, not fatal. */
export interface DiscoveryResult {
  readonly kinds: ResourceKind[];
  /** Group versions whose resources are unknown (stale aggregated API, failed request). */
  readonly unavailable: string[];
}

// Ask for aggregated discovery (v2, then v2beta1 for 1.26-1.29 servers) and accept the legacy
// document otherwise, as kubectl does.
const AGGREGATED_ACCEPT = [
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList;q=0.9',
  'application/json;q=0.8',
].join(',');

/** Adds kinds of one group in version-preference order; the first version serving a resource wins. */
class KindCollector {
  readonly kinds: ResourceKind[] = [];
  private readonly seen = new Set<string>();

  add(kind: ResourceKind): void {
    const key = `${kind.plural}.${kind.group}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.kinds.push(kind);
  }
}

function makeKind(
  group: string,
  version: string,
  kind: string,
  plural: string,
  singular: string | undefined,
  namespaced: boolean,
  shortNames: readonly string[] | undefined,
  verbs: readonly string[] | undefined,
): ResourceKind {
  return {
    group,
    version,
    apiVersion: group ? `${group}/${version}` : version,
    kind,
    plural,
    // Older servers leave singularName empty for built-in kinds; kubectl falls back the same way.
    singular: singular || kind.toLowerCase(),
    namespaced,
    shortNames: [...(shortNames ?? [])],
    verbs: [...(verbs ?? [])],
  };
}

/** Kinds from the aggregated documents of /api and /apis, core first, subresources left out. */
export function kindsFromAggregated(...documents: readonly AggregatedDiscovery[]): DiscoveryResult {
  const collector = new KindCollector();
  const unavailable: string[] = [];
  for (const doc of documents) {
    for (const group of doc.items) {
      const name = group.metadata?.name ?? '';
      for (const v of group.versions) {
        if (v.freshness === 'Stale') unavailable.push(name ? `${name}/${v.version}` : v.version);
        for (const r of v.resources ?? []) {
          collector.add(
            makeKind(
              name,
              v.version,
              r.responseKind?.kind ?? '',
              r.resource,
              r.singularResource,
              r.scope === 'Namespaced',
              r.shortNames,
              r.verbs,
            ),
          );
        }
      }
    }
  }
  return { kinds: collector.kinds.filter((k) => k.kind !== ''), unavailable };
}

/**
 * Kinds from legacy discovery documents: `lists` are APIResourceLists in preference order (core
 * first, then each group's preferred version, then its other versions).
 */
export function kindsFromLegacy(
  lists: readonly ApiResourceList[],
  unavailable: string[] = [],
): DiscoveryResult {
  const collector = new KindCollector();
  for (const list of lists) {
    const slash = list.groupVersion.indexOf('/');
    const group = slash < 0 ? '' : list.groupVersion.slice(0, slash);
    const version = list.groupVersion.slice(slash + 1);
    for (const r of list.resources) {
      if (r.name.includes('/')) continue; // a subresource (pods/log, deployments/scale)
      collector.add(
        makeKind(group, version, r.kind, r.name, r.singularName, r.namespaced, r.shortNames, r.verbs),
      );
    }
  }
  return { kinds: collector.kinds, unavailable };
}

/** Group versions of an APIGroupList, each group's preferred version first, groups in server order. */
export function groupVersionsInPreferenceOrder(groups: ApiGroupList): string[] {
  return groups.groups.flatMap((g) => {
    const preferred = g.preferredVersion?.groupVersion;
    const rest = g.versions.map((v) => v.groupVersion).filter((gv) => gv !== preferred);
    return preferred ? [preferred, ...rest] : rest;
  });
}

const OP = { verb: 'discover', resource: 'API resources' } as const;

/**
 * Asks the API server which kinds it serves: aggregated discovery (two requests), or legacy
 * discovery (one request per group version) when the server does not offer it or `aggregated` is false.
 */
export async function discoverResourceKinds(
  clients: KubeClients,
  { aggregated = true }: { readonly aggregated?: boolean } = {},
): Promise<DiscoveryResult> {
  const accept = aggregated ? AGGREGATED_ACCEPT : 'application/json';
  const [core, groups] = await Promise.all([
    apiRequest<AggregatedDiscovery | ApiVersions>(clients, { path: '/api', accept }, OP),
    apiRequest<AggregatedDiscovery | ApiGroupList>(clients, { path: '/apis', accept }, OP),
  ]);
  if (core.kind === 'APIGroupDiscoveryList' && groups.kind === 'APIGroupDiscoveryList') {
    return kindsFromAggregated(core, groups);
  }
  const coreVersions = core.kind === 'APIVersions' ? [...core.versions] : ['v1'];
  const groupVersions =
    groups.kind === 'APIGroupList'
      ? groupVersionsInPreferenceOrder(groups)
      : groups.items.flatMap((g) => g.versions.map((v) => `${g.metadata?.name}/${v.version}`));
  const paths = [...coreVersions.map((v) => `/api/${v}`), ...groupVersions.map((gv) => `/apis/${gv}`)];
  const settled = await Promise.allSettled(
    paths.map((path) => apiRequest<ApiResourceList>(clients, { path }, { ...OP, resource: path })),
  );
  const lists: ApiResourceList[] = [];
  const unavailable: string[] = [];
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') lists.push(s.value);
    else if (i < coreVersions.length) throw s.reason;
    else unavailable.push(groupVersions[i - coreVersions.length]);
  });
  return kindsFromLegacy(lists, unavailable);
}
