/**
 * Shared by the reflectors of one API server: when one of them gets through again after failures,
 * the others stop waiting out their backoff. Backoff is there not to hammer a server that is down;
 * once one LIST succeeded the server is up, and a kind that happened to draw a 12 s delay would
 * otherwise serve stale data for no reason (after a kube-apiserver restart the spread of delays was
 * most of the recovery time). Each waiting reflector retries after a small random delay, so they do
 * not all list in the same millisecond.
 */
export class RecoveryBeacon {
  private readonly waiting = new Set<() => void>();

  constructor(
    /** Up to this many ms of random spread before a woken reflector retries. */
    private readonly spreadMs = 250,
    private readonly random: () => number = Math.random,
  ) {}

  /** Registers a sleeper; returns the function that removes it. */
  onRecovered(wake: () => void): () => void {
    this.waiting.add(wake);
    return () => this.waiting.delete(wake);
  }

  /** One reflector got through after failing: wake the others, spread over spreadMs. */
  recovered(): void {
    const sleepers = [...this.waiting];
    this.waiting.clear();
    for (const wake of sleepers) {
      const timer = setTimeout(wake, Math.round(this.random() * this.spreadMs));
      timer.unref();
    }
  }
}
