/** One finished request to the API server, as the metrics see it. */
export interface KubeRequestObservation {
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection; or the HTTP method lower-cased for non-resource paths. */
  readonly verb: string;
  /** Resource plural, with the subresource after a slash (pods/log, deployments/scale); the path for non-resource URLs (/version, /api, /apis). */
  readonly resource: string;
  /** HTTP status, or 0 when no response arrived (refused, timed out, aborted). */
  readonly code: number;
  readonly seconds: number;
}

/** Where observations go; set by whoever counts them (the monitoring module). */
export type KubeRequestObserver = (observation: KubeRequestObservation) => void;

const METHOD_VERBS: Readonly<Record<string, string>> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/**
 * The verb and resource of an API server URL, as the API server's own RequestInfo derives them:
 * `/api/v1/namespaces/{ns}/pods/{name}/log` → get pods/log; `/apis/apps/v1/deployments?watch=1`
 * → watch deployments. Names and namespaces never become label values (unbounded); paths outside
 * `/api` and `/apis` resources (discovery, /version) keep a short fixed form.
 */
export function kubeRequestInfo(method: string, url: string): { verb: string; resource: string } {
  const parsed = new URL(url, 'http://x');
  const parts = parsed.pathname.split('/').filter(Boolean);
  const m = method.toUpperCase();
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) rest = parts.slice(2);
  else if (parts[0] === 'apis' && parts.length >= 3) rest = parts.slice(3);
  else return { verb: m.toLowerCase(), resource: nonResource(parts) };
  if (rest.length === 0) return { verb: m.toLowerCase(), resource: `/${parts[0]}` };
  // Namespaced: namespaces/{ns}/{resource}/...; `namespaces/{ns}` alone is the namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  const [resource, name, subresource] = rest;
  const watch = ['1', 'true'].includes(parsed.searchParams.get('watch') ?? '');
  let verb: string;
  if (m === 'GET' || m === 'HEAD') verb = watch ? 'watch' : name === undefined ? 'list' : 'get';
  else if (m === 'DELETE' && name === undefined) verb = 'deletecollection';
  else verb = METHOD_VERBS[m] ?? m.toLowerCase();
  return { verb, resource: subresource ? `${resource}/${subresource}` : resource! };
}

/** A fixed label for discovery and other non-resource paths: `/version`, `/api`, `/apis`, `/openapi`. */
function nonResource(parts: readonly string[]): string {
  return parts.length === 0 ? '/' : `/${parts[0]}`;
}
