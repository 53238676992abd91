// A real Prometheus (Debian package `prometheus`, installed by .ci/run) scrapes /metrics/prometheus;
// promtool lints the exposition.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testKubeconfigPath } from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { call, connectClient, type RunningApp, startApp } from '../helpers/mcp-app.js';

// .ci/run installs Debian's prometheus package: without it this suite fails rather than skip.
const hasPrometheus = spawnSync('prometheus', ['--version']).status === 0;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface QueryResult {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

describe('a real Prometheus scraping /metrics/prometheus', () => {
  let sut: RunningApp;
  let prometheus: ChildProcess | undefined;
  let promUrl: string;
  let dir: string;
  let promLog = '';

  beforeAll(async () => {
    if (!hasPrometheus)
      throw new Error('prometheus is not installed: apt-get install prometheus (.ci/run does)');
    sut = await startApp({ KUBECONFIG_PATH: testKubeconfigPath(), METRICS_COLLECTION_INTERVAL: '1' });
    dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-prometheus-'));
    const target = new URL(sut.url).host;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        '  - job_name: k8s-mcp',
        '    metrics_path: /metrics/prometheus',
        `    static_configs: [{ targets: ['${target}'] }]`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    prometheus.stderr?.on('data', (chunk: Buffer) => (promLog = (promLog + chunk.toString()).slice(-4000)));
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await sut?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes promtool check metrics (but for prom-client default gauges it cannot rename)', async () => {
    const text = await (await fetch(`${sut.url}/metrics/prometheus`)).text();
    const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    // prom-client 15 names three default gauges nodejs_active_*_total; they are not ours to rename.
    const findings = `${run.stdout}${run.stderr}`
      .split('\n')
      .filter((line) => line.trim() !== '' && !/^nodejs_active_\w+_total non-counter/.test(line));
    expect(findings).toEqual([]);
  });

  it('reads k8s_mcp_performance_health_score back through the Prometheus HTTP API', async () => {
    const value = await expectEventually(
      async () => {
        const res = await fetch(`${promUrl}/api/v1/query?query=k8s_mcp_performance_health_score`);
        const body = (await res.json()) as QueryResult;
        expect(body.status).toBe('success');
        expect(body.data.result).toHaveLength(1);
        return Number(body.data.result[0].value[1]);
      },
      { timeoutMs: 30_000, intervalMs: 500, description: `Prometheus scrape (log tail: ${promLog})` },
    );
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(100);
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent('up{job="k8s-mcp"}')}`);
    expect(((await res.json()) as QueryResult).data.result[0].value[1]).toBe('1');
  });

  it('sees the Kubernetes API latency histogram and k8s_mcp_api_response_time after a tool call', async () => {
    const client = await connectClient(sut.url);
    try {
      expect((await call(client, 'k8s-get-nodes', {})).isError).toBeFalsy();
    } finally {
      await client.close();
    }
    const query =
      'sum by (verb, resource) (k8s_mcp_kube_api_request_duration_seconds_count{resource="nodes"})';
    const series = await expectEventually(
      async () => {
        const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
        const body = (await res.json()) as QueryResult;
        expect(body.data.result.length).toBeGreaterThanOrEqual(1);
        return body.data.result;
      },
      { timeoutMs: 30_000, intervalMs: 500, description: `nodes requests scraped (log tail: ${promLog})` },
    );
    expect(series.map((s) => s.metric)).toContainEqual({ verb: 'list', resource: 'nodes' });
    const res = await fetch(`${promUrl}/api/v1/query?query=k8s_mcp_api_response_time`);
    const body = (await res.json()) as QueryResult;
    expect(body.data.result).toHaveLength(1);
    expect(Number(body.data.result[0].value[1])).toBeGreaterThanOrEqual(0);
  });
});
