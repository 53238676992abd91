import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** What an audit query keeps: every given field must match. */
export interface AuditFilter {
  /** Epoch ms: records at or after. */
  readonly since?: number;
  /** Epoch ms: records at or before. */
  readonly until?: number;
  /** The caller's identity label, exactly (e.g. `static:alice`). */
  readonly identity?: string;
  readonly tool?: string;
  readonly outcome?: string;
  /** A namespace the call named. */
  readonly namespace?: string;
  /** Case-insensitive substring of the whole line. */
  readonly text?: string;
}

/** One page of matching lines, newest first, and where the next (older) page starts. */
export interface AuditPage {
  readonly lines: string[];
  /** Opaque; undefined when the oldest file has been read to its start. */
  readonly next?: string;
  readonly scannedBytes: number;
}

/** Bytes read per step backwards: large enough that a 16 KiB line rarely spans many chunks. */
const CHUNK = 64 * 1024;

/** A relative time (`90s`, `15m`, `1h`, `2d`) or an ISO/RFC date as epoch ms; undefined when neither. */
export function parseTime(value: string, now = Date.now()): number | undefined {
  const rel = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(value.trim());
  if (rel) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 's' | 'm' | 'h' | 'd'];
    return now - Number(rel[1]) * unit;
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** True when the JSON line matches the filter (a line that does not parse matches only a bare text filter). */
export function matches(line: string, filter: AuditFilter): boolean {
  if (filter.text && !line.toLowerCase().includes(filter.text.toLowerCase())) return false;
  const structural =
    filter.since !== undefined ||
    filter.until !== undefined ||
    filter.identity ||
    filter.tool ||
    filter.outcome ||
    filter.namespace;
  if (!structural) return true;
  let r: { time?: unknown; identity?: unknown; tool?: unknown; outcome?: unknown; namespaces?: unknown };
  try {
    r = JSON.parse(line) as typeof r;
  } catch {
    return false;
  }
  if (filter.since !== undefined || filter.until !== undefined) {
    const t = typeof r.time === 'string' ? Date.parse(r.time) : NaN;
    if (Number.isNaN(t)) return false;
    if (filter.since !== undefined && t < filter.since) return false;
    if (filter.until !== undefined && t > filter.until) return false;
  }
  if (filter.identity && r.identity !== filter.identity) return false;
  if (filter.tool && r.tool !== filter.tool) return false;
  if (filter.outcome && r.outcome !== filter.outcome) return false;
  if (filter.namespace && !(Array.isArray(r.namespaces) && r.namespaces.includes(filter.namespace)))
    return false;
  return true;
}

/** The files of an audit log, newest first: audit.log, audit.log.1, … (as AuditLog rotates them). */
export function auditFiles(path: string, keep: number): string[] {
  return [path, ...Array.from({ length: keep }, (_, i) => `${path}.${i + 1}`)];
}

interface Position {
  /** Index into auditFiles(). */
  readonly file: number;
  readonly ino: number;
  /** Read backwards from this byte offset (exclusive). */
  readonly end: number;
}

function encode(p: Position): string {
  return `${p.file}.${p.ino}.${p.end}`;
}

function decode(cursor: string | undefined): Position | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(cursor ?? '');
  return m ? { file: Number(m[1]), ino: Number(m[2]), end: Number(m[3]) } : undefined;
}

function inode(path: string): { ino: number; size: number } | undefined {
  const s = statSync(path, { throwIfNoEntry: false, bigint: false });
  return s ? { ino: s.ino, size: s.size } : undefined;
}

/**
 * Reads an audit log newest line first without loading it: each file is read backwards in
 * CHUNK-sized pieces from its end (then the rotated files, newest first), and a page stops after
 * `limit` matching lines or `maxScanBytes` read, whichever comes first. The cursor names the file
 * by inode, so a rotation between two pages continues in the file the lines moved to.
 */
export function readAuditPage(
  files: readonly string[],
  filter: AuditFilter,
  options: {
    cursor?: string;
    limit: number;
    maxScanBytes?: number;
    /**
     * Applied to each line before it is matched and returned (the namespace policy's maskText):
     * the filter sees only what the reader may see, so a text or namespace filter naming a hidden
     * namespace matches nothing rather than telling, by a count of masked lines, that it exists.
     */
    mask?: (line: string) => string;
  },
): AuditPage {
  const maxScan = options.maxScanBytes ?? 32 * 1024 * 1024;
  let pos = start(files, decode(options.cursor));
  const lines: string[] = [];
  let scanned = 0;
  /** Set at the first line older than filter.since: nothing further back can match. */
  let pastSince = false;
  /** Keeps a matching line; true once the page is full or the reading is past `since`. */
  const keep = (bytes: Buffer): boolean => {
    const raw = bytes.toString('utf8');
    if (filter.since !== undefined && (lineTime(raw) ?? Infinity) < filter.since) {
      pastSince = true;
      return true;
    }
    const line = options.mask ? options.mask(raw) : raw;
    if (line.trim() !== '' && matches(line, filter)) lines.push(line);
    return lines.length >= options.limit;
  };
  while (pos && !pastSince && lines.length < options.limit && scanned < maxScan) {
    const path = files[pos.file]!;
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      pos = nextFile(files, pos.file);
      continue;
    }
    try {
      let end = pos.end;
      // Bytes [end, end + tail.length): the start of a line that began before `end`, not yet split.
      let tail = Buffer.alloc(0);
      let resumeAt: number | undefined;
      while (resumeAt === undefined && scanned < maxScan) {
        const from = Math.max(0, end - CHUNK);
        const chunk = Buffer.alloc(end - from);
        readSync(fd, chunk, 0, chunk.length, from);
        scanned += chunk.length;
        const buf = tail.length ? Buffer.concat([chunk, tail]) : chunk;
        let stop = buf.length;
        for (let i = buf.length - 1; i >= 0 && resumeAt === undefined; i--) {
          if (buf[i] !== 0x0a) continue;
          if (keep(buf.subarray(i + 1, stop))) resumeAt = from + i;
          stop = i;
        }
        if (resumeAt !== undefined) break;
        if (from === 0) {
          // The file's first line has no newline before it.
          keep(buf.subarray(0, stop));
          resumeAt = 0;
          break;
        }
        tail = buf.subarray(0, stop);
        end = from;
      }
      // Out of scan budget: resume before the bytes not yet split.
      const next = resumeAt ?? end + tail.length;
      pos = next > 0 ? { ...pos, end: next } : nextFile(files, pos.file);
    } finally {
      closeSync(fd);
    }
  }
  return { lines, next: pos && !pastSince ? encode(pos) : undefined, scannedBytes: scanned };
}

/** Offset of the time in a line as AuditLog writes it: `{"time":"2026-…` (the record's first field). */
const TIME_AT = '{"time":"'.length;

/**
 * The time of an audit line, read from its fixed place without parsing the JSON (undefined for a
 * line of another shape). Lines are written in time order — the time is taken when the line is
 * written — so the first line older than `since` ends a backwards reading.
 */
export function lineTime(line: string): number | undefined {
  if (!line.startsWith('{"time":"')) return undefined;
  const end = line.indexOf('"', TIME_AT);
  if (end < 0) return undefined;
  const t = Date.parse(line.slice(TIME_AT, end));
  return Number.isNaN(t) ? undefined : t;
}

function start(files: readonly string[], cursor: Position | undefined): Position | undefined {
  if (!cursor) {
    const first = inode(files[0]!);
    return first ? { file: 0, ino: first.ino, end: first.size } : nextFile(files, 0);
  }
  // The file may have been rotated since: find it by inode.
  for (let i = 0; i < files.length; i++) {
    const info = inode(files[i]!);
    if (info && info.ino === cursor.ino)
      return { file: i, ino: info.ino, end: Math.min(cursor.end, info.size) };
  }
  return undefined;
}

function nextFile(files: readonly string[], after: number): Position | undefined {
  for (let i = after + 1; i < files.length; i++) {
    const info = inode(files[i]!);
    if (info && info.size > 0) return { file: i, ino: info.ino, end: info.size };
  }
  return undefined;
}
