// The monitoring REST endpoints: shapes, query validation, and MONITORING_ENABLED=false.
import { testKubeconfigPath } from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { type RunningApp, startApp } from '../helpers/mcp-app.js';

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('monitoring endpoints', () => {
  let sut: RunningApp;

  beforeAll(async () => {
    // No informers run in this in-process app: readiness must not wait for a sync (health.e2e-spec does).
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      METRICS_COLLECTION_INTERVAL: '1',
      HEALTH_READY_WAIT_FOR_SYNC: 'false',
    });
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('GET /metrics answers the latest sample with the specified metric names', async () => {
    const { status, body } = await get(`${sut.url}/metrics`);
    expect(status).toBe(200);
    expect(Date.parse(body.timestamp as string)).not.toBeNaN();
    // The window the rates cover ends at the sample and starts at the previous one (or the start).
    const window = body.window as { from: string; seconds: number };
    expect(Date.parse(window.from)).toBeLessThanOrEqual(Date.parse(body.timestamp as string));
    expect(window.seconds).toBeGreaterThanOrEqual(0);
    expect(Object.keys(body.values as object)).toEqual(
      expect.arrayContaining([
        'system.cpu_percent',
        'system.memory_percent',
        'process.memory_rss_mb',
        'intelligent.kg_nodes',
        'intelligent.kg_edges',
        'intelligent.sync_health_score',
        'tool.error_rate',
      ]),
    );
  });

  it('GET /metrics/history grows every interval and carries per-route metrics', async () => {
    await fetch(`${sut.url}/health/live`);
    const body = await expectEventually(
      async () => {
        const { status, body } = await get(`${sut.url}/metrics/history?last_minutes=5`);
        expect(status).toBe(200);
        const samples = body.samples as { values: Record<string, number> }[];
        expect(samples.length).toBeGreaterThanOrEqual(2);
        expect(samples.some((s) => s.values['api.health_live.requests'] >= 1)).toBe(true);
        return body;
      },
      { timeoutMs: 10_000, description: 'two samples, one with the /health/live request' },
    );
    expect(body.last_minutes).toBe(5);
    expect(body.count).toBe((body.samples as unknown[]).length);
  });

  it('GET /metrics/summary gives min/avg/max/p95 per metric', async () => {
    const { status, body } = await get(`${sut.url}/metrics/summary`);
    expect(status).toBe(200);
    expect(body.samples).toBeGreaterThanOrEqual(1);
    const cpu = (body.metrics as Record<string, Record<string, number>>)['system.cpu_percent'];
    expect(Object.keys(cpu).sort()).toEqual(['avg', 'count', 'max', 'min', 'p95']);
    expect(cpu.min).toBeLessThanOrEqual(cpu.max);
  });

  it('GET /performance reports score, band, components, slow tools and recommendations', async () => {
    const { status, body } = await get(`${sut.url}/performance`);
    expect(status).toBe(200);
    expect(body.score).toEqual(expect.any(Number));
    expect(['excellent', 'good', 'warning', 'critical', 'emergency']).toContain(body.band);
    expect(Object.keys(body.components as object).sort()).toEqual([
      'cpu',
      'error_rate',
      'memory',
      'response_time',
      'sync',
    ]);
    expect(body.top_slow_tools).toEqual(expect.any(Array));
    expect((body.recommendations as string[]).length).toBeGreaterThanOrEqual(1);
  });

  it('GET /alerts answers firing alerts and history', async () => {
    const { status, body } = await get(`${sut.url}/alerts?last_hours=2`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ last_hours: 2, firing: expect.any(Array), history: expect.any(Array) });
  });

  it.each([
    ['/metrics/history?last_minutes=abc', 'last_minutes'],
    ['/metrics/history?last_minutes=0', 'last_minutes'],
    ['/metrics/history?last_minutes=1.5', 'last_minutes'],
    ['/alerts?last_hours=-1', 'last_hours'],
    ['/alerts?last_hour=1', 'last_hour'],
  ])('GET %s → 400 naming %s', async (path, name) => {
    const { status, body } = await get(`${sut.url}${path}`);
    expect(status).toBe(400);
    expect(JSON.stringify(body.message)).toContain(name);
  });

  it('GET /health/live and /health/ready answer 200 next to /health', async () => {
    expect((await get(`${sut.url}/health/live`)).body).toEqual({ status: 'ok' });
    const ready = await get(`${sut.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
  });
});

describe('MONITORING_ENABLED=false', () => {
  let sut: RunningApp;

  beforeAll(async () => {
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      MONITORING_ENABLED: 'false',
      HEALTH_READY_WAIT_FOR_SYNC: 'false',
    });
  });

  afterAll(async () => {
    await sut?.close();
  });

  it.each(['/metrics', '/metrics/history', '/metrics/summary', '/performance', '/alerts'])(
    'GET %s → 404 saying monitoring is disabled',
    async (path) => {
      const { status, body } = await get(`${sut.url}${path}`);
      expect(status).toBe(404);
      expect(body.message).toContain('MONITORING_ENABLED=false');
    },
  );

  it('keeps the health endpoints', async () => {
    for (const path of ['/health', '/health/live', '/health/ready']) {
      expect((await fetch(`${sut.url}${path}`)).status).toBe(200);
    }
  });
});
