import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

/** Resources of a named context: `k8s://contexts/{context}/…`, the context percent-encoded. */
export const CONTEXT_URI_PREFIX = 'k8s://contexts/';
const SCHEME = 'k8s://';

/**
 * RFC 6570 simple expansion of one value: everything but the unreserved characters is
 * percent-encoded. encodeURIComponent leaves !'()* alone; they are encoded too, so the URI a
 * client builds from the template and the one the server writes are the same string.
 */
export function encodeContext(context: string): string {
  return encodeURIComponent(context).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The URI of a default-context resource (`k8s://cluster/summary`) under a named context. */
export function contextUri(context: string, uri: string): string {
  return `${CONTEXT_URI_PREFIX}${encodeContext(context)}/${uri.slice(SCHEME.length)}`;
}

/** The template of a default-context URI or template under any context. */
export function contextTemplate(uri: string): string {
  return `${CONTEXT_URI_PREFIX}{context}/${uri.slice(SCHEME.length)}`;
}

const invalid = (message: string): McpError =>
  new McpError(ErrorCode.InvalidParams, message, { code: 'INPUT.INVALID' });

/**
 * A per-context URI split into its context (decoded) and the default-context URI it names;
 * undefined for any other URI. The context is one path segment: a `/` in its name (an EKS ARN's
 * `cluster/prod`) must come as %2F, so a raw one ends the segment and the rest names no resource.
 */
export function splitContextUri(uri: string): { context: string; uri: string } | undefined {
  if (!uri.startsWith(CONTEXT_URI_PREFIX)) return undefined;
  const rest = uri.slice(CONTEXT_URI_PREFIX.length);
  const slash = rest.indexOf('/');
  const encoded = slash < 0 ? rest : rest.slice(0, slash);
  if (encoded === '' || slash < 0 || slash === rest.length - 1)
    throw invalid(
      `uri: expected ${CONTEXT_URI_PREFIX}{context}/<resource>, the context percent-encoded (e.g. ${contextUri('arn:aws:eks:eu-west-1:123456789012:cluster/prod', 'k8s://cluster/summary')})`,
    );
  let context: string;
  try {
    context = decodeURIComponent(encoded);
  } catch {
    throw invalid(`uri: the context segment is not valid percent-encoding (${shorten(encoded)})`);
  }
  return { context, uri: `${SCHEME}${rest.slice(slash + 1)}` };
}

/** A per-context URI's context, for the audit line: never throws (the read reports the error). */
export function contextOfUri(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return undefined;
  try {
    return splitContextUri(uri)?.context;
  } catch {
    return undefined;
  }
}

/** A caller's string cut short for an error message (a 1 MB URI does not come back). */
function shorten(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}… (${s.length} characters)` : s;
}
