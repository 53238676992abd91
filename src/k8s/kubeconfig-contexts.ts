import type { AppConfig } from '../config/app-config.js';
import { importClientNode, loadKubeConfig } from './kube-clients.js';
import { describeSource, resolveKubeconfigSource } from './kubeconfig-source.js';

/** The contexts a kubeconfig defines and the one calls default to. */
export interface KubeconfigContexts {
  /** Where the kubeconfig came from, for messages. */
  readonly source: string;
  readonly names: readonly string[];
  /** K8S_CONTEXT when set (checked to exist), else the kubeconfig's current context. */
  readonly current: string;
}

/**
 * Reads the kubeconfig the way K8sService does (same source, same merge) to list its contexts.
 * Rejects with the K8S.CONFIG error K8sService would give (unknown context, no kubeconfig, ...).
 */
export async function readKubeconfigContexts(
  config: Pick<AppConfig, 'KUBECONFIG_PATH' | 'KUBECONFIG' | 'K8S_CONTEXT'>,
): Promise<KubeconfigContexts> {
  const source = resolveKubeconfigSource(config);
  const kc = loadKubeConfig(await importClientNode(), source, config.K8S_CONTEXT);
  return {
    source: describeSource(source),
    names: kc.getContexts().map((c) => c.name),
    current: kc.getCurrentContext(),
  };
}
