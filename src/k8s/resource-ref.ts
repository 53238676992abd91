/** Enough about a resource type to build its API paths. */
export interface ResourceRef {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

const ref = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
): ResourceRef => ({
  group,
  version,
  kind,
  plural,
  namespaced,
});

/** Built-in kinds the typed tools use directly, without discovery. */
export const KINDS = {
  pod: ref('', 'v1', 'Pod', 'pods', true),
  service: ref('', 'v1', 'Service', 'services', true),
  node: ref('', 'v1', 'Node', 'nodes', false),
  namespace: ref('', 'v1', 'Namespace', 'namespaces', false),
  event: ref('', 'v1', 'Event', 'events', true),
  deployment: ref('apps', 'v1', 'Deployment', 'deployments', true),
  replicaSet: ref('apps', 'v1', 'ReplicaSet', 'replicasets', true),
  statefulSet: ref('apps', 'v1', 'StatefulSet', 'statefulsets', true),
  endpointSlice: ref('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
} as const satisfies Record<string, ResourceRef>;

/** apiVersion as written in manifests: "v1" or "apps/v1". */
export function apiVersionOf(r: ResourceRef): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** API path of a collection or an object. */
export function resourcePath(
  r: ResourceRef,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const obj = name ? `/${encodeURIComponent(name)}` : '';
  const sub = name && subresource ? `/${subresource}` : '';
  return `${base}${ns}/${r.plural}${obj}${sub}`;
}
