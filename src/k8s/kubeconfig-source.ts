import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';

/** Where the kubeconfig comes from, resolved the way kubectl does. */
export type KubeconfigSource =
  | {
      readonly kind: 'files';
      readonly paths: readonly string[];
      readonly origin: 'KUBECONFIG_PATH' | 'KUBECONFIG' | 'home';
    }
  | { readonly kind: 'in-cluster' }
  | { readonly kind: 'none'; readonly tried: readonly string[] };

export interface SourceProbe {
  /** Undefined when the process has no home (no HOME and a UID without a passwd entry). */
  readonly home: string | undefined;
  readonly exists: (path: string) => boolean;
  /** In-cluster credentials are mounted at this path. */
  readonly serviceAccountDir: string;
}

/**
 * $HOME, else the passwd entry's home; undefined when neither exists. A container run as an
 * arbitrary UID (`docker run --user 12345`, OpenShift) has neither, and os.homedir() then throws
 * ENOENT: the server must still start and use KUBECONFIG_PATH or the in-cluster account.
 */
export function safeHomedir(): string | undefined {
  if (process.env.HOME) return process.env.HOME;
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

const DEFAULT_PROBE: SourceProbe = {
  home: safeHomedir(),
  exists: existsSync,
  serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount',
};

/**
 * --kubeconfig / KUBECONFIG_PATH, then $KUBECONFIG (a list, merged, missing entries skipped as
 * kubectl does), then ~/.kube/config, then the in-cluster service account.
 */
export function resolveKubeconfigSource(
  config: Pick<AppConfig, 'KUBECONFIG_PATH' | 'KUBECONFIG'>,
  probe: SourceProbe = DEFAULT_PROBE,
): KubeconfigSource {
  // An explicit path is used even when missing, so the error names the file the user gave.
  if (config.KUBECONFIG_PATH)
    return { kind: 'files', paths: [config.KUBECONFIG_PATH], origin: 'KUBECONFIG_PATH' };
  const tried: string[] = [];
  if (config.KUBECONFIG) {
    const listed = config.KUBECONFIG.split(delimiter).filter((p) => p !== '');
    const present = listed.filter((p) => probe.exists(p));
    if (present.length > 0) return { kind: 'files', paths: present, origin: 'KUBECONFIG' };
    tried.push(...listed);
  }
  if (probe.home !== undefined) {
    const home = join(probe.home, '.kube', 'config');
    if (probe.exists(home)) return { kind: 'files', paths: [home], origin: 'home' };
    tried.push(home);
  } else {
    tried.push('~/.kube/config (no home directory)');
  }
  if (probe.exists(join(probe.serviceAccountDir, 'token'))) return { kind: 'in-cluster' };
  tried.push(`in-cluster service account (${probe.serviceAccountDir})`);
  return { kind: 'none', tried };
}

/** Human description for messages and the banner. */
export function describeSource(source: KubeconfigSource): string {
  switch (source.kind) {
    case 'files':
      return source.paths.join(delimiter);
    case 'in-cluster':
      return 'in-cluster service account';
    case 'none':
      return 'none found';
  }
}
