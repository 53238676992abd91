// The Prometheus exposition: k8s_mcp_* families fed by real tool calls and HTTP requests.
import { testKubeconfigPath } from '../helpers/cluster.js';
import { call, connectClient, type RunningApp, startApp } from '../helpers/mcp-app.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';

async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics/prometheus`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

describe('GET /metrics/prometheus', () => {
  let sut: RunningApp;
  let other: RunningApp;

  beforeAll(async () => {
    sut = await startApp({ KUBECONFIG_PATH: testKubeconfigPath() });
    // A second app in the same process: each has its own registry ("metric already registered" guard).
    other = await startApp({ KUBECONFIG_PATH: testKubeconfigPath() });
  });

  afterAll(async () => {
    await sut?.close();
    await other?.close();
  });

  it('exposes tool, HTTP, session, default process metrics with route patterns as labels', async () => {
    const client = await connectClient(sut.url);
    try {
      await call(client, 'k8s-get-pods', { no_such_argument: true });
      const text = await scrape(sut.url);
      expect(text).toContain('k8s_mcp_tool_calls_total{tool="k8s-get-pods",outcome="invalid"} 1');
      expect(text).toMatch(/k8s_mcp_tool_call_duration_seconds_bucket\{le="0.001",tool="k8s-get-pods"\}/);
      expect(text).toMatch(/k8s_mcp_http_requests_total\{route="\/mcp",method="POST",status="200"\} \d+/);
      expect(text).toMatch(/k8s_mcp_http_request_duration_seconds_count\{route="\/mcp",method="POST"\} \d+/);
      expect(text).toContain('k8s_mcp_mcp_sessions{transport="streamable-http"} 1');
      expect(text).toContain('process_cpu_seconds_total');
    } finally {
      await client.close();
    }
  });

  it('times every request to the Kubernetes API by verb and resource after a tool call', async () => {
    const client = await connectClient(sut.url);
    try {
      // No informer runs in this app: the read goes to the API server.
      const result = await call(client, 'k8s-get-pods', { namespace: 'kube-system' });
      expect(result.isError).toBeFalsy();
      // /health probes the API server (GET /version): this app runs no periodic probe of its own.
      expect((await fetch(`${sut.url}/health`)).status).toBe(200);
      const text = await scrape(sut.url);
      const count =
        /k8s_mcp_kube_api_request_duration_seconds_count\{verb="list",resource="pods"\} (\d+)/.exec(text);
      expect(Number(count?.[1])).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/k8s_mcp_kube_api_requests_total\{verb="list",resource="pods",code="200"\} \d+/);
      // The health probe's /version is counted too, as a non-resource path.
      expect(text).toMatch(
        /k8s_mcp_kube_api_request_duration_seconds_count\{verb="get",resource="\/version"\} \d+/,
      );
      // Names and namespaces never become label values.
      expect(text).not.toMatch(/kube_api[^\n]*kube-system/);
      expect(text).toMatch(/^k8s_mcp_api_response_time \d/m);
    } finally {
      await client.close();
    }
  });

  it('labels unknown URLs as unmatched, never with the raw path', async () => {
    await fetch(`${sut.url}/no/such/path-${Date.now()}`);
    const text = await scrape(sut.url);
    expect(text).toMatch(/k8s_mcp_http_requests_total\{route="unmatched",method="GET",status="404"\} \d+/);
    expect(text).not.toContain('/no/such/path');
  });

  it('counts calls of tools that do not exist as tool "unknown", never by the client-chosen name', async () => {
    const client = await connectClient(sut.url);
    try {
      await call(client, 'made-up-tool-name', {});
      const text = await scrape(sut.url);
      expect(text).toContain('k8s_mcp_tool_calls_total{tool="unknown",outcome="invalid"} 1');
      expect(text).not.toContain('made-up-tool-name');
    } finally {
      await client.close();
    }
  });

  it('keeps the apps apart: calls on one are not counted by the other', async () => {
    expect(await scrape(other.url)).not.toContain('k8s_mcp_tool_calls_total{');
  });

  it('exposes the watch cache per kind once the sync has run', async () => {
    const sync = sut.app.get(InformerRegistry);
    sync.start();
    await sync.ready();
    const text = await scrape(sut.url);
    expect(text).toMatch(/^k8s_mcp_sync_objects\{kind="Node"\} [1-9]\d*$/m);
    expect(text).toMatch(/^k8s_mcp_sync_relists_total\{kind="Pod"\} \d+$/m);
    expect(text).toMatch(/^k8s_mcp_sync_health_score \d+$/m);
    expect(text).toContain('# TYPE k8s_mcp_sync_watch_restarts_total counter');
    // Only kinds that have seen a watch event since start have a value.
    expect(text).toContain('# TYPE k8s_mcp_sync_seconds_since_last_event gauge');
  });
});
