import { ConfigValidationError } from '../config/config.loader.js';
import type { ContextNamespaceMap } from '../config/context-settings.js';
import type { KubeconfigContexts } from '../k8s/kubeconfig-contexts.js';

/** Which contexts calls may name, and the one they get when they name none. */
export interface AllowedContexts {
  /** The default first, then the others in kubeconfig order. */
  readonly names: readonly string[];
  readonly defaultContext: string;
}

const quoted = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', ');

/**
 * K8S_CONTEXTS checked against the kubeconfig: every listed name must exist and the default must
 * be among them (a server whose default context is not allowed would answer calls that name no
 * context from a cluster the operator left out). Every problem is reported at once, naming the
 * contexts the kubeconfig does have.
 */
export function resolveAllowedContexts(
  listed: readonly string[],
  namespaces: ContextNamespaceMap,
  kubeconfig: KubeconfigContexts,
): AllowedContexts {
  const problems: string[] = [];
  const defaultContext = kubeconfig.current;
  const all = listed.length === 1 && listed[0] === '*';
  const wanted = listed.length === 0 ? [defaultContext] : all ? kubeconfig.names : listed;
  const unknown = wanted.filter((n) => !kubeconfig.names.includes(n));
  if (unknown.length > 0)
    problems.push(
      `K8S_CONTEXTS=${listed.join(',')}: no context ${quoted(unknown)} in the kubeconfig (${kubeconfig.source}); it has ${quoted(kubeconfig.names)}`,
    );
  else if (!wanted.includes(defaultContext))
    problems.push(
      `K8S_CONTEXTS=${listed.join(',')}: expected the default context '${defaultContext}' to be listed; list it, or set K8S_DEFAULT_CONTEXT to a listed one`,
    );
  for (const context of namespaces.keys()) {
    if (context === defaultContext)
      problems.push(
        `K8S_CONTEXT_NAMESPACES: context '${context}' is the default one; its namespaces are K8S_ALLOWED_NAMESPACES / K8S_FORBIDDEN_NAMESPACES`,
      );
    else if (!wanted.includes(context))
      problems.push(
        `K8S_CONTEXT_NAMESPACES: context '${context}' is not in K8S_CONTEXTS (allowed: ${quoted(wanted)})`,
      );
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  const unique = [...new Set([defaultContext, ...wanted])];
  return { names: unique, defaultContext };
}
