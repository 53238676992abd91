import { AppError } from '../common/errors/app-error.js';
import { DNS_LABEL, hasControlChars } from '../config/validators.js';

// A namespace or object name a caller sends ends up as a path segment of an API-server URL. The
// URL parser resolves "." and ".." (also spelled %2e) segments, so "namespace": ".." turned
// /api/v1/namespaces/../secrets into /api/v1/secrets and walked around the deny-list. Names are
// therefore checked before anything else looks at them, and the request layer checks the final
// path again (see k8s/api-request.ts), so that neither check alone has to be perfect.

/** The namespace argument's word for "every namespace this server may show". */
export const ALL_NAMESPACES = 'all';

/** How much of a refused value an error repeats: enough to recognise it, never a flood. */
const ECHO_MAX = 80;

/** Kubernetes' limit on object names (DNS subdomains; path-segment names are not longer in practice). */
const OBJECT_NAME_MAX = 253;

/** The caller's value, quoted as JSON (so control characters and quotes show as escapes) and cut short. */
export function echo(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const cut = text.length > ECHO_MAX ? `${text.slice(0, ECHO_MAX)}…` : text;
  return `${JSON.stringify(cut)}${text.length > ECHO_MAX ? ` (${text.length} characters)` : ''}`;
}

/** True for a name Kubernetes accepts for a namespace: a lowercase RFC 1123 label of at most 63 characters. */
export function isNamespaceName(value: string): boolean {
  return DNS_LABEL.test(value);
}

/** Why a namespace argument is refused ("expected …, got …"), or undefined when it is acceptable. */
export function namespaceNameProblem(value: unknown, allowAll: boolean): string | undefined {
  if (typeof value === 'string' && (isNamespaceName(value) || (allowAll && value === ALL_NAMESPACES)))
    return undefined;
  const all = allowAll ? ` or "${ALL_NAMESPACES}"` : '';
  return `expected a namespace name (a-z, 0-9 and '-', starting and ending with a letter or digit, at most 63 characters)${all}, got ${echo(value)}`;
}

/**
 * Why an object name is refused, or undefined. Kubernetes' own rule for names that become path
 * segments (ValidatePathSegmentName): not "." or "..", no "/" or "%"; plus not empty, no control
 * characters and at most 253 characters. Kinds with stricter rules are left to the API server.
 */
export function objectNameProblem(value: unknown): string | undefined {
  const bad =
    typeof value !== 'string' ||
    value === '' ||
    value === '.' ||
    value === '..' ||
    value.length > OBJECT_NAME_MAX ||
    /[/%]/.test(value) ||
    hasControlChars(value);
  if (!bad) return undefined;
  return `expected an object name (not empty, not "." or "..", no "/", "%" or control characters, at most ${OBJECT_NAME_MAX} characters), got ${echo(value)}`;
}

/** Arguments that name a namespace, and whether "all" is one of their values. */
export const NAMESPACE_ARGUMENTS: Readonly<Record<string, { readonly allowAll: boolean }>> = {
  namespace: { allowAll: true },
  target_namespace: { allowAll: false },
};

/** Arguments that name an object (and so may become a path segment). */
export const OBJECT_NAME_ARGUMENTS: readonly string[] = ['name', 'pod', 'target_name'];

/**
 * Checks every namespace and object-name argument of a call (tool or prompt) by its argument
 * name, so no tool can forget it; throws INPUT.INVALID naming the first bad argument.
 * `what` names the call in the message ("k8s-get-pods").
 */
export function assertNameArguments(
  what: string,
  args: Readonly<Record<string, unknown>>,
  prefix = '',
): void {
  for (const [arg, value] of Object.entries(args)) {
    if (value === undefined) continue;
    // Nested objects (e.g. relatedTo: {kind, name, namespace}) follow the same rule by name.
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      assertNameArguments(what, value as Record<string, unknown>, `${prefix}${arg}.`);
      continue;
    }
    const ns = NAMESPACE_ARGUMENTS[arg];
    const problem = ns
      ? namespaceNameProblem(value, ns.allowAll)
      : OBJECT_NAME_ARGUMENTS.includes(arg)
        ? objectNameProblem(value)
        : undefined;
    if (problem) {
      throw new AppError('INPUT.INVALID', `invalid arguments for ${what}: ${prefix}${arg}: ${problem}`, {
        details: { argument: `${prefix}${arg}` },
      });
    }
  }
}
