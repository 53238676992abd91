/** Exponential backoff with jitter, as client-go's reflector uses between failed list/watch rounds. */
export interface BackoffOptions {
  /** client-go's reflector starts at 800 ms: long enough not to hammer, short enough for a blip. */
  readonly initialMs: number;
  /** client-go caps at 30 s: a dead API server is retried twice a minute per kind. */
  readonly maxMs: number;
  /** Each failure doubles the delay. */
  readonly factor: number;
  /** Up to +100% random delay (client-go's jitter 1.0) so informers of many replicas spread out. */
  readonly jitter: number;
  /** client-go resets after 2 min without a failure: a long healthy period forgets old trouble. */
  readonly resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 800,
  maxMs: 30_000,
  factor: 2,
  jitter: 1.0,
  resetAfterMs: 120_000,
};

/** Delay before the next attempt after a failure; `now` and `random` are injectable for tests. */
export class Backoff {
  private current: number;
  private lastFailureAt?: number;

  constructor(
    private readonly opts: BackoffOptions = DEFAULT_BACKOFF,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    this.current = opts.initialMs;
  }

  /** Records a failure and returns how long to wait before retrying. */
  next(): number {
    const t = this.now();
    if (this.lastFailureAt !== undefined && t - this.lastFailureAt > this.opts.resetAfterMs) this.reset();
    this.lastFailureAt = t;
    const base = this.current;
    this.current = Math.min(this.current * this.opts.factor, this.opts.maxMs);
    return Math.min(base + base * this.opts.jitter * this.random(), this.opts.maxMs);
  }

  /** Starts over from the initial delay. */
  reset(): void {
    this.current = this.opts.initialMs;
    this.lastFailureAt = undefined;
  }
}
