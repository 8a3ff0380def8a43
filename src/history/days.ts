import type { HistoryEntry } from '../core/state.ts';

/**
 * Turns time-stamped history into one point per local calendar day in the person's time zone, so a
 * check-in at 23:30 in Auckland counts for that Auckland day, and days without a check-in are gaps.
 */

/** One local day of the window; `null` where nothing was recorded that day. */
export interface DayPoint {
  /** Local date, `YYYY-MM-DD`. */
  day: string;
  /** Mean of the day's check-ins, 1–5 (several check-ins on a day are averaged). */
  mood: number | null;
  energy: number | null;
  sleep: number | null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** A usable IANA zone: the given one if the runtime knows it, else UTC (a stale profile must not break history). */
export function safeTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** The local calendar date of an instant, `YYYY-MM-DD`. */
export function localDay(ms: number, timeZone: string): string {
  const parts = formatter(timeZone).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Adds whole days to a `YYYY-MM-DD` date (calendar arithmetic, no time zone involved). */
export function addDays(day: string, delta: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + delta)).toISOString().slice(0, 10);
}

/** The `days` local dates ending with (and including) `lastDay`, oldest first. */
export function dayKeysEnding(lastDay: string, days: number): string[] {
  return Array.from({ length: days }, (_, i) => addDays(lastDay, i - days + 1));
}

/** A number in 1–5 from an entry's data, or null when absent or not a plausible rating. */
export function rating(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 1 && n <= 5 ? n : null;
}

/** Mood check-ins (kind `mood`) bucketed into the window's local days. */
export function dailySeries(
  entries: readonly HistoryEntry[],
  options: { days: number; timeZone: string; now: number },
): DayPoint[] {
  const keys = dayKeysEnding(localDay(options.now, options.timeZone), options.days);
  const sums = new Map(
    keys.map((k) => [k, { mood: [] as number[], energy: [] as number[], sleep: [] as number[] }]),
  );
  for (const entry of entries) {
    if (entry.kind !== 'mood' || entry.at > options.now) continue;
    const bucket = sums.get(localDay(entry.at, options.timeZone));
    if (!bucket) continue;
    for (const field of ['mood', 'energy', 'sleep'] as const) {
      const v = rating(entry.data[field]);
      if (v !== null) bucket[field].push(v);
    }
  }
  const mean = (xs: number[]) => (xs.length === 0 ? null : round1(xs.reduce((a, b) => a + b, 0) / xs.length));
  return keys.map((day) => {
    const b = sums.get(day)!;
    return { day, mood: mean(b.mood), energy: mean(b.energy), sleep: mean(b.sleep) };
  });
}

/** Local days (`YYYY-MM-DD`) with at least one mood check-in, across all given entries. */
export function checkedInDays(entries: readonly HistoryEntry[], timeZone: string): Set<string> {
  const days = new Set<string>();
  for (const e of entries)
    if (e.kind === 'mood' && rating(e.data.mood) !== null) days.add(localDay(e.at, timeZone));
  return days;
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** "Mon 3 Nov" for a `YYYY-MM-DD` date (English; the date itself, not an instant, so no zone shift). */
export function dayLabel(day: string, style: 'weekday' | 'short' = 'weekday'): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const options: Intl.DateTimeFormatOptions =
    style === 'weekday'
      ? { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }
      : { timeZone: 'UTC', day: 'numeric', month: 'short' };
  return new Intl.DateTimeFormat('en-GB', options).format(date).replace(',', '');
}
