import { readFileSync } from 'node:fs';
import { RotatingFile } from '../common/rotating-file.js';
import type { Gap } from './change-journal.js';
import type { ChangeOp, ChangeRecord, FieldChange } from './change-record.js';

// The on-disk change journal (TIMELINE_JOURNAL_PATH): the same records as JSON lines, appended as
// they are made and read back at start, so history survives a restart. Marks between the records
// say when this server recorded: `start` when a server began, `alive` at least every minute while
// it runs, `stop` when it shut down cleanly. A restart reads them to say from when to when nothing
// was recorded: changes made while no server watched are not in any journal (their objects' state
// after them is the new baseline).

/** A record as a line: the record without its seq (seqs are numbered again on load). */
type StoredRecord = Omit<ChangeRecord, 'seq'>;
type Mark = { readonly mark: 'start' | 'alive' | 'stop'; readonly time: number };

/** Rotated files kept: at most twice TIMELINE_JOURNAL_MAX_FILE_MB on disk. */
export const JOURNAL_KEEP_FILES = 1;
/** With nothing else written for this long, an `alive` mark is: a crash then loses at most this much of "recording until". */
export const ALIVE_EVERY_MS = 60_000;

const OPS: ReadonlySet<string> = new Set<ChangeOp>(['created', 'updated', 'deleted']);

/** What a start reads back. */
export interface LoadedJournal {
  /** Records in the order they were made, none older than the cut-off. */
  readonly records: StoredRecord[];
  /** When the oldest history on disk began (its first start mark, or its oldest line after rotation). */
  readonly recordingSince?: number;
  /** Times no server recorded, oldest first; the last ends at this start. */
  readonly gaps: Gap[];
  /** Lines that were not a record or a mark (cut by a crash, edited by hand). */
  readonly skipped: number;
}

const str = (v: unknown): v is string => typeof v === 'string';
const optStr = (v: unknown) => v === undefined || str(v);

function asChange(v: unknown): FieldChange | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const c = v as Record<string, unknown>;
  if (!str(c.field) || !optStr(c.from) || !optStr(c.to) || !optStr(c.note)) return undefined;
  return {
    field: c.field,
    ...(c.from !== undefined ? { from: c.from as string } : {}),
    ...(c.to !== undefined ? { to: c.to as string } : {}),
    ...(c.note !== undefined ? { note: c.note as string } : {}),
  };
}

/** A parsed line as a record or a mark; undefined for anything else. */
export function parseLine(line: string): StoredRecord | Mark | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.time !== 'number' || !Number.isFinite(o.time)) return undefined;
  if (o.mark === 'start' || o.mark === 'alive' || o.mark === 'stop') return { mark: o.mark, time: o.time };
  if (!str(o.op) || !OPS.has(o.op) || !str(o.kind) || !str(o.name) || !Array.isArray(o.changes))
    return undefined;
  for (const k of ['namespace', 'uid', 'resourceVersion', 'manager', 'owner', 'revision', 'restartedAt'])
    if (!optStr(o[k])) return undefined;
  const changes = o.changes.map(asChange);
  if (changes.some((c) => c === undefined)) return undefined;
  return {
    time: o.time,
    op: o.op as ChangeOp,
    kind: o.kind,
    namespace: o.namespace as string | undefined,
    name: o.name,
    uid: o.uid as string | undefined,
    resourceVersion: o.resourceVersion as string | undefined,
    manager: o.manager as string | undefined,
    owner: o.owner as string | undefined,
    revision: o.revision as string | undefined,
    restartedAt: o.restartedAt as string | undefined,
    changes: changes as FieldChange[],
  };
}

/** A record as its line, without the in-memory sequence number (undefined fields left out). */
export function recordLine(r: ChangeRecord | StoredRecord): string {
  if (!('seq' in r)) return JSON.stringify(r);
  const { seq: _seq, ...stored } = r;
  return JSON.stringify(stored);
}

/**
 * The journal's file: lines are buffered on the watch path and written by flush() (the service
 * flushes every second and at shutdown), so a watch event never waits for the disk; a crash loses
 * at most the last second. Write errors are reported once and do not stop the in-memory journal.
 */
export class JournalFile {
  private readonly file: RotatingFile;
  private pending: string[] = [];
  private lastWritten = 0;
  private failed?: string;

  constructor(
    path: string,
    maxBytes: number,
    private readonly report: (message: string) => void = () => {},
  ) {
    this.file = new RotatingFile({ path, maxBytes, keep: JOURNAL_KEEP_FILES });
  }

  get path(): string {
    return this.file.path;
  }

  /**
   * Reads the files back, oldest first: records at or after `notBefore`, since when the history
   * goes back, and the gaps between one server's last line and the next one's start (the last gap
   * ends at `startedAt`, this start).
   */
  load(notBefore: number, startedAt: number): LoadedJournal {
    const records: StoredRecord[] = [];
    const gaps: Gap[] = [];
    let recordingSince: number | undefined;
    let last: number | undefined;
    let skipped = 0;
    for (const path of this.file.files()) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (line === '') continue;
        const entry = parseLine(line);
        if (!entry) {
          skipped++;
          continue;
        }
        if ('mark' in entry && entry.mark === 'start' && last !== undefined && entry.time > last)
          gaps.push({ from: last, to: entry.time });
        recordingSince ??= entry.time;
        last = Math.max(last ?? entry.time, entry.time);
        if (!('mark' in entry) && entry.time >= notBefore) records.push(entry);
      }
    }
    if (last !== undefined && startedAt > last) gaps.push({ from: last, to: startedAt });
    return { records, recordingSince, gaps, skipped };
  }

  /** Marks that a server began recording now. */
  start(time: number): void {
    this.mark('start', time);
    this.flush(time);
  }

  add(r: ChangeRecord): void {
    this.pending.push(recordLine(r));
  }

  /** Writes what is pending (an `alive` mark when nothing was written for ALIVE_EVERY_MS). */
  flush(now = Date.now()): void {
    if (this.pending.length === 0 && now - this.lastWritten < ALIVE_EVERY_MS) return;
    if (this.pending.length === 0) this.mark('alive', now);
    const data = Buffer.from(`${this.pending.join('\n')}\n`);
    this.pending = [];
    try {
      this.file.append(data);
      this.lastWritten = now;
      this.failed = undefined;
    } catch (err) {
      const reason = `${this.file.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
      // The memory journal goes on; the lines of this flush are lost (the restart shows a gap).
      if (this.failed !== reason) this.report(`change journal file write failed: ${reason}`);
      this.failed = reason;
    }
  }

  /** Writes what is pending and the stop mark, and closes the file. */
  stop(time = Date.now()): void {
    this.mark('stop', time);
    this.flush(time);
    this.file.close();
  }

  private mark(mark: Mark['mark'], time: number): void {
    this.pending.push(JSON.stringify({ mark, time }));
  }
}
