/** Stable error codes; mapped to HTTP statuses and MCP results only at the edges. */
export const ERROR_CODES = [
  'INPUT.INVALID',
  'K8S.NOT_FOUND',
  'K8S.FORBIDDEN',
  'K8S.UNAUTHORIZED',
  'K8S.CONFLICT',
  'K8S.GONE',
  'K8S.TOO_MANY_REQUESTS',
  'K8S.SERVER_ERROR',
  'K8S.UNREACHABLE',
  'K8S.TIMEOUT',
  'K8S.INVALID',
  'K8S.CONFIG',
  'POLICY.NAMESPACE_DENIED',
  'POLICY.READ_ONLY',
  'POLICY.CONTEXT_DENIED',
  'SYNC.NOT_READY',
  'CALL.CANCELLED',
  'AUDIT.UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
