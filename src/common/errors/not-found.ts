import { AppError } from './app-error.js';

/** The hint of a namespace that is not there when no visible namespace looks like it. */
const LIST_NAMESPACES = 'k8s-list-resources with kind "namespaces" lists the namespaces this server shows';

/** True for the answer to a namespace that does not exist (or is hidden, which must read the same). */
export function isNamespaceNotFound(err: unknown): err is AppError {
  return (
    AppError.is(err, 'K8S.NOT_FOUND') &&
    typeof err.details.namespace === 'string' &&
    err.details.kind === undefined &&
    err.message.startsWith('namespace ')
  );
}

/**
 * A namespace-not-found answer with the closest names among the namespaces the caller may see.
 * `similar` must come from visible namespaces only and depend on nothing but the name asked for,
 * so that a hidden namespace and a missing one get the same answer.
 */
export function withNamespaceSuggestions(err: AppError, similar: readonly string[]): AppError {
  if (similar.length === 0) return err;
  return new AppError(err.code, err.message, {
    ...err.options,
    hint: `did you mean ${similar.map((n) => `namespace '${n}'`).join(', ')}? ${err.hint ?? LIST_NAMESPACES}`,
    details: { ...err.details, suggestions: similar },
  });
}

/** A namespace that does not exist: K8S.NOT_FOUND, with the visible namespaces most like it. */
export function namespaceNotFound(namespace: string, similar: readonly string[] = []): AppError {
  const err = new AppError('K8S.NOT_FOUND', `namespace '${namespace}' not found`, {
    hint: LIST_NAMESPACES,
    details: { namespace },
  });
  return withNamespaceSuggestions(err, similar);
}
