import { CheckinError, ErrorCode } from '../core/errors.ts';

/**
 * Time-zone arithmetic on top of Intl only (Node 20 has no Temporal). The one primitive is the
 * UTC offset of a zone at an instant, read from `Intl.DateTimeFormat`; everything else is integer
 * arithmetic on it.
 *
 * Intl is slow (microseconds per call) and reminders for a million people land on few distinct
 * (zone, day) pairs, so offsets are cached per zone and UTC day: the offset at the day's start,
 * and, when the zone changes offset during that day, the exact minute of the change. Real zones
 * change at most once per day, which is what makes this exact.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset (local − UTC, in ms) straight from Intl; uncached. */
function intlOffset(timeZone: string, ms: number): number {
  const parts = formatterOf(timeZone).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  let year = get('year');
  if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
  const local = Date.UTC(year, get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  // Intl works in whole seconds; drop the instant's sub-second part before comparing.
  return local - (ms - (((ms % 1000) + 1000) % 1000));
}

interface DayOffsets {
  start: number;
  /** First instant (ms) of the new offset, when the offset changes during this UTC day. */
  changeAt?: number;
  after: number;
}

const dayCache = new Map<string, Map<number, DayOffsets>>();
// Bounds the cache in a long-running process; a zone's working set is a handful of days.
const MAX_DAYS_PER_ZONE = 4096;

function dayOffsets(timeZone: string, utcDay: number): DayOffsets {
  let zone = dayCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    dayCache.set(timeZone, zone);
  }
  const cached = zone.get(utcDay);
  if (cached) return cached;
  const t0 = utcDay * DAY;
  const start = intlOffset(timeZone, t0);
  const after = intlOffset(timeZone, t0 + DAY - MINUTE);
  let info: DayOffsets = { start, after };
  if (start !== after) {
    // Binary search for the first minute carrying the new offset.
    let lo = 0; // offset(lo) === start
    let hi = DAY / MINUTE - 1; // offset(hi) === after
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (intlOffset(timeZone, t0 + mid * MINUTE) === start) lo = mid;
      else hi = mid;
    }
    info = { start, changeAt: t0 + hi * MINUTE, after };
  }
  if (zone.size >= MAX_DAYS_PER_ZONE) zone.clear();
  zone.set(utcDay, info);
  return info;
}

/** UTC offset of `timeZone` at instant `ms`, in ms (e.g. +19,800,000 for Asia/Kolkata). */
export function offsetAt(timeZone: string, ms: number): number {
  const info = dayOffsets(timeZone, Math.floor(ms / DAY));
  return info.changeAt !== undefined && ms >= info.changeAt ? info.after : info.start;
}

/** A calendar day, as in `2026-03-08`. */
export interface LocalDate {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
}

/** The local calendar date and minute of the day at instant `ms` in `timeZone`. */
export function localAt(
  timeZone: string,
  ms: number,
): LocalDate & { minuteOfDay: number; isoWeekday: number } {
  const d = new Date(ms + offsetAt(timeZone, ms));
  const weekday = d.getUTCDay();
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    minuteOfDay: d.getUTCHours() * 60 + d.getUTCMinutes(),
    isoWeekday: weekday === 0 ? 7 : weekday,
  };
}

/** `YYYY-MM-DD` of a local date. */
export function formatDay(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** The date `n` days after `date` (calendar arithmetic, no zone involved). */
export function addDays(date: LocalDate, n: number): LocalDate & { isoWeekday: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + n));
  const weekday = d.getUTCDay();
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    isoWeekday: weekday === 0 ? 7 : weekday,
  };
}

/**
 * The instant a local wall-clock time happens in `timeZone`.
 *
 * - Repeated by a fall-back (the overlap): the FIRST occurrence, so a reminder fires once.
 * - Skipped by a spring-forward (the gap): the first valid minute after the gap, i.e. the instant
 *   of the change (02:30 on a New York spring-forward day is 03:00 EDT).
 */
export function localToUtc(timeZone: string, date: LocalDate, minuteOfDay: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE;
  // The offsets in force around that wall time: at most two differ, a day apart is enough.
  const before = offsetAt(timeZone, wall - DAY);
  const after = offsetAt(timeZone, wall + DAY);
  const candidates: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wall - offset;
    if (offsetAt(timeZone, instant) === offset) candidates.push(instant);
  }
  if (candidates.length > 0) return Math.min(...candidates);
  // In the gap: neither offset maps back to this wall time. The change happened between the two
  // readings; its instant is the first minute that exists after the gap.
  const lo = wall - Math.max(before, after);
  const hi = wall - Math.min(before, after);
  for (const utcDay of new Set([Math.floor(lo / DAY), Math.floor(hi / DAY)])) {
    const info = dayOffsets(timeZone, utcDay);
    if (info.changeAt !== undefined && info.changeAt >= lo && info.changeAt <= hi) return info.changeAt;
  }
  // Not reachable for real zones; fall back to the later offset rather than fail a reminder.
  return wall - after;
}

/**
 * Checks that `name` is an IANA time zone this runtime knows, and returns its canonical spelling
 * (`europe/berlin` → `Europe/Berlin`). Throws CheckinError(usage) otherwise.
 */
export function canonicalTimeZone(name: string): string {
  const trimmed = name.trim();
  const lower = trimmed.toLowerCase();
  if (lower === 'utc' || lower === 'etc/utc') return 'UTC';
  const known = zoneNames().get(lower);
  if (known) return known;
  // ICU's list keeps some old names (Asia/Calcutta) and omits their current ones (Asia/Kolkata),
  // which Intl still accepts: keep the name as the person wrote it, in the usual capitals.
  if (/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){1,2}$/.test(trimmed)) {
    const cased = trimmed.replace(/(^|[/_-])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
    const seen = aliases.get(cased);
    if (seen) return seen;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: cased });
      if (aliases.size < 1000) aliases.set(cased, cased);
      return cased;
    } catch {
      // fall through to the error below
    }
  }
  throw new CheckinError(
    ErrorCode.Usage,
    'Unknown time zone: use an IANA name such as Europe/Berlin, America/New_York or Asia/Kolkata.',
  );
}

let names: Map<string, string> | undefined;
// Valid names Intl accepts beyond its list (checking one costs ~0.1 ms); bounded, names are few.
const aliases = new Map<string, string>();
function zoneNames(): Map<string, string> {
  if (!names) {
    names = new Map(Intl.supportedValuesOf('timeZone').map((z) => [z.toLowerCase(), z]));
  }
  return names;
}
