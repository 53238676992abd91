// Every HTTP route refuses a caller without a valid token (401), another caller's session id is
// "not found" (404) on every session route, and each session limit answers a clear error.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { testKubeconfigPath } from '../helpers/cluster.js';
import { connectClient, type RunningApp, startApp } from '../helpers/mcp-app.js';

const ALICE = `alice-${Math.random().toString(36).slice(2)}`;
const BOB = `bob-${Math.random().toString(36).slice(2)}`;
const SCRAPER = `scrape-${Math.random().toString(36).slice(2)}`;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};

/** Every route Fastify serves, as "METHOD /path" (HEAD and OPTIONS left out), from printRoutes. */
function servedRoutes(sut: RunningApp): string[] {
  const tree = sut.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /(\/\S*) \(([A-Z, ]+)\)/.exec(line);
    if (!m) continue;
    for (const method of m[2]!.split(', '))
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${m[1]}`);
  }
  return routes;
}

async function openMcpSession(
  url: string,
  token: string,
): Promise<{ status: number; id?: string; text: string }> {
  const res = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { ...MCP_HEADERS, ...auth(token) },
    body: JSON.stringify(initialize),
  });
  return { status: res.status, id: res.headers.get('mcp-session-id') ?? undefined, text: await res.text() };
}

/** Opens GET /sse and resolves with its session id (from the endpoint event) and a closer. */
async function openSse(
  url: string,
  token: string,
): Promise<{ status: number; sessionId?: string; close: () => void; text?: string }> {
  const abort = new AbortController();
  const res = await fetch(`${url}/sse`, {
    headers: { accept: 'text/event-stream', ...auth(token) },
    signal: abort.signal,
  });
  if (res.status !== 200) return { status: res.status, close: () => abort.abort(), text: await res.text() };
  const reader = res.body!.getReader();
  let buffered = '';
  while (!/sessionId=([\w-]+)/.test(buffered)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += new TextDecoder().decode(value);
  }
  return { status: 200, sessionId: /sessionId=([\w-]+)/.exec(buffered)?.[1], close: () => abort.abort() };
}

describe('HTTP routes with tokens', () => {
  let sut: RunningApp;
  beforeAll(async () => {
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      K8S_MCP_AUTH_TOKENS: `alice:${ALICE},bob:${BOB}`,
      K8S_MCP_METRICS_TOKENS: SCRAPER,
      K8S_MCP_MAX_SESSIONS_PER_IDENTITY: '4',
      K8S_MCP_MAX_STREAMS: '2',
      K8S_MCP_MAX_SUBSCRIPTIONS: '1',
      K8S_MCP_MAX_BODY_BYTES: '65536',
    });
  });
  afterAll(() => sut?.close());

  it('answers 401 on every route but the two probes without a token, with a wrong one, and with the metrics token off /metrics', async () => {
    const known = [
      'GET /health',
      'GET /health/live',
      'GET /health/ready',
      'GET /metrics',
      'GET /metrics/history',
      'GET /metrics/summary',
      'GET /metrics/prometheus',
      'GET /performance',
      'GET /alerts',
      'GET /intelligent/status',
      'GET /intelligent/health',
      'GET /sse',
      'POST /messages',
      'POST /mcp',
      'GET /mcp',
      'DELETE /mcp',
      'GET /ui',
      'GET /ui/assets/:file',
      'GET /ui/api/whoami',
      'GET /ui/api/audit',
      'GET /ui/api/audit/export',
      'GET /ui/api/health',
      'GET /ui/api/anomalies',
      'GET /ui/api/changes',
      'GET /ui/api/graph',
    ];
    // fetch cannot send TRACE or CONNECT.
    const served = servedRoutes(sut).filter((r) => !/^(TRACE|CONNECT) /.test(r));
    const checked = [...new Set([...known, ...served, 'GET /no-such-route', 'POST /mcp/../health'])];
    let refusals = 0;
    for (const route of checked) {
      const [method, path] = route.split(' ') as [string, string];
      // The probes, and the console's page shell and static files (no data: the page asks /ui/api).
      const open = ['/health/live', '/health/ready', '/ui', '/ui/assets/:file'].includes(path);
      const metrics = path.startsWith('/metrics');
      for (const headers of [
        {},
        auth('wrong-token'),
        auth(`${ALICE}x`),
        auth(ALICE.slice(0, -1)),
        auth(SCRAPER),
      ]) {
        if ((headers as { authorization?: string }).authorization === `Bearer ${SCRAPER}` && metrics)
          continue;
        const res = await fetch(`${sut.url}${path.replace(/:(\w+)/g, 'x')}`, {
          method,
          headers,
          signal: AbortSignal.timeout(5000),
        });
        await res.body?.cancel();
        if (open) expect({ route, status: res.status }).not.toEqual({ route, status: 401 });
        else {
          expect({ route, status: res.status, auth: headers }).toEqual({ route, status: 401, auth: headers });
          expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
          refusals++;
        }
      }
    }
    // The figure docs/security.md quotes.
    process.stdout.write(
      `http-routes: ${checked.length} method+path pairs checked, ${refusals} refusals with 401\n`,
    );
    expect(refusals).toBeGreaterThan(60);
    const scrape = await fetch(`${sut.url}/metrics/prometheus`, { headers: auth(SCRAPER) });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('k8s_mcp_');
  });

  it("gives another identity 404 for a Streamable HTTP session id on POST, GET and DELETE, and keeps the owner's session", async () => {
    const alice = await openMcpSession(sut.url, ALICE);
    expect(alice.status).toBe(200);
    const headers = {
      accept: MCP_HEADERS.accept,
      'mcp-session-id': alice.id!,
      'mcp-protocol-version': '2025-06-18',
    };
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' });
    for (const method of ['POST', 'GET', 'DELETE']) {
      const res = await fetch(`${sut.url}/mcp`, {
        method,
        headers: {
          ...headers,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
          ...auth(BOB),
        },
        body: method === 'POST' ? ping : undefined,
      });
      expect({ method, status: res.status, body: await res.text() }).toEqual({
        method,
        status: 404,
        body: expect.stringContaining('session not found'),
      });
    }
    // A made-up id reads the same as another caller's.
    const unknown = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'mcp-session-id': crypto.randomUUID(),
        ...auth(BOB),
      },
      body: ping,
    });
    expect(unknown.status).toBe(404);
    const own = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', ...auth(ALICE) },
      body: ping,
    });
    expect(own.status).toBe(200);
    await own.text();
    expect(
      (await fetch(`${sut.url}/mcp`, { method: 'DELETE', headers: { ...headers, ...auth(ALICE) } })).status,
    ).toBe(200);
  });

  it('gives another identity 404 for a legacy SSE session id on POST /messages', async () => {
    const alice = await openSse(sut.url, ALICE);
    try {
      expect(alice.sessionId).toBeDefined();
      const body = JSON.stringify(initialize);
      const bob = await fetch(`${sut.url}/messages?sessionId=${alice.sessionId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth(BOB) },
        body,
      });
      expect({ status: bob.status, text: await bob.text() }).toEqual({
        status: 404,
        text: 'session not found',
      });
      const own = await fetch(`${sut.url}/messages?sessionId=${alice.sessionId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth(ALICE) },
        body,
      });
      expect(own.status).toBe(202);
    } finally {
      alice.close();
    }
  });

  it('answers each limit with an error that names its setting', async () => {
    // Body size.
    const big = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...auth(ALICE) },
      body: JSON.stringify({ ...initialize, pad: 'x'.repeat(70_000) }),
    });
    expect({ status: big.status, body: await big.text() }).toEqual({
      status: 413,
      body: expect.stringContaining('K8S_MCP_MAX_BODY_BYTES'),
    });
    // SSE streams: 2 in all.
    const streams = [await openSse(sut.url, BOB), await openSse(sut.url, BOB)];
    const third = await openSse(sut.url, BOB);
    expect({ status: third.status, text: third.text }).toEqual({
      status: 503,
      text: expect.stringContaining('K8S_MCP_MAX_STREAMS'),
    });
    for (const s of [...streams, third]) s.close();
    // Sessions per identity: 4 (Bob's two SSE sessions close with their streams).
    await new Promise((r) => setTimeout(r, 200));
    const opened: string[] = [];
    let refused: { status: number; text: string } | undefined;
    for (let i = 0; i < 6 && !refused; i++) {
      const s = await openMcpSession(sut.url, BOB);
      if (s.status === 200) opened.push(s.id!);
      else refused = s;
    }
    expect(opened).toHaveLength(4);
    expect(refused).toEqual({
      status: 429,
      text: expect.stringContaining('K8S_MCP_MAX_SESSIONS_PER_IDENTITY'),
    });
    // Alice is not Bob: her own cap is untouched.
    expect((await openMcpSession(sut.url, ALICE)).status).toBe(200);
    for (const id of opened)
      await fetch(`${sut.url}/mcp`, {
        method: 'DELETE',
        headers: { ...MCP_HEADERS, 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18', ...auth(BOB) },
      });
    // Subscriptions: 1 per session.
    const client = await connectClient(sut.url, auth(ALICE));
    try {
      await client.subscribeResource({ uri: 'k8s://cluster/summary' });
      await expect(client.subscribeResource({ uri: 'k8s://anomalies' })).rejects.toThrow(
        /K8S_MCP_MAX_SUBSCRIPTIONS/,
      );
    } finally {
      await client.close();
    }
  });
});

describe('idle sessions', () => {
  let sut: RunningApp;
  beforeAll(async () => {
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      K8S_MCP_AUTH_TOKENS: ALICE,
      K8S_MCP_SESSION_IDLE_TIMEOUT: '2',
    });
  });
  afterAll(() => sut?.close());

  it('closes a session idle past K8S_MCP_SESSION_IDLE_TIMEOUT: its id is then not found', async () => {
    const s = await openMcpSession(sut.url, ALICE);
    expect(s.status).toBe(200);
    await new Promise((r) => setTimeout(r, 3_500));
    const res = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: {
        ...MCP_HEADERS,
        'mcp-session-id': s.id!,
        'mcp-protocol-version': '2025-06-18',
        ...auth(ALICE),
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    });
    expect(res.status).toBe(404);
  });

  // Costs ~7 s: idle timeout 2 s, a sweep every 1 s, 2 s for the ping to be answered.
  it('pings a session whose SSE stream is open: a client that answers stays, one that does not is closed', async () => {
    const headers = auth(ALICE);
    const listening = new Client({ name: 'sse-listener', version: '1.0.0' });
    await listening.connect(
      new SSEClientTransport(new URL(`${sut.url}/sse`), {
        requestInit: { headers },
        eventSourceInit: {
          fetch: (u, init) => fetch(u, { ...init, headers: { ...init?.headers, ...headers } }),
        },
      }),
    );
    const silent = await openSse(sut.url, ALICE);
    expect(silent.status).toBe(200);
    const post = (body: unknown) =>
      fetch(`${sut.url}/messages?sessionId=${silent.sessionId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await post(initialize)).status).toBe(202);
    try {
      await new Promise((r) => setTimeout(r, 7_000));
      // The silent one never answered the ping written to its open stream.
      expect((await post({ jsonrpc: '2.0', id: 2, method: 'ping' })).status).toBe(404);
      const { tools } = await listening.listTools();
      expect(tools.length).toBeGreaterThan(0);
    } finally {
      silent.close();
      await listening.close();
    }
  });
});
