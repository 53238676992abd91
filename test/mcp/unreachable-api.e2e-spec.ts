// Initialize and tools/list must not wait for the API server; tool calls fail with a clear error
// instead of freezing the server (the TypeScript peer freezes for 55 s on a hung API server).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  let url: string;
  let sut: RunningApp;

  beforeAll(async () => {
    url = `https://127.0.0.1:${await listen(hung)}`;
    sut = await startApp({ KUBECONFIG_PATH: kubeconfigFor(url), K8S_REQUEST_TIMEOUT: '3' });
  });

  afterAll(async () => {
    await sut?.close();
    for (const s of sockets) s.destroy();
    hung.close();
  });

  it('answers initialize and tools/list promptly, and a tool call fails with a timeout naming the server', async () => {
    const [client, connectMs] = await timed(() => connectClient(sut.url));
    expect(connectMs).toBeLessThan(2000);
    const [tools, listMs] = await timed(() => client.listTools());
    expect(tools.tools.length).toBeGreaterThan(0);
    expect(listMs).toBeLessThan(1000);

    const pending = timed(() => call(client, 'k8s-get-pods'));
    // While that call hangs, the same session keeps answering.
    // (well under the 3 s timeout: it was not queued behind the hanging call)
    const [, duringMs] = await timed(() => client.listTools());
    expect(duringMs).toBeLessThan(1500);

    const [result, callMs] = await pending;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      `failed to list pods in namespace 'default': the API server at ${url} did not answer in time — retry later; K8S_REQUEST_TIMEOUT sets how long each call may take`,
    );
    expect(callMs).toBeGreaterThanOrEqual(2900);
    expect(callMs).toBeLessThan(8000);
    await client.close();
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
