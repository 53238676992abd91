// jest globalSetup of the e2e project: provides a cluster and exports its admin kubeconfig as
// K8S_MCP_TEST_KUBECONFIG (test workers inherit the environment).
//   1. K8S_MCP_TEST_KUBECONFIG already set -> use it as is.
//   2. <repo>/.cluster holds a ready cluster (`npm run cluster:up`) -> reuse it, never stop it.
//   3. otherwise start a dedicated cluster in <repo>/.cluster/test; global-teardown.ts stops it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLUSTER_SCRIPTS = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(CLUSTER_SCRIPTS, '../..');
/** Set by this setup when it started the cluster itself: the state dir to tear down. */
const OWNED_CLUSTER_ENV = 'K8S_MCP_TEST_OWNED_CLUSTER_DIR';

function clusterReady(stateDir: string): boolean {
  const lib = path.join(CLUSTER_SCRIPTS, 'lib.sh');
  const r = spawnSync('bash', ['-c', '. "$1" && cluster_ready "$2"', '_', lib, stateDir], {
    stdio: 'ignore',
    timeout: 15_000,
  });
  return r.status === 0;
}

export default async function globalSetup(): Promise<void> {
  const preset = process.env.K8S_MCP_TEST_KUBECONFIG;
  if (preset) {
    if (!existsSync(preset)) throw new Error(`K8S_MCP_TEST_KUBECONFIG=${preset} does not exist`);
    console.log(`\n[e2e] using K8S_MCP_TEST_KUBECONFIG=${preset}`);
    return;
  }

  const shared = path.join(REPO_ROOT, '.cluster');
  if (existsSync(path.join(shared, 'kubeconfig')) && clusterReady(shared)) {
    process.env.K8S_MCP_TEST_KUBECONFIG = path.join(shared, 'kubeconfig');
    console.log(`\n[e2e] reusing the running cluster in ${shared} (left running)`);
    return;
  }

  const dir = path.join(REPO_ROOT, '.cluster', 'test');
  console.log(`\n[e2e] starting a dedicated cluster in ${dir}`);
  const r = spawnSync('bash', [path.join(CLUSTER_SCRIPTS, 'up.sh')], {
    env: { ...process.env, K8S_MCP_CLUSTER_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  // Mark it owned even on failure: up.sh cleans up after itself, down.sh is idempotent anyway.
  process.env[OWNED_CLUSTER_ENV] = dir;
  if (r.status !== 0) {
    throw new Error(`test/cluster/up.sh failed (exit ${r.status ?? r.signal}); see the output above`);
  }
  const kubeconfig = r.stdout.trim().split('\n').pop() ?? '';
  if (!existsSync(kubeconfig)) throw new Error(`up.sh printed no kubeconfig path (got: ${r.stdout})`);
  process.env.K8S_MCP_TEST_KUBECONFIG = kubeconfig;
}
