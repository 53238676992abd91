import { AppError } from '../common/errors/app-error.js';
import type { KubeClients } from './kube-clients.js';
import { classifyK8sError, type K8sOperation } from './k8s-error.classifier.js';

/** What the request layer asks of the namespace policy: refuse a namespace it hides. */
export interface NamespaceGate {
  assertAllowed(namespace: string): void;
}

// Group, version, optional legacy "watch/", then "namespaces/<name>": the segment a namespaced
// path (or a Namespace object's own path) puts the namespace in.
const NAMESPACE_SEGMENT = /^\/(?:api\/[^/]+|apis\/[^/]+\/[^/]+)(?:\/watch)?\/namespaces\/([^/]+)(?:\/|$)/;

/** The URL a request goes to, and the namespace its final path names (if any). */
export interface ResolvedApiUrl {
  readonly url: URL;
  readonly namespace?: string;
}

/**
 * Resolves `server` + `path` as the HTTP client will, and refuses a path that the URL parser
 * rewrites: "." and ".." segments (also as %2e) are resolved away, so a name that slipped through
 * as ".." would turn /api/v1/namespaces/../secrets into /api/v1/secrets. The namespace returned is
 * read from the final path, which is the one the API server authorises.
 */
export function resolveApiUrl(server: string, path: string): ResolvedApiUrl {
  const base = new URL(server.replace(/\/+$/, ''));
  const basePath = base.pathname.replace(/\/+$/, '');
  const url = new URL(base.origin + basePath + path);
  const expected = basePath + path;
  if (url.pathname !== expected || !path.startsWith('/') || url.origin !== base.origin) {
    throw new AppError('INPUT.INVALID', 'a name in this request would change the API path it is sent to', {
      hint: 'namespace and object names cannot be ".", ".." or contain "/" or "%"',
    });
  }
  const m = NAMESPACE_SEGMENT.exec(url.pathname.slice(basePath.length));
  return { url, namespace: m ? decodeURIComponent(m[1]!) : undefined };
}

/** A raw call to the API server, for paths the generated clients do not cover well. */
export interface ApiRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute API path, e.g. /api/v1/namespaces/default/pods. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly accept?: string;
}

/** Status-carrying error in the shape classifyK8sError understands. */
class ApiStatusError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
  ) {
    super(`HTTP ${code}`);
  }
}

/**
 * Sends one request with the kubeconfig's credentials and the request timeout; returns the body
 * as text. Every failure is classified into an AppError naming the operation. With a `gate`, the
 * namespace of the final, normalised path must pass it before anything is sent.
 */
export async function apiRequestText(
  clients: KubeClients,
  req: ApiRequest,
  op: K8sOperation,
  gate?: NamespaceGate,
): Promise<string> {
  const { RequestContext, HttpMethod } = clients.lib;
  const { url, namespace } = resolveApiUrl(clients.server, req.path);
  if (namespace !== undefined) gate?.assertAllowed(namespace);
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  const ctx = new RequestContext(url.toString(), HttpMethod[req.method ?? 'GET']);
  ctx.setHeaderParam('Accept', req.accept ?? 'application/json');
  if (clients.identityEncoding) ctx.setHeaderParam('Accept-Encoding', 'identity');
  if (req.body !== undefined) {
    ctx.setHeaderParam('Content-Type', req.contentType ?? 'application/json');
    ctx.setBody(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
  }
  try {
    await clients.kc.applySecurityAuthentication(ctx);
    const response = await clients.http.send(ctx).toPromise();
    const text = await response.body.text();
    if (response.httpStatusCode >= 400) throw new ApiStatusError(response.httpStatusCode, text);
    return text;
  } catch (err) {
    throw classifyK8sError(err, { ...op, server: clients.server });
  }
}

/** apiRequestText, parsed as JSON. */
export async function apiRequest<T>(
  clients: KubeClients,
  req: ApiRequest,
  op: K8sOperation,
  gate?: NamespaceGate,
): Promise<T> {
  return JSON.parse(await apiRequestText(clients, req, op, gate)) as T;
}
