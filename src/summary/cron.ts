// Standard five-field cron schedules as CronJobs accept them (minute hour day-of-month month
// day-of-week, names, ranges, steps, lists, "?" and the @ macros), evaluated in UTC.

/** A parsed schedule. */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  /** Cron's rule: when both day fields are restricted, a day matching either one counts. */
  readonly daysRestricted: boolean;
  readonly weekdaysRestricted: boolean;
}

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function field(
  text: string,
  min: number,
  max: number,
  names: readonly string[] = [],
  nameBase = 0,
): Set<number> {
  const out = new Set<number>();
  const value = (s: string): number => {
    const i = names.indexOf(s.toUpperCase());
    if (i >= 0) return i + nameBase;
    if (!/^\d+$/.test(s)) throw new Error(`"${s}" is not a number`);
    return Number(s);
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    if (range === undefined || range === '') throw new Error(`empty field part in "${text}"`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad step "${stepText}"`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = min;
      hi = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      lo = value(a!);
      hi = value(b!);
    } else {
      lo = value(range);
      hi = stepText === undefined ? lo : max;
    }
    if (lo < min || hi > max || lo > hi) throw new Error(`"${part}" is outside ${min}-${max}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Parses a schedule; throws an Error saying what is wrong. "@every" returns undefined (no calendar). */
export function parseCron(expr: string): CronSchedule | undefined {
  const trimmed = expr.trim();
  if (trimmed.startsWith('@every ')) {
    if (!/^@every\s+(\d+(ns|us|µs|ms|s|m|h))+$/.test(trimmed))
      throw new Error(`bad duration in "${trimmed}"`);
    return undefined;
  }
  const text = MACROS[trimmed] ?? trimmed;
  if (text.startsWith('@')) throw new Error(`unknown macro "${text}"`);
  const parts = text.split(/\s+/);
  if (parts.length !== 5) throw new Error(`expected 5 fields, got ${parts.length}`);
  const [mi, h, d, mo, wd] = parts as [string, string, string, string, string];
  const weekdays = field(wd, 0, 7, DAYS);
  if (weekdays.has(7)) weekdays.add(0); // 7 is Sunday too
  return {
    minutes: field(mi, 0, 59),
    hours: field(h, 0, 23),
    days: field(d, 1, 31),
    months: field(mo, 1, 12, MONTHS, 1),
    weekdays,
    daysRestricted: d !== '*' && d !== '?',
    weekdaysRestricted: wd !== '*' && wd !== '?',
  };
}

function dayMatches(s: CronSchedule, t: Date): boolean {
  const dom = s.days.has(t.getUTCDate());
  const dow = s.weekdays.has(t.getUTCDay());
  if (s.daysRestricted && s.weekdaysRestricted) return dom || dow;
  return dom && dow;
}

/** The first scheduled minute strictly after `from` (ms), within about five years; undefined if none. */
export function nextRun(s: CronSchedule, from: number): number | undefined {
  const t = new Date(Math.floor(from / 60_000) * 60_000 + 60_000);
  const limit = from + 5 * 366 * 86_400_000;
  while (t.getTime() <= limit) {
    if (!s.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(s, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!s.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!s.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return t.getTime();
  }
  return undefined;
}
