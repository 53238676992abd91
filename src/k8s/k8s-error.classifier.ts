import { AppError } from '../common/errors/app-error.js';
import type { ErrorCode } from '../common/errors/error-code.js';
import { currentContext } from '../common/logging/request-context.js';

/** What was being attempted, so the message can say "failed to <verb> <resource> ...". */
export interface K8sOperation {
  readonly verb: string;
  readonly resource: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly server?: string;
}

interface K8sStatusBody {
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const isHttpStatus = (n: unknown): n is number => typeof n === 'number' && n >= 100 && n <= 599;

function statusCodeOf(err: unknown): number | undefined {
  // A DOMException (TimeoutError, AbortError) also has a numeric `code` (23, 20): not an HTTP status.
  if (typeof err !== 'object' || err === null || err instanceof DOMException) return undefined;
  const e = err as { code?: unknown; statusCode?: unknown };
  if (isHttpStatus(e.code)) return e.code; // client-node ApiException
  if (isHttpStatus(e.statusCode)) return e.statusCode; // client-node Watch errors
  return undefined;
}

function statusBodyOf(err: unknown): K8sStatusBody | undefined {
  const body = (err as { body?: unknown }).body;
  if (typeof body === 'object' && body !== null) return body as K8sStatusBody;
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body) as K8sStatusBody;
  } catch {
    return { message: body.slice(0, 300) };
  }
}

/** Walks the cause chain for a Node/undici error code (fetch wraps them in "fetch failed"). */
function networkCodeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function codeForStatus(status: number): ErrorCode {
  if (status === 400 || status === 422) return 'K8S.INVALID';
  if (status === 401) return 'K8S.UNAUTHORIZED';
  if (status === 403) return 'K8S.FORBIDDEN';
  if (status === 404) return 'K8S.NOT_FOUND';
  if (status === 409) return 'K8S.CONFLICT';
  if (status === 410) return 'K8S.GONE';
  if (status === 429) return 'K8S.TOO_MANY_REQUESTS';
  if (status === 504) return 'K8S.TIMEOUT';
  return 'K8S.SERVER_ERROR';
}

function target(op: K8sOperation): string {
  const named = op.name ? `${op.resource} '${op.name}'` : op.resource;
  return op.namespace ? `${named} in namespace '${op.namespace}'` : named;
}

const HINTS: Partial<Record<ErrorCode, (op: K8sOperation) => string>> = {
  'K8S.FORBIDDEN': (op) => {
    const user = currentContext()?.kubeUser;
    // Under impersonation the API server decided for the person, not for the server.
    return user
      ? `${user.username} has no RBAC permission to ${op.verb} ${op.resource}${op.namespace ? ` in namespace '${op.namespace}'` : ''}: a cluster administrator grants it with a Role and RoleBinding`
      : `the server's credentials lack RBAC permission to ${op.verb} ${op.resource}`;
  },
  'K8S.UNAUTHORIZED': () => 'the kubeconfig credentials were rejected; refresh them (e.g. log in again)',
  'K8S.NOT_FOUND': () => 'check the name and namespace (list tools show what exists)',
  'K8S.CONFLICT': () => 'the object changed meanwhile; read it again and retry',
  'K8S.TOO_MANY_REQUESTS': () => 'the API server is throttling; retry in a few seconds',
  'K8S.UNREACHABLE': () => 'check that the API server is running and reachable from this machine',
  'K8S.TIMEOUT': () => 'retry later; K8S_REQUEST_TIMEOUT sets how long each call may take',
};

/**
 * The one place Kubernetes API failures become AppErrors: HTTP statuses from the API server,
 * network failures and timeouts. An AppError passes through unchanged.
 */
export function classifyK8sError(err: unknown, op: K8sOperation): AppError {
  if (err instanceof AppError) return err;
  const status = statusCodeOf(err);
  const prefix = `failed to ${op.verb} ${target(op)}`;
  if (status !== undefined) {
    const body = statusBodyOf(err);
    const code = codeForStatus(status);
    const reason = body?.message ?? body?.reason ?? `HTTP ${status}`;
    return new AppError(code, `${prefix}: ${reason}`, {
      hint: HINTS[code]?.(op),
      details: { status, reason: body?.reason, server: op.server },
      cause: err,
    });
  }
  const name = (err as { name?: unknown } | null | undefined)?.name;
  const netCode = networkCodeOf(err);
  if (name === 'TimeoutError' || name === 'AbortError' || (netCode && TIMEOUT_CODES.has(netCode))) {
    const where = op.server ? ` at ${op.server}` : '';
    return new AppError('K8S.TIMEOUT', `${prefix}: the API server${where} did not answer in time`, {
      hint: HINTS['K8S.TIMEOUT']!(op),
      details: { server: op.server },
      cause: err,
    });
  }
  if (
    (netCode && NETWORK_CODES.has(netCode)) ||
    (err instanceof TypeError && err.message === 'fetch failed')
  ) {
    return new AppError(
      'K8S.UNREACHABLE',
      `${prefix}: cannot reach the API server${op.server ? ` at ${op.server}` : ''} (${netCode ?? 'network error'})`,
      { hint: HINTS['K8S.UNREACHABLE']!(op), details: { server: op.server, errno: netCode }, cause: err },
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('K8S.SERVER_ERROR', `${prefix}: ${message}`, {
    details: { server: op.server },
    cause: err,
  });
}
