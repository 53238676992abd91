import type { AppConfig } from './app-config.js';
import { DNS_LABEL } from './validators.js';

/** One context's namespace policy; a list left out keeps the server-wide setting. */
export interface ContextNamespaces {
  readonly allowed?: readonly string[];
  readonly forbidden?: readonly string[];
}

/** K8S_CONTEXT_NAMESPACES parsed: context name → its namespace policy. */
export type ContextNamespaceMap = ReadonlyMap<string, ContextNamespaces>;

/**
 * Parses K8S_CONTEXT_NAMESPACES. JSON rather than a `ctx=ns;ns` mini-language because context
 * names hold `:` and `/` (EKS ARNs) and may hold `=`, `;` or `,`: JSON keys can hold anything.
 * Throws an Error whose message starts with "expected" (the loader's problem-line convention).
 */
export function parseContextNamespaces(text: string): ContextNamespaceMap {
  if (text.trim() === '') return new Map();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`expected a JSON object (${(err as Error).message})`, { cause: err });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new Error('expected a JSON object keyed by context name');
  const out = new Map<string, ContextNamespaces>();
  for (const [context, entry] of Object.entries(doc)) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new Error(`expected {"allowed": [...], "forbidden": [...]} for context '${context}'`);
    const policy: { allowed?: string[]; forbidden?: string[] } = {};
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
      if (key !== 'allowed' && key !== 'forbidden')
        throw new Error(`expected only "allowed" and "forbidden" for context '${context}' (got "${key}")`);
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && DNS_LABEL.test(v)))
        throw new Error(`expected "${key}" of context '${context}' to be a list of namespace names`);
      policy[key] = value as string[];
    }
    if (policy.allowed?.length && policy.allowed.every((ns) => policy.forbidden?.includes(ns)))
      throw new Error(
        `expected context '${context}' to allow at least one namespace that it does not forbid`,
      );
    out.set(context, policy);
  }
  return out;
}

type ContextFields = Pick<
  AppConfig,
  'K8S_CONTEXT' | 'K8S_DEFAULT_CONTEXT' | 'K8S_CONTEXTS' | 'K8S_CONTEXT_NAMESPACES'
>;

/**
 * Problems of the context settings taken together (each one is valid on its own by now). Names are
 * checked against the kubeconfig later, when it is read (contexts/allowed-contexts.ts): the loader
 * never touches the kubeconfig.
 */
export function contextSettingProblems(config: ContextFields): string[] {
  const problems: string[] = [];
  const { K8S_CONTEXT: context, K8S_DEFAULT_CONTEXT: chosen } = config;
  if (context && chosen && context !== chosen)
    problems.push(
      `K8S_DEFAULT_CONTEXT=${chosen}: expected the same context as K8S_CONTEXT / --context (${context}), or only one of them`,
    );
  try {
    parseContextNamespaces(config.K8S_CONTEXT_NAMESPACES);
  } catch (err) {
    problems.push(`K8S_CONTEXT_NAMESPACES=${config.K8S_CONTEXT_NAMESPACES}: ${(err as Error).message}`);
  }
  return problems;
}

/** The context of calls that name none, when the settings say (else the kubeconfig's current one). */
export function configuredDefaultContext(config: ContextFields): string | undefined {
  return config.K8S_DEFAULT_CONTEXT || config.K8S_CONTEXT || undefined;
}

/** True when calls may name a context other than the default (tools/list then shows `context`). */
export function multiContext(config: Pick<AppConfig, 'K8S_CONTEXTS'>): boolean {
  return config.K8S_CONTEXTS.length > 0;
}

/**
 * The configuration of one context's model: the same settings, that context, its own namespace
 * policy, and a journal file of its own (two models appending to one file would mix clusters).
 */
export function configForContext(config: AppConfig, context: string): AppConfig {
  const policy = parseContextNamespaces(config.K8S_CONTEXT_NAMESPACES).get(context);
  return Object.freeze({
    ...config,
    K8S_CONTEXT: context,
    K8S_DEFAULT_CONTEXT: context,
    K8S_ALLOWED_NAMESPACES: [...(policy?.allowed ?? config.K8S_ALLOWED_NAMESPACES)],
    K8S_FORBIDDEN_NAMESPACES: [...(policy?.forbidden ?? config.K8S_FORBIDDEN_NAMESPACES)],
    // `.context-` keeps it apart from the rotated `<path>.1` whatever the context is called.
    TIMELINE_JOURNAL_PATH: config.TIMELINE_JOURNAL_PATH
      ? `${config.TIMELINE_JOURNAL_PATH}.context-${encodeURIComponent(context)}`
      : '',
  }) as AppConfig;
}
