import type { ChangeRecord, FieldChange } from './change-record.js';

/**
 * Estimated heap of one record beyond its strings: the record object, its changes array and the
 * change objects' headers, the strings' own headers. Calibrated with bench/timeline.mjs: 891 B a
 * record measured with 538 B estimated from 260 here; then records got one shape (no spread), 548 B measured (docs/timeline.md has the figures).
 */
export const RECORD_OVERHEAD_BYTES = 270;
/** Estimated heap of one field change beyond its strings. */
export const CHANGE_OVERHEAD_BYTES = 60;

/** The array is compacted when this many dropped slots lead it (and they are half of it). */
const COMPACT_AFTER = 1024;

/** Heap estimate of a record: overheads plus one byte a character (V8 keeps these strings one byte wide). */
export function recordBytes(r: ChangeRecord): number {
  let n = RECORD_OVERHEAD_BYTES;
  n += r.kind.length + r.name.length + (r.namespace?.length ?? 0) + (r.uid?.length ?? 0);
  n += (r.resourceVersion?.length ?? 0) + (r.manager?.length ?? 0) + (r.owner?.length ?? 0);
  n += (r.revision?.length ?? 0) + (r.restartedAt?.length ?? 0);
  for (const c of r.changes) n += changeBytes(c);
  return n;
}

const changeBytes = (c: FieldChange) =>
  CHANGE_OVERHEAD_BYTES +
  c.field.length +
  (c.from?.length ?? 0) +
  (c.to?.length ?? 0) +
  (c.note?.length ?? 0);

/** Retention: whichever bound is reached first drops the oldest records. */
export interface JournalLimits {
  readonly maxAgeMs: number;
  readonly maxBytes: number;
}

/** A query over the journal, newest first. */
export interface JournalQuery {
  /** Records at or after this time (ms). */
  readonly sinceMs: number;
  /** Only records with a smaller seq (the continue token of the previous page). */
  readonly beforeSeq?: number;
  readonly match?: (r: ChangeRecord) => boolean;
  readonly limit: number;
}

/** A page of a query. */
export interface JournalPage {
  readonly records: ChangeRecord[];
  /** The continue token when more records match: pass it as beforeSeq. */
  readonly nextBeforeSeq?: number;
}

/** A time no server recorded (between a restart's predecessor's last line and its start), ms. */
export interface Gap {
  readonly from: number;
  readonly to: number;
}

/** Counters and bounds, for answers and /intelligent/status. */
export interface JournalStats {
  readonly records: number;
  readonly estimatedBytes: number;
  readonly maxBytes: number;
  readonly maxAgeSeconds: number;
  /** When recording began (the first sync). */
  readonly recordingSince: number;
  /** Changes after this time are all in the journal (later than recordingSince once records were dropped). */
  readonly completeSince: number;
  readonly droppedByAge: number;
  readonly droppedByMemory: number;
  /**
   * Times within the kept history when no server recorded (the on-disk journal across restarts):
   * changes made then are not in the journal.
   */
  readonly gaps: readonly Gap[];
}

/**
 * The bounded, append-only list of change records: oldest dropped first when older than maxAge or
 * when the estimated heap exceeds maxBytes, and every drop moves completeSince, so an answer can
 * say since when it is complete.
 */
export class ChangeJournal {
  private records: ChangeRecord[] = [];
  private head = 0;
  private bytes = 0;
  private seq = 0;
  private complete: number;
  private byAge = 0;
  private byMemory = 0;
  private gaps: Gap[] = [];
  /** Called once when the memory bound first drops a record (the service logs it). */
  onFirstMemoryDrop?: (completeSince: number) => void;

  constructor(
    private readonly limits: JournalLimits,
    private readonly now: () => number = Date.now,
    readonly recordingSince = now(),
  ) {
    this.complete = recordingSince;
  }

  /** Number of records kept. */
  get size(): number {
    return this.records.length - this.head;
  }

  /**
   * Appends a record (its seq and, when absent, its time are set here) and applies the bounds.
   * The record is built field by field: an object spread with properties after it takes V8's slow
   * path (25–30 µs a record here), and one shape for every record keeps them compact.
   */
  append(r: Omit<ChangeRecord, 'seq' | 'time'> & { time?: number }): ChangeRecord {
    const record: ChangeRecord = {
      seq: ++this.seq,
      time: r.time ?? this.now(),
      op: r.op,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      uid: r.uid,
      resourceVersion: r.resourceVersion,
      manager: r.manager,
      owner: r.owner,
      revision: r.revision,
      restartedAt: r.restartedAt,
      changes: r.changes,
    };
    this.records.push(record);
    this.bytes += recordBytes(record);
    this.enforce();
    return record;
  }

  /** Matching records, newest first, at most `limit`, with the token of the next page. */
  query(q: JournalQuery): JournalPage {
    this.enforce();
    const out: ChangeRecord[] = [];
    for (let i = this.records.length - 1; i >= this.head; i--) {
      const r = this.records[i]!;
      if (r.time < q.sinceMs) break;
      if (q.beforeSeq !== undefined && r.seq >= q.beforeSeq) continue;
      if (q.match && !q.match(r)) continue;
      if (out.length === q.limit) return { records: out, nextBeforeSeq: out.at(-1)!.seq };
      out.push(r);
    }
    return { records: out };
  }

  /** Records a time when nothing was recorded (read back from the on-disk journal). */
  addGap(gap: Gap): void {
    if (gap.to > gap.from) this.gaps.push(gap);
  }

  stats(): JournalStats {
    this.enforce();
    // Gaps before the complete history are no longer news.
    this.gaps = this.gaps.filter((g) => g.to > this.complete);
    return {
      records: this.size,
      estimatedBytes: this.bytes,
      maxBytes: this.limits.maxBytes,
      maxAgeSeconds: Math.round(this.limits.maxAgeMs / 1000),
      recordingSince: this.recordingSince,
      completeSince: this.complete,
      droppedByAge: this.byAge,
      droppedByMemory: this.byMemory,
      gaps: this.gaps.map((g) => ({ from: Math.max(g.from, this.complete), to: g.to })),
    };
  }

  /** Drops what is older than maxAge, then the oldest until the estimate fits maxBytes. */
  private enforce(): void {
    const oldest = this.now() - this.limits.maxAgeMs;
    while (this.head < this.records.length && this.records[this.head]!.time < oldest) {
      this.dropHead();
      this.byAge++;
    }
    if (this.complete < oldest) this.complete = oldest;
    while (this.head < this.records.length && this.bytes > this.limits.maxBytes) {
      const dropped = this.dropHead();
      if (this.byMemory++ === 0) this.onFirstMemoryDrop?.(dropped.time);
    }
    if (this.head > COMPACT_AFTER && this.head * 2 > this.records.length) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
  }

  private dropHead(): ChangeRecord {
    const r = this.records[this.head]!;
    // Let the record go now, not at the next compaction.
    (this.records as (ChangeRecord | undefined)[])[this.head] = undefined;
    this.head++;
    this.bytes -= recordBytes(r);
    if (r.time > this.complete) this.complete = r.time;
    return r;
  }
}
