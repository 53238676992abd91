import type { AlertRecord } from '../alerts/alert-evaluator.js';
import type { ComponentScore, HealthBand, HealthComponent, HealthScore } from '../health-score.js';
import type { ToolTally } from '../metrics/tool-call-stats.js';

/** How many tools the report lists as slowest: enough to spot the culprit, short for a dashboard. */
const TOP_SLOW_TOOLS = 5;

/** A tool in the slowest-tools list (since start). */
export interface SlowTool {
  readonly tool: string;
  readonly calls: number;
  readonly failed: number;
  readonly avg_ms: number;
  readonly max_ms: number;
}

/** The body of GET /performance. */
export interface PerformanceReport {
  readonly timestamp: string;
  readonly score: number;
  readonly band: HealthBand;
  readonly components: Readonly<Record<HealthComponent, ComponentScore>>;
  readonly top_slow_tools: readonly SlowTool[];
  readonly firing_alerts: readonly string[];
  readonly recommendations: readonly string[];
}

const round = (x: number): number => Math.round(x * 100) / 100;

/** What to look at for a component that lost points. */
const ADVICE: Readonly<Record<HealthComponent, (c: ComponentScore) => string>> = {
  cpu: (c) => `Process CPU at ${round(c.value)} %: look for large list calls or raise the CPU limit.`,
  memory: (c) =>
    `System memory at ${round(c.value)} % in use: raise the memory limit or lower GRAPH_MEMORY_LIMIT.`,
  error_rate: (c) =>
    `${round(c.value)} % of tool calls failed in the last interval: the audit log's errorCode says why (policy, input, API server).`,
  sync: (c) => `Sync health at ${round(c.value)}: check the watch connections to the API server.`,
  response_time: (c) =>
    `Mean API response time ${round(c.value)} s: check the API server's latency and the slowest tools below.`,
};

/** The performance report: score, components, slowest tools and what to do about lost points. */
export function buildPerformanceReport(
  score: HealthScore,
  tools: ReadonlyMap<string, ToolTally>,
  firing: readonly AlertRecord[],
  time: number,
): PerformanceReport {
  const slow = [...tools.entries()]
    .map(([tool, t]) => ({
      tool,
      calls: t.calls,
      failed: t.failed,
      avg_ms: round(t.totalMs / t.calls),
      max_ms: round(t.maxMs),
    }))
    .sort((a, b) => b.avg_ms - a.avg_ms)
    .slice(0, TOP_SLOW_TOOLS);
  const recommendations = (Object.entries(score.components) as [HealthComponent, ComponentScore][])
    .filter(([, c]) => c.score < 100)
    .sort(([, a], [, b]) => (100 - b.score) * b.weight - (100 - a.score) * a.weight)
    .map(([name, c]) => ADVICE[name](c));
  return {
    timestamp: new Date(time).toISOString(),
    score: score.score,
    band: score.band,
    components: score.components,
    top_slow_tools: slow,
    firing_alerts: firing.map((a) => a.alert),
    recommendations:
      recommendations.length > 0
        ? recommendations
        : ['No action needed: every component is within its threshold.'],
  };
}
