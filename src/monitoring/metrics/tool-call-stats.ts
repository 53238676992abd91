/** Calls of one tool: count, failures and durations in milliseconds. */
export interface ToolTally {
  calls: number;
  failed: number;
  totalMs: number;
  maxMs: number;
}

const emptyTally = (): ToolTally => ({ calls: 0, failed: 0, totalMs: 0, maxMs: 0 });

function add(tallies: Map<string, ToolTally>, tool: string, ok: boolean, ms: number): void {
  let t = tallies.get(tool);
  if (!t) tallies.set(tool, (t = emptyTally()));
  t.calls++;
  if (!ok) t.failed++;
  t.totalMs += ms;
  t.maxMs = Math.max(t.maxMs, ms);
}

/**
 * Tool calls tallied two ways: since the last collector sample (drained each interval, for the
 * windowed JSON metrics and the error-rate alert) and since start (for the slowest-tools report).
 */
export class ToolCallStats {
  private window = new Map<string, ToolTally>();
  private readonly lifetime = new Map<string, ToolTally>();

  record(tool: string, ok: boolean, ms: number): void {
    add(this.window, tool, ok, ms);
    add(this.lifetime, tool, ok, ms);
  }

  /** The tallies since the previous drain; starts a new window. */
  drain(): ReadonlyMap<string, ToolTally> {
    const window = this.window;
    this.window = new Map();
    return window;
  }

  /** Tallies since start, per tool. */
  totals(): ReadonlyMap<string, ToolTally> {
    return this.lifetime;
  }
}
