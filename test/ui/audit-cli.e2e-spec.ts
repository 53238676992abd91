// `k8s-mcp audit` as a process (the built dist/main.js) on a real audit file: the one the server
// in-process writes while two tokens call tools, some into a forbidden namespace (denied).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createTestNamespace, deleteNamespace, testKubeconfigPath } from '../helpers/cluster.js';
import { call, connectClient, type RunningApp, startApp } from '../helpers/mcp-app.js';
import { buildServer, CACHE, type PrivateBuild } from '../helpers/private-build.js';

const ALICE = `alice-${randomBytes(8).toString('hex')}`;
const BOB = `bob-${randomBytes(8).toString('hex')}`;

describe('k8s-mcp audit (built CLI, real audit file)', () => {
  let build: PrivateBuild;
  let sut: RunningApp;
  let ns: string;
  let hidden: string;
  let alice: Client;
  let bob: Client;
  let work: string;

  /** The settings come from the environment, as for the server: nothing of the caller's own. */
  const env = (extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH,
    HOME: work,
    K8S_AUDIT_LOG_PATH: sut.auditPath,
    ...extra,
  });
  const audit = (args: string[], extra: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [build.mainJs, 'audit', ...args], {
      cwd: work,
      env: env(extra),
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const fileLines = () => readFileSync(sut.auditPath, 'utf8').split('\n').filter(Boolean);
  const record = (line: string) => JSON.parse(line) as { identity?: string; outcome: string; tool: string };

  beforeAll(async () => {
    build = buildServer();
    work = mkdtempSync(join(CACHE, 'audit-cli-'));
    [ns, hidden] = await Promise.all([
      createTestNamespace('audit-cli'),
      createTestNamespace('audit-cli-hidden'),
    ]);
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      K8S_NAMESPACE: ns,
      K8S_FORBIDDEN_NAMESPACES: hidden,
      K8S_MCP_AUTH_TOKENS: `alice:${ALICE},bob:${BOB}`,
    });
    alice = await connectClient(sut.url, { authorization: `Bearer ${ALICE}` });
    bob = await connectClient(sut.url, { authorization: `Bearer ${BOB}` });
    for (const client of [alice, bob]) {
      await call(client, 'k8s-get-pods', { namespace: ns });
      await call(client, 'k8s-get-pods', { namespace: hidden });
      await call(client, 'k8s-get-services', { namespace: ns });
    }
    await call(alice, 'k8s-get-deployments', { namespace: hidden });
    await call(alice, 'k8s-get-pods', { namespace: 'Not A Name' });
  }, 90_000);

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await sut?.close();
    build?.remove();
    await Promise.all([ns && deleteNamespace(ns), hidden && deleteNamespace(hidden)]);
  });

  it("prints exactly the file's lines of one token's denied calls, oldest first", () => {
    const want = fileLines().filter((l) => record(l).identity === 'alice' && record(l).outcome === 'denied');
    expect(want.map((l) => record(l).tool)).toEqual(['k8s-get-pods', 'k8s-get-deployments']);
    const r = audit(['--outcome', 'denied', '--identity', 'alice', '--since', '1h']);
    expect(r).toEqual({ code: 0, stdout: want.map((l) => `${l}\n`).join(''), stderr: '' });
  });

  it('filters by tool and outcome, keeps the newest --lines, and every line is a whole record', () => {
    const all = fileLines();
    expect(all.length).toBeGreaterThanOrEqual(8);
    const pods = audit(['--tool', 'k8s-get-pods', '-n', '0']);
    expect(pods.stdout).toBe(
      all
        .filter((l) => record(l).tool === 'k8s-get-pods')
        .map((l) => `${l}\n`)
        .join(''),
    );
    const invalid = audit(['--outcome', 'invalid']);
    expect(invalid.stdout.trim().split('\n').map(record)).toEqual([
      expect.objectContaining({ identity: 'alice', tool: 'k8s-get-pods', outcome: 'invalid' }),
    ]);
    expect(audit(['-n', '2']).stdout).toBe(`${all.slice(-2).join('\n')}\n`);
    expect(audit(['--since', '2000-01-01T00:00:00Z', '--until', '2000-01-02T00:00:00Z']).stdout).toBe('');
  });

  it('follows the file: a call made meanwhile is printed as it is written, Ctrl-C ends with 0', async () => {
    const child = spawn(
      process.execPath,
      [build.mainJs, 'audit', '--follow', '--identity', 'bob', '-n', '1'],
      {
        cwd: work,
        env: env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const lines = () => out.split('\n').filter(Boolean);
    const until = async (n: number) => {
      for (let i = 0; i < 200 && lines().length < n; i++) await new Promise((r) => setTimeout(r, 50));
      expect(lines()).toHaveLength(n);
    };
    try {
      await until(1);
      expect(record(lines()[0]!)).toMatchObject({ identity: 'bob', tool: 'k8s-get-services' });
      await call(bob, 'k8s-get-events', { namespace: hidden });
      await call(alice, 'k8s-get-events', { namespace: ns });
      await until(2);
      expect(lines()[1]).toBe(fileLines().at(-2));
      expect(record(lines()[1]!)).toMatchObject({
        identity: 'bob',
        tool: 'k8s-get-events',
        outcome: 'denied',
      });
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
  });

  it('says what is wrong: no log (exit 1), a bad option or configuration (exit 2)', () => {
    const missing = join(work, 'nowhere', 'audit.log');
    expect(audit([], { K8S_AUDIT_LOG_PATH: missing })).toEqual({
      code: 1,
      stdout: '',
      stderr: `k8s-mcp audit: no audit log at ${missing} (K8S_AUDIT_LOG_PATH); --follow waits for it\n`,
    });
    expect(audit(['--outcome', 'refused'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('Allowed choices are ok, error, denied, invalid'),
    });
    expect(audit(['--since', 'last week'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("argument 'last week' is invalid. not a time"),
    });
    expect(audit([], { K8S_AUDIT_KEEP_FILES: '-1' })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^k8s-mcp audit: invalid configuration\n.*K8S_AUDIT_KEEP_FILES/s),
    });
    const help = audit(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: k8s-mcp audit [options]');
  });
});
