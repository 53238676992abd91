import type * as k8s from '@kubernetes/client-node';
import { AppError } from '../common/errors/app-error.js';
import type { KubeUser } from '../common/kube/kube-user.js';

/**
 * The API server reads each Impersonate-Group header line as one group and never splits a value
 * at commas, but fetch joins repeated headers into one line, and so does undici's HTTP/2 client.
 * The groups travel to the dispatcher in this header (JSON), which turns it into one
 * Impersonate-Group line per group on an HTTP/1.1 connection.
 */
const GROUPS_CARRIER = 'x-k8s-mcp-impersonate-groups';

type DispatchOptions = { headers?: unknown; allowH2?: boolean };
type Dispatch = (opts: DispatchOptions, handler: unknown) => boolean;
interface ComposableDispatcher {
  compose(interceptor: (dispatch: Dispatch) => Dispatch): unknown;
}

/** Dispatchers already wrapped, so each keeps its connection pool (one wrapper per dispatcher). */
const wrapped = new WeakMap<object, unknown>();

function splitGroups(dispatch: Dispatch): Dispatch {
  return (opts, handler) => {
    const headers = opts.headers;
    if (headers && typeof headers === 'object' && !Array.isArray(headers) && GROUPS_CARRIER in headers) {
      const { [GROUPS_CARRIER]: carried, ...rest } = headers as Record<string, string>;
      const groups = JSON.parse(carried!) as string[];
      return dispatch(
        { ...opts, allowH2: false, headers: { ...rest, 'impersonate-group': groups } },
        handler,
      );
    }
    return dispatch(opts, handler);
  };
}

/**
 * Makes one request act as `user`: Impersonate-User, and one Impersonate-Group line per group.
 * Runs after the kubeconfig's own authentication (the ServiceAccount authenticates, the API
 * server then authorizes the impersonated user; the ServiceAccount needs the impersonate verb).
 */
export function impersonate(ctx: k8s.RequestContext, user: KubeUser): void {
  ctx.setHeaderParam('Impersonate-User', user.username);
  if (user.groups.length === 0) return;
  if (user.groups.length === 1) {
    ctx.setHeaderParam('Impersonate-Group', user.groups[0]!);
    return;
  }
  const dispatcher = ctx.getDispatcher() as (object & Partial<ComposableDispatcher>) | undefined;
  if (!dispatcher?.compose)
    throw new AppError(
      'K8S.CONFIG',
      'cannot act as a person with several groups over this connection to the API server (no TLS or proxy dispatcher)',
      { hint: 'use an https API server URL, or map at most one group (K8S_MCP_IMPERSONATION_GROUPS_CLAIM)' },
    );
  let composed = wrapped.get(dispatcher);
  if (!composed) {
    composed = dispatcher.compose(splitGroups);
    wrapped.set(dispatcher, composed);
  }
  ctx.setDispatcher(composed as Parameters<k8s.RequestContext['setDispatcher']>[0]);
  ctx.setHeaderParam(GROUPS_CARRIER, JSON.stringify(user.groups));
}
