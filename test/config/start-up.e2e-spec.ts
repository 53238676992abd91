// The built server as a process: a bad command line or configuration stops it with exit code 2
// and one line per problem; a broken kubeconfig or an unreachable, hung or healthy API server
// never stops it, and /health says what is wrong.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { testKubeconfigPath } from '../helpers/cluster.js';
import { buildServer, CACHE, type PrivateBuild } from '../helpers/private-build.js';

interface Exited {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

interface HealthBody {
  readonly status: 'ok' | 'error';
  readonly info?: Record<string, Record<string, unknown>>;
  readonly error?: Record<string, Record<string, unknown>>;
}

const children = new Set<ChildProcess>();
const sockets = new Set<Socket>();
let build: PrivateBuild | undefined;
let work: string;
let mainJs: string;

/** An environment with nothing of the caller's configuration in it. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: join(work, 'home'), LOG_DIR: '', NODE_ENV: 'test', ...extra };
}

function runToExit(args: string[], env: Record<string, string> = {}): Exited {
  const r = spawnSync(process.execPath, [mainJs, ...args], {
    cwd: work,
    env: cleanEnv(env),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the HTTP server on a free port and waits for its "listening" banner. */
async function start(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [mainJs, '--host', '127.0.0.1', '--port', '0', ...args], {
    cwd: work,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 20 s:\n${out}`)), 20_000);
    const check = () => {
      const m = /k8s-mcp listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  return { child, url, output: () => out };
}

async function health(server: Running): Promise<{ status: number; body: HealthBody; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(20_000) });
  return { status: res.status, body: (await res.json()) as HealthBody, ms: Date.now() - started };
}

function writeKubeconfig(name: string, server: string, contexts = ['only']): string {
  const path = join(work, name);
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': contexts[0],
      clusters: [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token: 'not-a-real-token' } }],
      contexts: contexts.map((c) => ({ name: c, context: { cluster: 'c', user: 'u' } })),
    }),
  );
  return path;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as { port: number }).port;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

beforeAll(() => {
  // A private build (type-checking is `npm run typecheck`'s job): other runs may be using dist/.
  build = buildServer();
  mainJs = build.mainJs;
  // realpath: node_modules may be a symlink (a git worktree sharing one install), and the server prints real paths.
  work = realpathSync(mkdtempSync(join(CACHE, 'k8s-mcp-e2e-work-')));
  mkdirSync(join(work, 'home'));
}, 120_000);

afterAll(async () => {
  await Promise.all([...children].map(stop));
  for (const s of sockets) s.destroy();
  build?.remove();
  rmSync(work, { recursive: true, force: true });
});

describe('start-up', () => {
  describe('refused configuration (exit code 2)', () => {
    it('names the one bad variable, its value and what was expected', () => {
      const r = runToExit([], { K8S_MCP_PORT: 'abc' });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toEqual([
        'k8s-mcp: invalid configuration',
        'K8S_MCP_PORT=abc: expected an integer from 0 to 65535',
      ]);
    });

    it('lists every problem at once, flags included', () => {
      const r = runToExit(['--port', '99999'], { LOG_LEVEL: 'loud', K8S_NAMESPACE: 'Bad_Name' });
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n').slice(1)).toEqual([
        'K8S_NAMESPACE=Bad_Name: expected a namespace name (lowercase RFC 1123 label, at most 63 characters)',
        'K8S_MCP_PORT=99999: expected an integer from 0 to 65535',
        'LOG_LEVEL=loud: expected one of fatal, error, warn, info, debug, trace, silent',
      ]);
    });

    it('refuses an unknown flag', () => {
      const r = runToExit(['--bogus']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("k8s-mcp: unknown option '--bogus' (see --help)\n");
    });

    it('refuses a missing --dotenv file', () => {
      const r = runToExit(['--dotenv', 'missing.env']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `--dotenv=${join(work, 'missing.env')}: expected a readable .env file (ENOENT)`,
      );
    });
  });

  it('prints --help and exits 0', () => {
    const r = runToExit(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: k8s-mcp/);
    expect(r.stderr).toBe('');
  });

  it('prints --version and exits 0', () => {
    const r = runToExit(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  describe('the server starts whatever the cluster does, and /health says why it is down', () => {
    it('an unknown --context: 503 naming the context and listing the known ones', async () => {
      const kubeconfig = writeKubeconfig('contexts.yaml', 'https://127.0.0.1:1', ['alpha', 'beta']);
      const server = await start(['--kubeconfig', kubeconfig, '--context', 'nope']);
      const { status, body } = await health(server);
      expect(status).toBe(503);
      expect(body.status).toBe('error');
      expect(body.error?.cluster).toMatchObject({
        status: 'down',
        kubeconfig,
        context: 'nope',
        error: `cannot load kubeconfig (${kubeconfig}): context 'nope' not found — known contexts: alpha, beta`,
      });
      await stop(server.child);
    });

    it('a missing kubeconfig file: 503 naming the path', async () => {
      const missing = join(work, 'no-such-kubeconfig');
      const server = await start(['--kubeconfig', missing]);
      const { status, body } = await health(server);
      expect(status).toBe(503);
      expect(String(body.error?.cluster.error)).toContain(`${missing}: file not found`);
      await stop(server.child);
    });

    it('an unreachable API server: 503 naming its URL', async () => {
      const closed = createServer();
      const port = await listen(closed);
      await new Promise((done) => closed.close(done));
      const url = `https://127.0.0.1:${port}`;
      const server = await start(['--kubeconfig', writeKubeconfig('unreachable.yaml', url)]);
      const { status, body } = await health(server);
      expect(status).toBe(503);
      expect(body.error?.cluster).toMatchObject({ status: 'down', server: url });
      expect(String(body.error?.cluster.error)).toContain(
        `cannot reach the API server at ${url} (ECONNREFUSED)`,
      );
      await stop(server.child);
    });

    it('a hung API server: 503 with a timeout after K8S_REQUEST_TIMEOUT, and HTTP keeps answering', async () => {
      let connected!: () => void;
      const probing = new Promise<void>((done) => (connected = done));
      const hung = createServer((s) => {
        sockets.add(s);
        connected();
      });
      const url = `https://127.0.0.1:${await listen(hung)}`;
      try {
        const server = await start(['--kubeconfig', writeKubeconfig('hung.yaml', url)], {
          K8S_REQUEST_TIMEOUT: '2',
        });
        let healthDone = false;
        const pending = health(server).finally(() => (healthDone = true));
        // While the probe waits on the hung API server, the event loop is free: another route
        // answers at once, long before the probe times out.
        await probing;
        const started = Date.now();
        const other = await fetch(`${server.url}/no-such-route`, { signal: AbortSignal.timeout(5_000) });
        expect(other.status).toBe(404);
        expect(Date.now() - started).toBeLessThan(1_000);
        expect(healthDone).toBe(false);
        const { status, body, ms } = await pending;
        expect(status).toBe(503);
        expect(ms).toBeLessThan(5_000);
        expect(String(body.error?.cluster.error)).toMatch(
          new RegExp(`the API server at ${url.replace(/\./g, '\\.')} did not answer in time — retry later`),
        );
        await stop(server.child);
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise((done) => hung.close(done));
      }
    });
  });

  it("starts with the specification's .env values and answers /health", async () => {
    // As its README writes them: Python logging level names, the health and retry settings.
    writeFileSync(
      join(work, 'spec.env'),
      [
        'LOG_LEVEL=DEBUG',
        'HEALTH_CHECK_ENABLED=false',
        'HEALTH_CHECK_INTERVAL=30',
        'MAX_RETRY_COUNT=3',
        'MONITORING_ENABLED=true',
        'METRICS_COLLECTION_INTERVAL=30',
        'ENABLE_KNOWLEDGE_GRAPH=true',
        'SYNC_INTERVAL=300',
        'ALERT_API_RESPONSE_TIME_MAX=5.0',
        '',
      ].join('\n'),
    );
    const server = await start(['--kubeconfig', testKubeconfigPath(), '--dotenv', join(work, 'spec.env')]);
    const { status, body } = await health(server);
    expect(status).toBe(200);
    expect(body.info?.cluster).toMatchObject({ status: 'up' });
    // DEBUG took effect: pino's debug lines are in the output.
    expect(server.output()).toMatch(/"level":20/);
    await stop(server.child);
  });

  it('against the test cluster: /health 200 with the server URL and version', async () => {
    const server = await start(['--kubeconfig', testKubeconfigPath()]);
    const { status, body } = await health(server);
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.info?.cluster).toMatchObject({
      status: 'up',
      server: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
      version: 'v1.36.3',
    });
    await stop(server.child);
  });
});
