// Kill and restart the test cluster's kube-apiserver (its PID and command line live in the state
// dir that holds the kubeconfig; see docs/control-plane.md and test/cluster/restart-apiserver.sh).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testKubeconfigPath } from './cluster.js';

const RESTART_SCRIPT = fileURLToPath(new URL('../cluster/restart-apiserver.sh', import.meta.url));

/** The state dir of the test cluster: the folder of its kubeconfig, when up.sh made it. */
export function clusterStateDir(): string {
  const dir = path.dirname(testKubeconfigPath());
  if (!existsSync(path.join(dir, 'pids', 'kube-apiserver.pid'))) {
    throw new Error(
      `${dir} is not a test/cluster/up.sh state dir (no pids/kube-apiserver.pid): cannot kill its apiserver`,
    );
  }
  return dir;
}

/**
 * True when this run may take the apiserver down: the cluster is the one the e2e setup started for
 * this run, or CI, or K8S_MCP_TEST_KILL_APISERVER=1. A shared developer cluster is left alone.
 */
export function mayKillApiServer(): boolean {
  const owned = process.env.K8S_MCP_TEST_OWNED_CLUSTER_DIR;
  return (
    (owned !== undefined && path.resolve(owned) === path.resolve(path.dirname(testKubeconfigPath()))) ||
    process.env.CI === 'true' ||
    process.env.K8S_MCP_TEST_KILL_APISERVER === '1'
  );
}

/** SIGKILLs the recorded kube-apiserver (after checking the PID still runs that binary). */
export function killApiServer(dir = clusterStateDir()): number {
  const pid = Number(readFileSync(path.join(dir, 'pids', 'kube-apiserver.pid'), 'utf8').trim());
  const exe = spawnSync('readlink', [`/proc/${pid}/exe`], { encoding: 'utf8' }).stdout.trim();
  if (path.basename(exe.replace(/ \(deleted\)$/, '')) !== 'kube-apiserver') {
    throw new Error(`pid ${pid} recorded in ${dir} is not a kube-apiserver (${exe || 'not running'})`);
  }
  process.kill(pid, 'SIGKILL');
  return pid;
}

/**
 * Starts kube-apiserver again with up.sh's command line and waits for /readyz (no-op when it runs).
 * Asynchronous, so the server under test keeps running (and its reflectors keep retrying) meanwhile.
 */
export function restartApiServer(dir = clusterStateDir()): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [RESTART_SCRIPT], {
      env: { ...process.env, K8S_MCP_CLUSTER_DIR: dir },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 180_000,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`restart-apiserver.sh failed (exit ${code ?? signal}): ${stderr}`)),
    );
  });
}
