/** The components of the health score, as labelled in `k8s_mcp_performance_component_score`. */
export type HealthComponent = 'cpu' | 'memory' | 'error_rate' | 'sync' | 'response_time';

/** Score bands, best first. */
export type HealthBand = 'excellent' | 'good' | 'warning' | 'critical' | 'emergency';

/** The measurements the score is computed from. */
export interface HealthInputs {
  /** Process CPU, percent of all cores (0–100). */
  readonly cpuPercent: number;
  /** System memory in use, percent (0–100). */
  readonly memoryPercent: number;
  /** Failed tool calls, percent of all tool calls in the window (0–100). */
  readonly errorRatePercent: number;
  /** Health of the watch cache, 0–100 (100 until a sync module reports). */
  readonly syncHealth: number;
  /** Mean API response time in seconds. */
  readonly responseTimeSeconds: number;
}

/** One component: its input, its own 0–100 score and its weight in the total. */
export interface ComponentScore {
  readonly value: number;
  readonly score: number;
  readonly weight: number;
}

/** The overall score (an integer 0–100), its band and how each component contributed. */
export interface HealthScore {
  readonly score: number;
  readonly band: HealthBand;
  readonly components: Readonly<Record<HealthComponent, ComponentScore>>;
}

/**
 * Each component scores 100 up to its threshold and falls linearly to 0 at its hard limit.
 * Thresholds and weights are the product specification's; hard limits are ours (docs/monitoring.md).
 */
const CURVES: Readonly<Record<Exclude<HealthComponent, 'sync'>, { threshold: number; limit: number }>> = {
  // A saturated CPU (100%) means calls queue: nothing left.
  cpu: { threshold: 80, limit: 100 },
  // Same for memory: at 100% the kernel starts killing processes.
  memory: { threshold: 80, limit: 100 },
  // One call in ten failing is already an outage for an assistant relying on the tools.
  error_rate: { threshold: 0, limit: 10 },
  // Past 5 s MCP clients commonly time out or the user gives up.
  response_time: { threshold: 1, limit: 5 },
};

/** Weights in percent; they sum to 100. */
const WEIGHTS: Readonly<Record<HealthComponent, number>> = {
  cpu: 20,
  memory: 20,
  error_rate: 30,
  sync: 20,
  response_time: 10,
};

/** Lowest score of each band, best first. */
const BANDS: ReadonlyArray<readonly [HealthBand, number]> = [
  ['excellent', 90],
  ['good', 75],
  ['warning', 60],
  ['critical', 40],
  ['emergency', 0],
];

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** 100 at or below the threshold, 0 at or beyond the limit, linear in between (NaN counts as worst). */
function linearPenalty(value: number, threshold: number, limit: number): number {
  if (Number.isNaN(value)) return 0;
  if (value <= threshold) return 100;
  return clamp((100 * (limit - value)) / (limit - threshold), 0, 100);
}

/** The band an (integer) score falls in. */
export function healthBand(score: number): HealthBand {
  for (const [band, min] of BANDS) if (score >= min) return band;
  return 'emergency';
}

/** The weighted health score of these measurements. */
export function computeHealthScore(inputs: HealthInputs): HealthScore {
  const values: Record<HealthComponent, number> = {
    cpu: inputs.cpuPercent,
    memory: inputs.memoryPercent,
    error_rate: inputs.errorRatePercent,
    sync: inputs.syncHealth,
    response_time: inputs.responseTimeSeconds,
  };
  const components = {} as Record<HealthComponent, ComponentScore>;
  let total = 0;
  for (const name of Object.keys(WEIGHTS) as HealthComponent[]) {
    const value = values[name];
    const score =
      name === 'sync'
        ? Number.isNaN(value)
          ? 0
          : clamp(value, 0, 100)
        : linearPenalty(value, CURVES[name].threshold, CURVES[name].limit);
    components[name] = { value, score: Math.round(score * 10) / 10, weight: WEIGHTS[name] };
    total += (score * WEIGHTS[name]) / 100;
  }
  // Rounded before banding so the number shown and the band always agree.
  const score = Math.round(total);
  return { score, band: healthBand(score), components };
}
