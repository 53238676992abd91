// jest globalTeardown of the e2e project: stops the cluster only if global-setup.ts started it.
// Set K8S_MCP_KEEP_CLUSTER=1 to leave it running for inspection (state in <repo>/.cluster/test).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Kept in sync with global-setup.ts (no import between the two: jest loads each on its own).
const CLUSTER_SCRIPTS = path.dirname(fileURLToPath(import.meta.url));
const OWNED_CLUSTER_ENV = 'K8S_MCP_TEST_OWNED_CLUSTER_DIR';

export default async function globalTeardown(): Promise<void> {
  const dir = process.env[OWNED_CLUSTER_ENV];
  if (!dir) return;
  if (process.env.K8S_MCP_KEEP_CLUSTER === '1') {
    console.log(`[e2e] K8S_MCP_KEEP_CLUSTER=1: leaving the cluster in ${dir} running`);
    return;
  }
  const r = spawnSync('bash', [path.join(CLUSTER_SCRIPTS, 'down.sh')], {
    env: { ...process.env, K8S_MCP_CLUSTER_DIR: dir },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  delete process.env[OWNED_CLUSTER_ENV];
  delete process.env.K8S_MCP_TEST_KUBECONFIG;
  if (r.status !== 0) throw new Error(`test/cluster/down.sh failed (exit ${r.status ?? r.signal})`);
}
