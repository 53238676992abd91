/** One collector sample: JSON metric name → value, at one instant. */
export interface MetricSample {
  /** Milliseconds since the epoch. */
  readonly time: number;
  /**
   * Start of the window the rates and means cover (tool calls, error rate, response times): the
   * previous sample's time, or the collector's start for the first sample.
   */
  readonly windowStart: number;
  readonly values: Readonly<Record<string, number>>;
}
