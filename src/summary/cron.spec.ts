import { nextRun, parseCron } from './cron.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('parseCron', () => {
  it('accepts the forms CronJobs use', () => {
    for (const s of [
      '0 2 * * *',
      '*/15 * * * *',
      '0 9-17 * * MON-FRI',
      '@daily',
      '@hourly',
      '0 0 1,15 * ?',
      '@every 1h30m',
      '5 4 * JAN,jul sun',
    ])
      expect(() => parseCron(s)).not.toThrow();
  });

  it('explains what is wrong', () => {
    expect(() => parseCron('61 * * * *')).toThrow('outside 0-59');
    expect(() => parseCron('* * *')).toThrow('expected 5 fields, got 3');
    expect(() => parseCron('@sometimes')).toThrow('unknown macro');
    expect(() => parseCron('*/0 * * * *')).toThrow('bad step');
  });
});

describe('nextRun', () => {
  it('finds the next minute that matches (UTC)', () => {
    expect(iso(nextRun(parseCron('0 2 * * *')!, at('2026-11-26T02:11:00Z')))).toBe(
      '2026-11-27T02:00:00.000Z',
    );
    expect(iso(nextRun(parseCron('*/15 * * * *')!, at('2026-11-26T02:11:30Z')))).toBe(
      '2026-11-26T02:15:00.000Z',
    );
    expect(iso(nextRun(parseCron('0 0 29 2 *')!, at('2026-03-01T00:00:00Z')))).toBe(
      '2028-02-29T00:00:00.000Z',
    );
  });

  it('uses either day field when both are restricted (cron semantics)', () => {
    // 2026-11-26 is a Thursday: the 1st of the month OR a Monday, whichever comes first.
    expect(iso(nextRun(parseCron('0 0 1 * MON')!, at('2026-11-26T00:00:00Z')))).toBe(
      '2026-11-30T00:00:00.000Z',
    );
  });
});
