import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import type { KubeObject } from '../k8s/kube-object.js';
import { Informer } from '../sync/informer.js';
import type { InformerRegistry } from '../sync/informer-registry.js';
import { WATCHED_KINDS } from '../sync/watched-kinds.js';
import { ChangeJournalService } from './change-journal.service.js';
import { renderChange } from './change-record.js';
import { ALIVE_EVERY_MS, JournalFile, parseLine, recordLine } from './journal-file.js';

const deployment = (rv: string, replicas: number): KubeObject => ({
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', uid: 'd1', resourceVersion: rv },
  spec: { replicas },
});

describe('the on-disk change journal', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-journal-'));
    path = join(dir, 'sub', 'changes.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const rec = (time: number, name = 'web') => ({
    seq: 1,
    time,
    op: 'updated' as const,
    kind: 'Deployment',
    namespace: 'shop',
    name,
    manager: 'kubectl-scale',
    changes: [{ field: 'replicas', from: '3', to: '0' }],
  });

  it('writes records and marks as JSON lines and reads them back with the gaps between servers', () => {
    const first = new JournalFile(path, 1e9);
    first.start(1_000);
    first.add(rec(2_000));
    first.flush(2_500);
    first.stop(3_000);
    // A second server that crashed: no stop mark, its last line is a record.
    const second = new JournalFile(path, 1e9);
    second.start(10_000);
    second.add(rec(11_000, 'api'));
    second.flush(11_000);
    const loaded = new JournalFile(path, 1e9).load(0, 20_000);
    expect(loaded.recordingSince).toBe(1_000);
    expect(loaded.records.map((r) => [r.time, r.name])).toEqual([
      [2_000, 'web'],
      [11_000, 'api'],
    ]);
    const { seq: _seq, ...stored } = rec(2_000);
    expect(loaded.records[0]).toMatchObject(stored);
    expect(loaded.records[0]).not.toHaveProperty('seq');
    expect(loaded.gaps).toEqual([
      { from: 3_000, to: 10_000 },
      { from: 11_000, to: 20_000 },
    ]);
    expect(loaded.skipped).toBe(0);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('{"mark":"start","time":1000}');
    expect(lines.at(-1)).toBe(recordLine(rec(11_000, 'api')));
  });

  it('writes an alive mark when nothing else was written for a minute, so a crash dates its end', () => {
    const file = new JournalFile(path, 1e9);
    file.start(0);
    file.flush(ALIVE_EVERY_MS - 1);
    file.flush(ALIVE_EVERY_MS);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toEqual([
      '{"mark":"start","time":0}',
      `{"mark":"alive","time":${ALIVE_EVERY_MS}}`,
    ]);
    expect(new JournalFile(path, 1e9).load(0, 100_000).gaps).toEqual([{ from: ALIVE_EVERY_MS, to: 100_000 }]);
  });

  it('skips lines cut by a crash or not its own, and records older than the cut-off', () => {
    const good = recordLine(rec(5_000));
    writeFileSync(
      path.replace('sub/', ''),
      [
        '{"mark":"start","time":1000}',
        recordLine(rec(2_000)),
        good,
        '{"time":6000,"op":"updated","kind":"Deployment","name":"x","changes":[{"field":1}]}',
        'not json',
        good.slice(0, 20),
      ].join('\n'),
    );
    const loaded = new JournalFile(path.replace('sub/', ''), 1e9).load(3_000, 9_000);
    expect(loaded.records.map((r) => r.time)).toEqual([5_000]);
    expect(loaded.skipped).toBe(3);
    expect(loaded.recordingSince).toBe(1_000);
    expect(parseLine('{"mark":"start"}')).toBeUndefined();
  });

  it('rotates by size and reads the rotated file first; after a rotation drops the start, history begins at the oldest line', () => {
    const file = new JournalFile(path, 400);
    file.start(1_000);
    for (let i = 0; i < 6; i++) {
      file.add(rec(2_000 + i));
      file.flush(2_000 + i);
    }
    expect(existsSync(`${path}.1`)).toBe(true);
    expect(existsSync(`${path}.2`)).toBe(false);
    const loaded = new JournalFile(path, 400).load(0, 9_000);
    const times = loaded.records.map((r) => r.time);
    expect(times).toEqual([...times].sort());
    expect(times.at(-1)).toBe(2_005);
    expect(times.length).toBeLessThan(6);
    expect(loaded.recordingSince).toBe(times[0]);
    expect(readFileSync(path, 'utf8').length + readFileSync(`${path}.1`, 'utf8').length).toBeLessThanOrEqual(
      800,
    );
  });

  it('keeps history across a restart of the service: the earlier change, since when, and the gap', async () => {
    const config = {
      TIMELINE_ENABLED: true,
      TIMELINE_MAX_AGE: 3600,
      TIMELINE_MEMORY_LIMIT: 8,
      TIMELINE_JOURNAL_PATH: path,
      TIMELINE_JOURNAL_MAX_FILE_MB: 1,
    } as AppConfig;
    const start = () => {
      const informers = WATCHED_KINDS.map((k) => new Informer(k));
      const sut = new ChangeJournalService(config, {
        informers: () => informers,
      } as unknown as InformerRegistry);
      sut.onModuleInit();
      return { sut, deployments: informers.find((i) => i.kind.ref.kind === 'Deployment')! };
    };
    const before = Date.now();
    const first = start();
    first.deployments.upsert(deployment('1', 3));
    first.deployments.upsert(deployment('2', 0));
    first.sut.onModuleDestroy();
    const stopped = Date.now();
    // A restart takes time: within the same millisecond there would be no gap to name.
    await new Promise((r) => setTimeout(r, 5));

    const second = start();
    try {
      const records = second.sut.query({ sinceMs: 0, limit: 10 }).records;
      expect(records.map((r) => `${r.op} ${r.changes.map(renderChange).join('; ')}`)).toEqual([
        'updated replicas 3 → 0',
        expect.stringMatching(/^created/),
      ]);
      const stats = second.sut.stats();
      expect(stats.recordingSince).toBeGreaterThanOrEqual(before);
      expect(stats.recordingSince).toBeLessThanOrEqual(records[1]!.time);
      expect(stats.gaps).toHaveLength(1);
      expect(stats.gaps[0]!.from).toBeGreaterThanOrEqual(records[0]!.time);
      expect(stats.gaps[0]!.from).toBeLessThanOrEqual(stopped);
      // New changes go on after the old ones.
      second.deployments.upsert(deployment('3', 2));
      const after = second.sut.query({ sinceMs: 0, limit: 3 }).records;
      expect(after.map((r) => r.op)).toEqual(['created', 'updated', 'created']);
      expect(after[0]!.seq).toBeGreaterThan(after[1]!.seq);
    } finally {
      second.sut.onModuleDestroy();
    }
    expect(readFileSync(path, 'utf8')).toMatch(/"mark":"stop".*\n$/);
  });
});
