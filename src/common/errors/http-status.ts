import type { ErrorCode } from './error-code.js';

/** The one mapping from error codes to HTTP statuses. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'INPUT.INVALID':
    case 'K8S.INVALID':
      return 400;
    case 'K8S.UNAUTHORIZED':
      return 401;
    case 'K8S.FORBIDDEN':
    case 'POLICY.NAMESPACE_DENIED':
    case 'POLICY.READ_ONLY':
    case 'POLICY.CONTEXT_DENIED':
      return 403;
    case 'K8S.NOT_FOUND':
      return 404;
    case 'K8S.CONFLICT':
      return 409;
    case 'K8S.GONE':
      return 410;
    case 'K8S.TOO_MANY_REQUESTS':
      return 429;
    case 'K8S.UNREACHABLE':
    case 'K8S.CONFIG':
    case 'SYNC.NOT_READY':
    case 'AUDIT.UNAVAILABLE':
      return 503;
    case 'K8S.TIMEOUT':
      return 504;
    case 'K8S.SERVER_ERROR':
      return 502;
    case 'CALL.CANCELLED':
      // nginx's "client closed request": nobody is waiting for this answer.
      return 499;
    case 'INTERNAL':
      return 500;
  }
}
