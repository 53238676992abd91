import { appendFileSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditFiles, matches, parseTime, readAuditPage } from './audit-reader.js';

const rec = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    identity: i % 3 === 0 ? 'static:alice' : 'static:bob',
    tool: i % 2 ? 'k8s-get-pods' : 'k8s-get-logs',
    outcome: i % 5 === 0 ? 'denied' : 'ok',
    namespaces: [i % 4 === 0 ? 'team-a' : 'team-b'],
    arguments: { pad: 'x'.repeat((i * 7919) % 3000) },
    ...extra,
  });

function logWith(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'audit-reader-'));
  const path = join(dir, 'audit.log');
  writeFileSync(path, Array.from({ length: n }, (_, i) => rec(i) + '\n').join(''));
  return path;
}

/** Every page, following the cursor to the end. */
function all(
  files: string[],
  filter: Parameters<typeof readAuditPage>[1],
  limit: number,
  maxScanBytes?: number,
) {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = readAuditPage(files, filter, { cursor, limit, maxScanBytes });
    out.push(...page.lines);
    if (!page.next) return out;
    cursor = page.next;
  }
  throw new Error('no end');
}

describe('readAuditPage', () => {
  it('returns every line newest first, across chunk boundaries and page sizes', () => {
    const path = logWith(400);
    const expected = Array.from({ length: 400 }, (_, i) => rec(399 - i));
    for (const limit of [1, 7, 50, 1000]) expect(all([path], {}, limit)).toEqual(expected);
    // A tiny scan budget still makes progress and loses nothing.
    expect(all([path], {}, 10, 5000)).toEqual(expected);
  });

  it('filters by identity, tool, outcome, namespace, time and text', () => {
    const path = logWith(300);
    const lines = Array.from({ length: 300 }, (_, i) => rec(299 - i));
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const got = all([path], { identity: 'static:alice', outcome: 'denied' }, 4);
    expect(got).toEqual(
      lines.filter((_, k) => parsed[k]!.identity === 'static:alice' && parsed[k]!.outcome === 'denied'),
    );
    expect(got.length).toBeGreaterThan(3);
    const since = Date.UTC(2026, 0, 1, 0, 0, 100);
    const until = Date.UTC(2026, 0, 1, 0, 0, 120);
    expect(all([path], { since, until, namespace: 'team-a', tool: 'k8s-get-logs' }, 3)).toEqual(
      lines.filter((_, k) => {
        const t = Date.parse(parsed[k]!.time as string);
        return (
          t >= since &&
          t <= until &&
          (parsed[k]!.namespaces as string[])[0] === 'team-a' &&
          parsed[k]!.tool === 'k8s-get-logs'
        );
      }),
    );
    expect(all([path], { text: 'GET-LOGS' }, 20)).toHaveLength(150);
  });

  it('continues into rotated files, and follows a file rotated between two pages', () => {
    const path = logWith(10);
    renameSync(path, `${path}.1`);
    writeFileSync(path, [10, 11, 12].map((i) => rec(i) + '\n').join(''));
    const files = auditFiles(path, 2);
    expect(all(files, {}, 4)).toEqual(Array.from({ length: 13 }, (_, i) => rec(12 - i)));
    const first = readAuditPage(files, {}, { limit: 2 });
    expect(first.lines).toEqual([rec(12), rec(11)]);
    // Rotation: audit.log becomes audit.log.1, a new line starts a fresh audit.log.
    renameSync(`${path}.1`, `${path}.2`);
    renameSync(path, `${path}.1`);
    appendFileSync(path, rec(13) + '\n');
    expect(all(files, {}, 3, undefined).length).toBe(14);
    const rest: string[] = [];
    let cursor = first.next;
    while (cursor) {
      const p = readAuditPage(files, {}, { cursor, limit: 3 });
      rest.push(...p.lines);
      cursor = p.next;
    }
    expect(rest).toEqual(Array.from({ length: 11 }, (_, i) => rec(10 - i)));
  });

  it('matches and returns lines as masked: a filter naming a hidden namespace finds nothing', () => {
    const path = logWith(40);
    const mask = (line: string) => line.replaceAll('team-a', '<hidden namespace>');
    const page = readAuditPage([path], {}, { limit: 100, mask });
    expect(page.lines).toHaveLength(40);
    expect(page.lines.join('\n')).not.toContain('team-a');
    expect(page.lines.filter((l) => l.includes('<hidden namespace>'))).toHaveLength(10);
    for (const filter of [{ namespace: 'team-a' }, { text: 'team-a' }])
      expect(readAuditPage([path], filter, { limit: 100, mask }).lines).toEqual([]);
    expect(readAuditPage([path], { namespace: 'team-b' }, { limit: 100, mask }).lines).toHaveLength(30);
  });

  it('answers an empty page for a missing file', () => {
    expect(readAuditPage(['/nonexistent/audit.log'], {}, { limit: 5 })).toEqual({
      lines: [],
      next: undefined,
      scannedBytes: 0,
    });
  });
});

describe('parseTime and matches', () => {
  it('reads relative and absolute times', () => {
    expect(parseTime('1h', 10_000_000)).toBe(10_000_000 - 3_600_000);
    expect(parseTime('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1));
    expect(parseTime('soon')).toBeUndefined();
  });
  it('does not match a broken line on structural filters', () => {
    expect(matches('{not json', { tool: 'x' })).toBe(false);
    expect(matches('{not json', { text: 'NOT' })).toBe(true);
  });
});
