import { ConfigValidationError } from '../config/config.loader.js';
import { parseContextNamespaces } from '../config/context-settings.js';
import { resolveAllowedContexts } from './allowed-contexts.js';

const EKS = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';
const kubeconfig = {
  source: '/home/me/.kube/config',
  names: ['kind-dev', EKS, 'staging'],
  current: 'kind-dev',
};
const none = new Map();

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigValidationError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigValidationError');
}

describe(resolveAllowedContexts.name, () => {
  it('allows the default context alone when K8S_CONTEXTS is empty', () => {
    expect(resolveAllowedContexts([], none, kubeconfig)).toEqual({
      names: ['kind-dev'],
      defaultContext: 'kind-dev',
    });
  });

  it('allows every context for *, the default first', () => {
    const sut = resolveAllowedContexts(['*'], none, { ...kubeconfig, current: 'staging' });
    expect(sut).toEqual({ names: ['staging', 'kind-dev', EKS], defaultContext: 'staging' });
  });

  it('allows the listed contexts', () => {
    expect(resolveAllowedContexts([EKS, 'kind-dev'], none, kubeconfig).names).toEqual(['kind-dev', EKS]);
  });

  it('names every unknown context and the ones the kubeconfig has', () => {
    expect(problemsOf(() => resolveAllowedContexts(['kind-dev', 'prod', 'qa'], none, kubeconfig))).toEqual([
      `K8S_CONTEXTS=kind-dev,prod,qa: no context 'prod', 'qa' in the kubeconfig (/home/me/.kube/config); it has 'kind-dev', '${EKS}', 'staging'`,
    ]);
  });

  it('refuses a list without the default context (calls without context would reach it)', () => {
    expect(problemsOf(() => resolveAllowedContexts(['staging', EKS], none, kubeconfig))).toEqual([
      `K8S_CONTEXTS=staging,${EKS}: expected the default context 'kind-dev' to be listed; list it, or set K8S_DEFAULT_CONTEXT to a listed one`,
    ]);
  });

  it('refuses per-context namespaces for the default context and for contexts not allowed', () => {
    const namespaces = parseContextNamespaces(
      '{"kind-dev": {"forbidden": ["a"]}, "staging": {"forbidden": ["b"]}}',
    );
    expect(problemsOf(() => resolveAllowedContexts(['kind-dev', EKS], namespaces, kubeconfig))).toEqual([
      "K8S_CONTEXT_NAMESPACES: context 'kind-dev' is the default one; its namespaces are K8S_ALLOWED_NAMESPACES / K8S_FORBIDDEN_NAMESPACES",
      `K8S_CONTEXT_NAMESPACES: context 'staging' is not in K8S_CONTEXTS (allowed: 'kind-dev', '${EKS}')`,
    ]);
  });
});
