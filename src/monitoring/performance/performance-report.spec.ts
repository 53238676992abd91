import { computeHealthScore } from '../health-score.js';
import { buildPerformanceReport } from './performance-report.js';

const healthy = {
  cpuPercent: 5,
  memoryPercent: 30,
  errorRatePercent: 0,
  syncHealth: 100,
  responseTimeSeconds: 0.01,
};
const tally = (calls: number, failed: number, totalMs: number, maxMs: number) => ({
  calls,
  failed,
  totalMs,
  maxMs,
});

describe(buildPerformanceReport.name, () => {
  it('says no action is needed when nothing lost points', () => {
    const sut = buildPerformanceReport(computeHealthScore(healthy), new Map(), [], 0);
    expect(sut).toMatchObject({ score: 100, band: 'excellent', top_slow_tools: [], firing_alerts: [] });
    expect(sut.recommendations).toEqual(['No action needed: every component is within its threshold.']);
  });

  it('recommends for each component that lost points, biggest loss first', () => {
    const score = computeHealthScore({ ...healthy, errorRatePercent: 50, responseTimeSeconds: 2 });
    const sut = buildPerformanceReport(score, new Map(), [], 0);
    expect(sut.recommendations).toHaveLength(2);
    expect(sut.recommendations[0]).toContain('50 % of tool calls failed');
    expect(sut.recommendations[1]).toContain('response time 2 s');
  });

  it('lists the slowest tools by mean duration, at most five', () => {
    const tools = new Map(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((name, i) => [name, tally(2, i % 2, (i + 1) * 20, (i + 1) * 15)]),
    );
    const sut = buildPerformanceReport(computeHealthScore(healthy), tools, [], 0);
    expect(sut.top_slow_tools.map((t) => t.tool)).toEqual(['f', 'e', 'd', 'c', 'b']);
    expect(sut.top_slow_tools[0]).toEqual({ tool: 'f', calls: 2, failed: 1, avg_ms: 60, max_ms: 90 });
  });
});
