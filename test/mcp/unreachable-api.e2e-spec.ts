// Initialize and tools/list must not wait for the API server; tool calls fail with a clear error
// instead of freezing the server (the TypeScript peer freezes for 55 s on a hung API server).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';

function kubeconfigFor(server: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'k8s-mcp-kc-')), 'kubeconfig');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{ name: c, cluster: { server: "' + server + '", insecure-skip-tls-verify: true } }]',
      'users: [{ name: u, user: { token: not-a-real-token } }]',
      'contexts: [{ name: ctx, context: { cluster: c, user: u } }]',
      'current-context: ctx',
    ].join('\n'),
  );
  return path;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as { port: number }).port;
}

const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
};

describe('a hung API server', () => {
  const sockets = new Set<Socket>();
  // Accepts connections and never answers, not even the TLS handshake.
  const hung = createServer((s) => sockets.add(s));
  const timeoutMs = 4000;
  let url: string;
  let sut: RunningApp;
  let client: Client | undefined;

  beforeAll(async () => {
    url = `https://127.0.0.1:${await listen(hung)}`;
    sut = await startApp({
      KUBECONFIG_PATH: kubeconfigFor(url),
      K8S_REQUEST_TIMEOUT: String(timeoutMs / 1000),
    });
  });

  afterAll(async () => {
    // Close the client first: an open session stream would keep app.close() waiting.
    await client?.close();
    for (const s of sockets) s.destroy();
    hung.close();
    await sut?.close();
  });

  it('answers initialize and tools/list promptly, and a tool call fails with a timeout naming the server', async () => {
    const [connected, connectMs] = await timed(() => connectClient(sut.url));
    client = connected;
    // Bounds are fractions of the request timeout, so they hold on a loaded machine too.
    expect(connectMs).toBeLessThan(timeoutMs / 2);
    const [tools, listMs] = await timed(() => connected.listTools());
    expect(tools.tools.length).toBeGreaterThan(0);
    expect(listMs).toBeLessThan(timeoutMs / 2);

    const finished: string[] = [];
    const pending = timed(() => call(connected, 'k8s-get-pods')).finally(() => finished.push('call'));
    // While that call hangs, the same session keeps answering: tools/list is not queued behind it.
    await connected.listTools().finally(() => finished.push('tools/list'));
    const [result, callMs] = await pending;
    expect(finished).toEqual(['tools/list', 'call']);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      `k8s-get-pods did not finish within ${timeoutMs / 1000} s: the API server at ${url} did not answer in time — K8S_REQUEST_TIMEOUT bounds each tool call; narrow the request or retry later`,
    );
    expect(callMs).toBeGreaterThanOrEqual(timeoutMs - 100);
    expect(callMs).toBeLessThan(timeoutMs * 3);
  });
});

describe('an unreachable API server', () => {
  let sut: RunningApp;
  let url: string;

  beforeAll(async () => {
    const probe = createServer();
    url = `https://127.0.0.1:${await listen(probe)}`;
    await new Promise((done) => probe.close(done)); // now nothing listens there
    sut = await startApp({ KUBECONFIG_PATH: kubeconfigFor(url) });
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('fails tool calls at once with the URL and the reason', async () => {
    const client = await connectClient(sut.url);
    const [result, ms] = await timed(() => call(client, 'k8s-get-deployments', { namespace: 'default' }));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      `failed to list deployments in namespace 'default': cannot reach the API server at ${url} (ECONNREFUSED) — check that the API server is running and reachable from this machine`,
    );
    expect(ms).toBeLessThan(2000);
    await client.close();
  });
});
