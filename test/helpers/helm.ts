// helm for the chart tests: built by test/cluster/build-helm.sh into the per-version cache outside
// the repo (test/cluster/versions.sh says where); never taken from PATH, so the pin is what runs.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The chart's folder in the repository. */
export const CHART_DIR = join(REPO_ROOT, 'helm/k8s-mcp');

let cachedPath: string | undefined;

/** Path of the pinned helm binary (throws, saying how to build it, when it is missing). */
export function helmPath(): string {
  if (cachedPath) return cachedPath;
  const versions = join(REPO_ROOT, 'test/cluster/versions.sh');
  const r = spawnSync('bash', ['-c', '. "$1" && printf %s "$HELM_BIN/helm"', '_', versions], {
    encoding: 'utf8',
  });
  const path = r.stdout;
  if (r.status !== 0 || !path) throw new Error(`cannot read HELM_BIN from ${versions}: ${r.stderr}`);
  if (!existsSync(path)) {
    throw new Error(`helm is not built at ${path}: run \`bash test/cluster/build-helm.sh\` (npm test does)`);
  }
  cachedPath = path;
  return path;
}

/** helm's own config, cache and data folders: a temporary one, never the user's. */
const helmHome = mkdtempSync(join(tmpdir(), 'k8s-mcp-helm-'));

/** Runs helm with these arguments; resolves with stdout, rejects with stderr in the message. */
export function helm(args: string[], kubeconfig?: string): Promise<string> {
  const env = {
    ...process.env,
    HELM_CONFIG_HOME: join(helmHome, 'config'),
    HELM_CACHE_HOME: join(helmHome, 'cache'),
    HELM_DATA_HOME: join(helmHome, 'data'),
    ...(kubeconfig ? { KUBECONFIG: kubeconfig } : {}),
  };
  return new Promise((resolvePromise, reject) => {
    execFile(helmPath(), args, { env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`helm ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolvePromise(stdout);
    });
  });
}
