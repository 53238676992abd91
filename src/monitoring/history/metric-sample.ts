/** One collector sample: JSON metric name → value, at one instant. */
export interface MetricSample {
  /** Milliseconds since the epoch. */
  readonly time: number;
  readonly values: Readonly<Record<string, number>>;
}
