import type { KubeClients } from './kube-clients.js';
import { classifyK8sError, type K8sOperation } from './k8s-error.classifier.js';

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
 * as text. Every failure is classified into an AppError naming the operation.
 */
export async function apiRequestText(
  clients: KubeClients,
  req: ApiRequest,
  op: K8sOperation,
): Promise<string> {
  const { RequestContext, HttpMethod } = clients.lib;
  const url = new URL(clients.server.replace(/\/+$/, '') + req.path);
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
export async function apiRequest<T>(clients: KubeClients, req: ApiRequest, op: K8sOperation): Promise<T> {
  return JSON.parse(await apiRequestText(clients, req, op)) as T;
}
