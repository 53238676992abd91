// The three transports, session handling, DNS-rebinding protection, bearer auth and read-only mode.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { testKubeconfigPath } from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';
import { buildServer, type PrivateBuild, REPO } from '../helpers/private-build.js';

const execFileAsync = promisify(execFile);

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** fetch cannot forge a Host header (undici drops it): use node:http for the rebinding checks. */
function postWithHost(url: string, host: string, extra: Record<string, string> = {}): Promise<number> {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify(initialize);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path: '/mcp',
        method: 'POST',
        headers: {
          host,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...extra,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('MCP transports', () => {
  let sut: RunningApp;

  beforeAll(async () => {
    sut = await startApp({ KUBECONFIG_PATH: testKubeconfigPath() });
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('serves the legacy SSE transport (GET /sse + POST /messages)', async () => {
    // Async on purpose: the server runs in this process and must keep answering the child.
    const out = await execFileAsync(
      process.execPath,
      [join(REPO, 'test/helpers/sse-client.mjs'), sut.url, 'k8s-get-nodes'],
      {
        cwd: REPO,
      },
    );
    expect(out.stderr).toBe('');
    const { tools, result } = JSON.parse(out.stdout) as { tools: string[]; result: unknown };
    expect(tools).toContain('k8s-get-nodes');
    expect(textOf(result)).toMatch(/kwok-node-0\s+Ready/);
    const last = (await sut.audit()).at(-1)!;
    expect(last).toMatchObject({ tool: 'k8s-get-nodes', transport: 'sse', outcome: 'ok' });
  });

  it('refuses a session id on the wrong transport, and an unknown session', async () => {
    const client = await connectClient(sut.url);
    const streamableId = (client.transport as unknown as { sessionId: string }).sessionId;
    const onSse = await fetch(`${sut.url}/messages?sessionId=${streamableId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' }),
    });
    expect(onSse.status).toBe(400);
    expect(await onSse.text()).toContain('Streamable HTTP');
    const unknown = await post(
      sut.url,
      { jsonrpc: '2.0', id: 2, method: 'ping' },
      { 'mcp-session-id': 'no-such-session' },
    );
    expect(unknown.status).toBe(404);
    const noSession = await post(sut.url, { jsonrpc: '2.0', id: 3, method: 'tools/list' });
    expect(noSession.status).toBe(400);
    await client.close();
  });

  it('closes a Streamable HTTP session on DELETE', async () => {
    const client = await connectClient(sut.url);
    const id = (client.transport as unknown as { sessionId: string }).sessionId;
    await (client.transport as unknown as { terminateSession(): Promise<void> }).terminateSession();
    const after = await post(sut.url, { jsonrpc: '2.0', id: 4, method: 'ping' }, { 'mcp-session-id': id });
    expect(after.status).toBe(404);
    await client.close();
  });

  it('refuses a foreign Host or Origin when bound to loopback (DNS rebinding)', async () => {
    const port = new URL(sut.url).port;
    expect(await postWithHost(sut.url, `evil.example:${port}`)).toBe(403);
    expect(await postWithHost(sut.url, `localhost:${port}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await postWithHost(sut.url, `localhost:${port}`, { origin: `http://localhost:${port}` })).toBe(
      200,
    );
  });
});

describe('MCP over stdio', () => {
  let build: PrivateBuild;

  beforeAll(() => {
    build = buildServer();
  });

  afterAll(() => build?.remove());

  it('speaks only protocol frames on stdout and audits the call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-stdio-'));
    const auditPath = join(dir, 'audit.log');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [build.mainJs, '--transport', 'stdio', '--kubeconfig', testKubeconfigPath()],
      env: { PATH: process.env.PATH ?? '', HOME: dir, LOG_DIR: '', K8S_AUDIT_LOG_PATH: auditPath },
      stderr: 'pipe',
      cwd: dir,
    });
    const client = new Client({ name: 'stdio-e2e', version: '2.0.0' });
    const transportErrors: Error[] = [];
    client.onerror = (err) => transportErrors.push(err);
    await client.connect(transport);
    const tools = await client.listTools();
    expect(tools.tools.length).toBeGreaterThanOrEqual(8);
    const result = await call(client, 'k8s-get-nodes', { output: 'name' });
    expect(textOf(result)).toContain('node/kwok-node-0');
    await client.close();
    // A log line on stdout would have been a JSON-RPC parse error on the client side.
    expect(transportErrors).toEqual([]);
    const audit = readFileSync(auditPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      tool: 'k8s-get-nodes',
      transport: 'stdio',
      outcome: 'ok',
      client: { name: 'stdio-e2e', version: '2.0.0' },
    });
  });

  it('runs by the absolute path of its bin from outside the checkout and writes nothing into the working directory', async () => {
    const work = mkdtempSync(join(tmpdir(), 'k8s-mcp-client-cwd-'));
    const home = mkdtempSync(join(tmpdir(), 'k8s-mcp-home-'));
    // The client's environment only: no LOG_DIR or audit path, so the defaults decide.
    const transport = new StdioClientTransport({
      command: build.binJs,
      args: ['--transport', 'stdio', '--kubeconfig', testKubeconfigPath(), '--read-only'],
      env: { PATH: process.env.PATH ?? '', HOME: home },
      stderr: 'pipe',
      cwd: work,
    });
    const client = new Client({ name: 'stdio-anywhere', version: '1.0.0' });
    await client.connect(transport);
    const result = await call(client, 'k8s-get-nodes', { output: 'name' });
    expect(textOf(result)).toContain('node/kwok-node-0');
    const state = join(home, '.local', 'state', 'k8s-mcp');
    // pino opens its files asynchronously: looked for while the server still runs.
    await expectEventually(() => expect(readdirSync(join(state, 'logs'))).toContain('app.log'));
    await client.close();
    expect(readdirSync(work)).toEqual([]);
    const audit = readFileSync(join(state, 'audit.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(audit.at(-1)!)).toMatchObject({
      tool: 'k8s-get-nodes',
      transport: 'stdio',
      outcome: 'ok',
    });
  });
});

describe('bearer authentication', () => {
  let sut: RunningApp;
  const token = `t-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      K8S_MCP_AUTH_TOKENS: `other-token,${token}`,
    });
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('refuses MCP requests without a valid token', async () => {
    expect((await post(sut.url, initialize)).status).toBe(401);
    expect((await post(sut.url, initialize, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await fetch(`${sut.url}/sse`)).status).toBe(401);
  });

  it('accepts a valid token and records a token identity (never the token) in the audit log', async () => {
    const client = await connectClient(sut.url, { authorization: `Bearer ${token}` });
    await call(client, 'k8s-get-nodes');
    await client.close();
    const last = (await sut.audit()).at(-1)!;
    expect(last.identity).toMatch(/^token:[0-9a-f]{12}$/);
    expect(readFileSync(sut.auditPath, 'utf8')).not.toContain(token);
  });
});

describe('read-only mode', () => {
  let sut: RunningApp;

  beforeAll(async () => {
    sut = await startApp({ KUBECONFIG_PATH: testKubeconfigPath(), K8S_READ_ONLY: 'true' });
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('neither lists nor runs tools that change the cluster', async () => {
    const client = await connectClient(sut.url);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain('k8s-scale-deployment');
    expect(names).toContain('k8s-get-pods');
    const result = await call(client, 'k8s-scale-deployment', {
      namespace: 'default',
      name: 'x',
      replicas: 1,
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^tool 'k8s-scale-deployment' is not available: the server runs in read-only mode/,
    );
    await client.close();
    expect((await sut.audit()).at(-1)).toMatchObject({
      tool: 'k8s-scale-deployment',
      outcome: 'denied',
      errorCode: 'POLICY.READ_ONLY',
    });
  });
});
