// The documented `docker run` (docs/containers.md): the image runs as a non-root UID with no home,
// and reads a kubeconfig mounted read-only at KUBECONFIG_PATH. No container engine exists here,
// so the same conditions are made by hand: the built server runs as UID 54321 (no passwd entry,
// so no home either way), with no HOME, from a read-only kubeconfig file owned by root.
// Needs root (to switch UID). Cost: one private build and one server start, ~15 s.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  readFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestNamespace, deleteNamespace } from '../helpers/cluster.js';
import { buildServer, type PrivateBuild } from '../helpers/private-build.js';
import { serviceAccountKubeconfig } from '../helpers/service-account.js';

const UID = 54321;

/** Makes a tree readable (and folders enterable) by any user, as files copied into an image are. */
function openUp(path: string): void {
  const st = statSync(path);
  chmodSync(path, st.isDirectory() ? 0o755 : 0o644);
  if (st.isDirectory()) for (const e of readdirSync(path)) openUp(join(path, e));
}

describe('running as an arbitrary non-root UID with a mounted kubeconfig', () => {
  let build: PrivateBuild;
  let ns: string;
  let child: ChildProcess | undefined;
  let dirs: string[] = [];

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('this suite switches UID: run it as root (CI does)');
    build = buildServer();
    openUp(join(build.mainJs, '..', '..'));
    ns = await createTestNamespace('container-user');
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child!.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    build?.remove();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    if (ns) await deleteNamespace(ns);
  });

  it('starts, finds the kubeconfig at KUBECONFIG_PATH and reaches the API server', async () => {
    // The "volume": a root-owned folder with a 0444 kubeconfig (docker run -v ...:/kube:ro).
    const mount = mkdtempSync(join(tmpdir(), 'k8s-mcp-kube-'));
    const logs = mkdtempSync(join(tmpdir(), 'k8s-mcp-logs-'));
    dirs = [mount, logs];
    writeFileSync(join(mount, 'config'), readFileSync(await serviceAccountKubeconfig(ns, 'default')));
    chmodSync(join(mount, 'config'), 0o444);
    chmodSync(mount, 0o555);
    // The image's writable audit folder (the chart's emptyDir).
    chmodSync(logs, 0o777);
    mkdirSync(join(logs, 'audit'), { mode: 0o777 });
    chmodSync(join(logs, 'audit'), 0o777);

    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      KUBECONFIG_PATH: join(mount, 'config'),
      LOG_DIR: '',
      K8S_AUDIT_LOG_PATH: join(logs, 'audit', 'audit.log'),
      K8S_MCP_HOST: '127.0.0.1',
      K8S_MCP_PORT: '0',
    };
    expect(env).not.toHaveProperty('HOME');
    child = spawn(process.execPath, [build.mainJs], {
      cwd: '/',
      env,
      uid: UID,
      gid: UID,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner within 20 s:\n${out}`)), 20_000);
      child!.stdout!.on('data', () => {
        const m = /k8s-mcp listening on (http:\/\/[^\s]+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child!.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with ${code} before listening:\n${out}`));
      });
    });
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(20_000) });
    const body = (await res.json()) as { details: Record<string, Record<string, unknown>> };
    expect(body.details.cluster).toMatchObject({ status: 'up', kubeconfig: join(mount, 'config') });
    // The audit folder is writable by this UID; nothing asked for a home directory.
    expect(body.details.audit_log).toMatchObject({ status: 'up' });
    expect(out).not.toMatch(/uv_os_homedir|ENOENT.*home/);
  });
});
