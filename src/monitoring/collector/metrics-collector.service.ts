import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { JOBS, startInterval } from '../../common/scheduling/intervals.js';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Gauge, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AlertService } from '../alerts/alert.service.js';
import { computeHealthScore, type HealthComponent, type HealthScore } from '../health-score.js';
import type { MetricSample } from '../history/metric-sample.js';
import { MetricsHistory } from '../history/metrics-history.js';
import { HttpMetrics } from '../metrics/http-metrics.js';
import { ToolMetrics } from '../metrics/tool-metrics.js';
import { routeKey } from './metric-names.js';
import { SystemProbe } from './system-probe.js';
import { InformerRegistry } from '../../sync/informer-registry.js';
import { GraphService } from '../../graph/graph.service.js';

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Every METRICS_COLLECTION_INTERVAL seconds: one sample of the JSON metrics into the history, the
 * health score into its gauges, and the sample through the alert rules. Windowed values (requests,
 * response times, error rate) cover the interval since the previous sample.
 */
@Injectable()
export class MetricsCollector implements OnModuleInit {
  private readonly logger = new Logger(MetricsCollector.name);
  private readonly probe = new SystemProbe();
  private readonly scoreGauge: Gauge;
  private readonly componentGauge: Gauge<'component'>;
  private readonly apiResponseTime: Gauge;
  private score?: HealthScore;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    registry: Registry,
    private readonly history: MetricsHistory,
    private readonly alerts: AlertService,
    private readonly tools: ToolMetrics,
    private readonly http: HttpMetrics,
    private readonly scheduler: SchedulerRegistry,
    private readonly sync: InformerRegistry,
    private readonly graph: GraphService,
  ) {
    this.scoreGauge = new Gauge({
      name: 'k8s_mcp_performance_health_score',
      help: 'Health score 0-100 (docs/monitoring.md)',
      registers: [registry],
    });
    // The specification's dashboard plots this name: the figure the slow_api_response alert and
    // the score's response-time component read (the full distribution is
    // k8s_mcp_http_request_duration_seconds).
    this.apiResponseTime = new Gauge({
      name: 'k8s_mcp_api_response_time',
      help: 'Mean response time in seconds of the HTTP API over the last collection window (api.response_time; streams excluded)',
      registers: [registry],
    });
    this.componentGauge = new Gauge({
      name: 'k8s_mcp_performance_component_score',
      help: 'Score 0-100 of each health score component',
      labelNames: ['component'],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    if (!this.config.MONITORING_ENABLED) return;
    // A first sample at once, so /metrics and /performance answer before the first interval ends.
    this.collect();
    startInterval(this.scheduler, JOBS.collector, this.config.METRICS_COLLECTION_INTERVAL * 1000, () =>
      this.collect(),
    );
  }

  /** The health score of the latest sample (taking the first sample if there is none yet). */
  healthScore(): HealthScore {
    if (!this.score) this.collect();
    return this.score as HealthScore;
  }

  /**
   * Sync health from the informers (100 while the sync is not started: nothing to be unhealthy
   * about). The delay is the longest silence of any synced kind's watch (no event, bookmark or
   * LIST since; the API server bookmarks idle watches, so a healthy one is never silent for long),
   * or the time an initial sync has been running, whichever is longer: a watch that stalls or keeps
   * failing after the first sync fires ALERT_SYNC_DELAY_MAX as an initial sync that hangs does.
   */
  private syncValues(time: number): Record<string, number> {
    const sync = this.sync.status();
    const syncing = sync.phase === 'syncing' && sync.startedAt !== undefined;
    const initial = syncing ? (time - Date.parse(sync.startedAt!)) / 1000 : 0;
    const silent = sync.phase === 'stopped' ? 0 : Math.max(0, ...sync.kinds.map((k) => k.silentSeconds ?? 0));
    return {
      'intelligent.sync_health_score': sync.phase === 'stopped' ? 100 : sync.healthScore,
      'intelligent.sync_delay_seconds': round(Math.max(initial, silent), 1),
      // Kinds that failed MAX_RETRY_COUNT times in a row (still retrying): the sync_degraded alert.
      'intelligent.sync_degraded_kinds': sync.kinds.filter((k) => k.state === 'degraded').length,
    };
  }

  /** Size of the relationship graph (0 and 0 when it is disabled). */
  private graphValues(): Record<string, number> {
    const { nodes, edges } = this.graph.counts();
    return { 'intelligent.kg_nodes': nodes, 'intelligent.kg_edges': edges };
  }

  /** Where the next sample's window starts (the counters drained by collect() ran since then). */
  private windowStart = Date.now();

  /** Takes one sample now. */
  collect(time = Date.now()): MetricSample {
    const values: Record<string, number> = {
      // The machine's CPU, as the specification's psutil figure; this server's own share beside it
      // (what the score and the high_cpu alert read: a busy neighbour is not this server's problem).
      'system.cpu_percent': round(this.probe.systemCpuPercent(), 2),
      'process.cpu_percent': round(this.probe.processCpuPercent(), 2),
      'system.memory_percent': round(this.probe.memoryPercent(), 2),
      'process.memory_rss_mb': round(this.probe.rssMb(), 1),
      ...this.graphValues(),
      ...this.syncValues(time),
    };
    let requests = 0;
    let seconds = 0;
    for (const [route, t] of this.http.drain()) {
      values[`api.${routeKey(route)}.requests`] = t.requests;
      values[`api.${routeKey(route)}.response_time`] = round(t.totalSeconds / t.requests, 4);
      requests += t.requests;
      seconds += t.totalSeconds;
    }
    values['api.response_time'] = requests === 0 ? 0 : round(seconds / requests, 4);
    this.apiResponseTime.set(values['api.response_time']);
    let calls = 0;
    let failed = 0;
    for (const [tool, t] of this.tools.stats.drain()) {
      values[`tool.${tool}.execution_time`] = round(t.totalMs / t.calls / 1000, 4);
      calls += t.calls;
      failed += t.failed;
    }
    values['tool.calls'] = calls;
    values['tool.failed_calls'] = failed;
    // A window without calls had no failures: the error rate falls back to 0 when traffic stops.
    values['tool.error_rate'] = calls === 0 ? 0 : round((100 * failed) / calls, 2);
    this.score = computeHealthScore({
      cpuPercent: values['process.cpu_percent'],
      memoryPercent: values['system.memory_percent'],
      errorRatePercent: values['tool.error_rate'],
      syncHealth: values['intelligent.sync_health_score'],
      responseTimeSeconds: values['api.response_time'],
    });
    values['performance.health_score'] = this.score.score;
    this.scoreGauge.set(this.score.score);
    for (const [component, c] of Object.entries(this.score.components)) {
      this.componentGauge.set({ component: component as HealthComponent }, c.score);
    }
    const sample: MetricSample = { time, windowStart: this.windowStart, values };
    this.windowStart = time;
    this.history.add(sample);
    try {
      this.alerts.evaluate(values, time);
    } catch (err) {
      this.logger.error(`alert evaluation failed: ${(err as Error).message}`);
    }
    return sample;
  }
}
