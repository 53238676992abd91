import { ChangeJournal, recordBytes } from './change-journal.js';

const change = (name: string, time?: number) => ({
  op: 'updated' as const,
  kind: 'Deployment',
  namespace: 'shop',
  name,
  changes: [{ field: 'replicas', from: '3', to: '0' }],
  ...(time !== undefined ? { time } : {}),
});

describe(ChangeJournal.name, () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('answers newest first and pages with a continue token', () => {
    const sut = new ChangeJournal({ maxAgeMs: 3_600_000, maxBytes: 1e9 }, clock);
    for (let i = 0; i < 5; i++) {
      now += 1000;
      sut.append(change(`d${i}`));
    }
    const first = sut.query({ sinceMs: 0, limit: 2 });
    expect(first.records.map((r) => r.name)).toEqual(['d4', 'd3']);
    const second = sut.query({ sinceMs: 0, limit: 2, beforeSeq: first.nextBeforeSeq });
    expect(second.records.map((r) => r.name)).toEqual(['d2', 'd1']);
    const last = sut.query({ sinceMs: 0, limit: 2, beforeSeq: second.nextBeforeSeq });
    expect(last).toEqual({ records: [expect.objectContaining({ name: 'd0' })] });
    expect(sut.query({ sinceMs: now - 1500, limit: 10 }).records.map((r) => r.name)).toEqual(['d4', 'd3']);
    expect(sut.query({ sinceMs: 0, limit: 10, match: (r) => r.name === 'd2' }).records).toHaveLength(1);
  });

  it('drops what is older than maxAge and says since when it is complete', () => {
    const sut = new ChangeJournal({ maxAgeMs: 10_000, maxBytes: 1e9 }, clock);
    sut.append(change('old'));
    now += 5_000;
    sut.append(change('new'));
    now += 6_000;
    expect(sut.query({ sinceMs: 0, limit: 10 }).records.map((r) => r.name)).toEqual(['new']);
    expect(sut.stats()).toMatchObject({ records: 1, droppedByAge: 1, completeSince: now - 10_000 });
    expect(sut.stats().recordingSince).toBe(1_000_000);
  });

  it('drops the oldest first above maxBytes, announces it once and keeps its estimate exact', () => {
    const one = recordBytes({ ...change('d0'), seq: 1, time: 0 });
    const sut = new ChangeJournal({ maxAgeMs: 3_600_000, maxBytes: one * 3 }, clock);
    const announced: number[] = [];
    sut.onFirstMemoryDrop = (t) => announced.push(t);
    for (let i = 0; i < 5; i++) {
      now += 1000;
      sut.append(change(`d${i}`));
    }
    expect(sut.query({ sinceMs: 0, limit: 10 }).records.map((r) => r.name)).toEqual(['d4', 'd3', 'd2']);
    expect(sut.stats()).toMatchObject({ records: 3, droppedByMemory: 2, estimatedBytes: one * 3 });
    expect(sut.stats().completeSince).toBe(1_002_000);
    expect(announced).toEqual([1_001_000]);
  });

  it('stays within its bound over many records (compaction keeps order)', () => {
    const one = recordBytes({ ...change('d00000'), seq: 1, time: 0 });
    const sut = new ChangeJournal({ maxAgeMs: 3_600_000, maxBytes: one * 100 }, clock);
    for (let i = 0; i < 5000; i++) sut.append(change(`d${String(i).padStart(5, '0')}`));
    expect(sut.size).toBe(100);
    const names = sut.query({ sinceMs: 0, limit: 1000 }).records.map((r) => r.name);
    expect(names[0]).toBe('d04999');
    expect(names.at(-1)).toBe('d04900');
  });
});
