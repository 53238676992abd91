import type { AppConfig } from '../../config/app-config.js';

/** Alert names, as labelled in `k8s_mcp_alerts_firing{alert}`. */
export type AlertName =
  'high_cpu' | 'high_memory' | 'high_error_rate' | 'slow_api_response' | 'sync_delay' | 'sync_degraded';

/** An alert fires while `metric` stays above `threshold`. */
export interface AlertRule {
  readonly name: AlertName;
  /** JSON metric name in the collector's samples. */
  readonly metric: string;
  readonly threshold: number;
  readonly unit: string;
  /** Breaching samples in a row before it fires, when not the service's default. */
  readonly fireAfter?: number;
}

/** The rules, thresholds from the ALERT_* configuration variables. */
export function alertRules(config: AppConfig): AlertRule[] {
  return [
    { name: 'high_cpu', metric: 'process.cpu_percent', threshold: config.ALERT_CPU_PERCENT_MAX, unit: '%' },
    {
      name: 'high_memory',
      metric: 'system.memory_percent',
      threshold: config.ALERT_MEMORY_PERCENT_MAX,
      unit: '%',
    },
    { name: 'high_error_rate', metric: 'tool.error_rate', threshold: config.ALERT_ERROR_RATE_MAX, unit: '%' },
    {
      name: 'slow_api_response',
      metric: 'api.response_time',
      threshold: config.ALERT_API_RESPONSE_TIME_MAX,
      unit: 's',
    },
    {
      name: 'sync_delay',
      metric: 'intelligent.sync_delay_seconds',
      threshold: config.ALERT_SYNC_DELAY_MAX,
      unit: 's',
    },
    {
      // A kind is degraded only after MAX_RETRY_COUNT failed retries in a row: that is already
      // the debounce, so the alert fires on the first sample that sees it.
      name: 'sync_degraded',
      metric: 'intelligent.sync_degraded_kinds',
      threshold: 0,
      unit: ' kinds',
      fireAfter: 1,
    },
  ];
}
