/**
 * A bounded map whose entries expire: at most `maxEntries` (the oldest inserted goes first), each
 * answered for `ttlMs` after it was set. Memory is bounded whatever callers ask, and a stale
 * answer is never returned.
 */
export class TtlCache<V> {
  // Map keeps insertion order: the first key is the oldest, so eviction is O(1).
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(ttlMs > 0) || !(maxEntries >= 1)) throw new Error('TtlCache: ttlMs > 0 and maxEntries >= 1');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    // Re-inserted keys move to the end: their clock starts again.
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}
