import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { JOBS, stopInterval } from '../../common/scheduling/intervals.js';
import { Registry } from 'prom-client';
import type { AppConfig } from '../../config/app-config.js';
import type { AuditRecord } from '../../security/audit-log.service.js';
import { AlertService } from '../alerts/alert.service.js';
import { MetricsHistory } from '../history/metrics-history.js';
import { HttpMetrics } from '../metrics/http-metrics.js';
import { ToolMetrics } from '../metrics/tool-metrics.js';
import { ToolCallEvents } from '../../mcp/tool-call-events.js';
import type { ToolRegistry } from '../../mcp/tool-registry.js';
import { MetricsCollector } from './metrics-collector.service.js';
import type { InformerRegistry } from '../../sync/informer-registry.js';
import type { KindStatus } from '../../sync/informer.js';
import type { SyncStatus } from '../../sync/sync-status.js';
import type { GraphService } from '../../graph/graph.service.js';

const config = {
  MONITORING_ENABLED: true,
  METRICS_COLLECTION_INTERVAL: 30,
  METRICS_HISTORY_SIZE: 10,
  ALERT_CPU_PERCENT_MAX: 80,
  ALERT_MEMORY_PERCENT_MAX: 85,
  ALERT_ERROR_RATE_MAX: 5,
  ALERT_API_RESPONSE_TIME_MAX: 5,
  ALERT_SYNC_DELAY_MAX: 300,
} as AppConfig;

const toolCall = (tool: string, outcome: AuditRecord['outcome'], durationMs: number): AuditRecord => ({
  time: new Date().toISOString(),
  transport: 'streamable-http',
  tool,
  arguments: {},
  namespaces: [],
  outcome,
  durationMs,
  responseBytes: 10,
});

/** A sync stand-in with a settable status (the real informers need a cluster: see test/sync). */
function syncWith(status: Partial<SyncStatus>) {
  return { status: () => ({ phase: 'stopped', healthScore: 100, kinds: [], ...status }) as SyncStatus };
}

/** A graph stand-in of a given size. */
function graphOf(nodes: number, edges: number) {
  return { counts: () => ({ nodes, edges }) as ReturnType<GraphService['counts']> };
}

function setup(overrides: Partial<AppConfig> = {}, sync = syncWith({}), graph = graphOf(0, 0)) {
  const registry = new Registry();
  const cfg = { ...config, ...overrides } as AppConfig;
  const history = new MetricsHistory(cfg);
  const alerts = new AlertService(cfg, registry);
  const events = new ToolCallEvents({ get: () => ({}), isHidden: () => false } as unknown as ToolRegistry);
  const tools = new ToolMetrics(registry, events);
  const http = new HttpMetrics(registry);
  const scheduler = new SchedulerRegistry();
  const sut = new MetricsCollector(
    cfg,
    registry,
    history,
    alerts,
    tools,
    http,
    scheduler,
    sync as unknown as InformerRegistry,
    graph as unknown as GraphService,
  );
  return { sut, registry, history, alerts, tools, events, http, scheduler };
}

describe(MetricsCollector.name, () => {
  it('samples the window since the previous sample: error rate, per-tool and per-route times', () => {
    const { sut, events, http } = setup();
    events.emit(toolCall('k8s-get-pods', 'ok', 100));
    events.emit(toolCall('k8s-get-pods', 'denied', 20));
    events.emit(toolCall('k8s-get-nodes', 'ok', 30));
    events.emit(toolCall('k8s-get-nodes', 'invalid', 10));
    http.record('/mcp', 'POST', 200, 0.2, false);
    http.record('/mcp', 'POST', 200, 0.4, false);
    http.record('/mcp', 'GET', 200, 600, true);

    const { values } = sut.collect(1000);
    expect(values).toMatchObject({
      'tool.calls': 4,
      'tool.failed_calls': 2,
      'tool.error_rate': 50,
      'tool.k8s-get-pods.execution_time': 0.06,
      'tool.k8s-get-nodes.execution_time': 0.02,
      'api.mcp.requests': 2,
      'api.mcp.response_time': 0.3,
      // The 600 s event stream is not slowness.
      'api.response_time': 0.3,
      'intelligent.kg_nodes': 0,
      'intelligent.sync_health_score': 100,
    });
    expect(values['system.cpu_percent']).toBeGreaterThanOrEqual(0);
    expect(values['system.cpu_percent']).toBeLessThanOrEqual(100);
    expect(values['process.cpu_percent']).toBeGreaterThanOrEqual(0);
    expect(values['system.memory_percent']).toBeGreaterThan(0);
    expect(values['process.memory_rss_mb']).toBeGreaterThan(0);
  });

  it('exposes the window mean as k8s_mcp_api_response_time, the figure the alert and the score read', async () => {
    const { sut, http, registry } = setup();
    http.record('/health', 'GET', 200, 0.1, false);
    http.record('/mcp', 'POST', 200, 0.3, false);
    expect(sut.collect(1000).values['api.response_time']).toBe(0.2);
    expect(await registry.getSingleMetricAsString('k8s_mcp_api_response_time')).toContain(
      'k8s_mcp_api_response_time 0.2',
    );
  });

  it('records the graph size as intelligent.kg_nodes and intelligent.kg_edges', () => {
    const { sut } = setup({}, syncWith({}), graphOf(120, 340));
    expect(sut.collect(1000).values).toMatchObject({
      'intelligent.kg_nodes': 120,
      'intelligent.kg_edges': 340,
    });
  });

  it('starts a new window with each sample', () => {
    const { sut, events } = setup();
    events.emit(toolCall('k8s-get-pods', 'error', 5));
    sut.collect(1000);
    const { values } = sut.collect(2000);
    expect(values['tool.error_rate']).toBe(0);
    expect(values['tool.k8s-get-pods.execution_time']).toBeUndefined();
  });

  it('keeps samples in the history and the score in its gauges', async () => {
    const { sut, events, history, registry } = setup();
    events.emit(toolCall('k8s-get-pods', 'error', 5));
    sut.collect(1000);
    expect(history.size).toBe(1);
    expect(sut.healthScore().components.error_rate.score).toBe(0);
    const text = await registry.metrics();
    expect(text).toContain(`k8s_mcp_performance_health_score ${sut.healthScore().score}`);
    expect(text).toContain('k8s_mcp_performance_component_score{component="error_rate"} 0');
  });

  it('feeds each sample to the alerts, which log when one fires', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { sut, events, alerts } = setup();
    for (let t = 1; t <= 3; t++) {
      events.emit(toolCall('k8s-get-pods', 'error', 5));
      sut.collect(t * 1000);
    }
    expect(alerts.firing().map((a) => a.alert)).toContain('high_error_rate');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('alert high_error_rate firing'));
    warn.mockRestore();
  });

  it('says which window each sample covers: from the previous sample to its own time', () => {
    const { sut } = setup();
    sut.collect(10_000);
    expect(sut.collect(15_000)).toMatchObject({ time: 15_000, windowStart: 10_000 });
  });

  it('schedules itself only when monitoring is enabled', () => {
    const on = setup();
    on.sut.onModuleInit();
    expect(on.scheduler.getIntervals()).toEqual([JOBS.collector]);
    stopInterval(on.scheduler, JOBS.collector);
    expect(on.history.size).toBe(1);
    const off = setup({ MONITORING_ENABLED: false });
    off.sut.onModuleInit();
    expect(off.scheduler.getIntervals()).toEqual([]);
    expect(off.history.size).toBe(0);
  });

  it('reports the sync health score, and as delay the initial sync time or the longest watch silence', () => {
    const syncing = setup(
      {},
      syncWith({ phase: 'syncing', healthScore: 40, startedAt: new Date(10_000).toISOString() }),
    );
    expect(syncing.sut.collect(25_000).values).toMatchObject({
      'intelligent.sync_health_score': 40,
      'intelligent.sync_delay_seconds': 15,
    });
    const synced = setup(
      {},
      syncWith({ phase: 'synced', healthScore: 90, startedAt: new Date(10_000).toISOString() }),
    );
    expect(synced.sut.collect(900_000).values).toMatchObject({
      'intelligent.sync_health_score': 90,
      'intelligent.sync_delay_seconds': 0,
    });
    // A watch that stalled after the first sync: the quietest kind sets the delay.
    const kind = (name: string, silentSeconds?: number) =>
      ({ kind: name, synced: true, state: 'healthy', silentSeconds }) as KindStatus;
    const stalled = setup(
      {},
      syncWith({
        phase: 'synced',
        healthScore: 90,
        kinds: [kind('Pod', 12.5), kind('Job', 420), kind('Node')],
      }),
    );
    expect(stalled.sut.collect().values['intelligent.sync_delay_seconds']).toBe(420);
  });

  it('counts degraded kinds and fires sync_degraded on the first sample that sees one', () => {
    const kinds = [
      { kind: 'Pod', state: 'degraded' },
      { kind: 'Node', state: 'healthy' },
    ] as unknown as SyncStatus['kinds'];
    const { sut, alerts } = setup({}, syncWith({ phase: 'synced', healthScore: 60, kinds }));
    expect(sut.collect(1_000).values['intelligent.sync_degraded_kinds']).toBe(1);
    expect(alerts.firing().map((a) => a.alert)).toEqual(['sync_degraded']);
  });
});
