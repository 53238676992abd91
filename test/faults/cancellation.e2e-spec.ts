// Cancellation and deadlines, on the real control plane behind our TCP proxy with its bytes
// stalled (an API server that accepted the connection and never answers): a client that cancels
// its call ends the API requests of that call, and a call has one deadline (K8S_REQUEST_TIMEOUT)
// however many requests it fans out to. Cost: about 10 s.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  adminClients,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

describe('Cancellation and one deadline per call (real cluster, stalled TCP proxy)', () => {
  let ns: string;
  let proxy: TcpProxy;
  let app: RunningApp;
  let client: Client;
  const allowed = Array.from({ length: 8 }, (_, i) => `cancel-fanout-${i}`);

  beforeAll(async () => {
    ns = await createTestNamespace('cancel');
    const server = new URL(adminClients().kc.getCurrentCluster()!.server);
    proxy = await TcpProxy.start(server.hostname, Number(server.port || 443));
    const kubeconfig = proxy.writeKubeconfig(
      testKubeconfigPath(),
      join(mkdtempSync(join(tmpdir(), 'k8s-mcp-cancel-')), 'kubeconfig'),
    );
    app = await startApp({
      KUBECONFIG_PATH: kubeconfig,
      K8S_NAMESPACE: ns,
      K8S_REQUEST_TIMEOUT: '3',
      // Nine namespaces: a namespace "all" list fans out to one request each.
      K8S_ALLOWED_NAMESPACES: [ns, ...allowed].join(','),
    });
    client = await connectClient(app.url);
    // Credentials, discovery and a kept-alive connection, before the bytes stop.
    const warm = await call(client, 'k8s-get-pods', { namespace: ns, fresh: true });
    expect(warm.isError).toBeFalsy();
  });

  afterEach(() => proxy.resume());

  /** Pod LISTs the server's HTTP client ended without a response (aborted or failed), per its metrics. */
  async function abortedPodLists(): Promise<number> {
    const text = await (await fetch(`${app.url}/metrics/prometheus`)).text();
    const m = /^k8s_mcp_kube_api_requests_total\{verb="list",resource="pods",code="0"\} (\d+)/m.exec(text);
    return Number(m?.[1] ?? 0);
  }

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await proxy?.close();
    if (ns) await deleteNamespace(ns);
  });

  it('a call the client cancels ends its API request at once and is audited as cancelled', async () => {
    proxy.stall();
    const abortedBefore = await abortedPodLists();
    const controller = new AbortController();
    const started = Date.now();
    const pending = client.callTool(
      { name: 'k8s-get-pods', arguments: { namespace: ns, fresh: true } },
      undefined,
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort('user gave up'), 300);
    await expect(pending).rejects.toThrow();
    // The server aborts the request it had sent for that call: the HTTP client gives it up with no
    // response (code 0), long before the 3 s deadline. (Whether the HTTP library then closes the
    // socket at once is its own business: undici was seen to keep it up to ~3.6 s more.)
    await expectEventually(async () => expect(await abortedPodLists()).toBeGreaterThan(abortedBefore), {
      timeoutMs: 2000,
      intervalMs: 25,
      description: 'the API request of the cancelled call aborted',
    });
    expect(Date.now() - started).toBeLessThan(2500);
    await expectEventually(async () => {
      const records = (await app.audit()).filter((r) => r.tool === 'k8s-get-pods');
      expect(records.at(-1)).toMatchObject({ outcome: 'error', errorCode: 'CALL.CANCELLED' });
      expect(records.at(-1)!.durationMs).toBeLessThan(2000);
    });
  });

  it('a call has one deadline for all its requests: a fan-out over nine namespaces ends after ~3 s, not 9 × 3 s', async () => {
    proxy.stall();
    const started = Date.now();
    const result = await call(client, 'k8s-get-pods', { namespace: 'all', fresh: true });
    const elapsed = Date.now() - started;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/did not finish within 3 s|did not answer in time/);
    expect(elapsed).toBeGreaterThanOrEqual(2500);
    expect(elapsed).toBeLessThan(6000);
  });
});
