/** Local calendar days, for streaks and "already checked in today". */

interface ZoneDays {
  format: Intl.DateTimeFormat;
  /** The last quarter hour asked about (ms / QUARTER, floored) and its day. */
  quarter: number;
  day: string;
}
const zones = new Map<string, ZoneDays>();
/**
 * Every UTC offset in use today, and every daylight-saving switch, falls on a quarter hour, so a
 * local day rarely changes within a quarter hour counted from the epoch: one formatting per zone
 * serves every turn in that quarter hour. (A quarter where it does change, e.g. under an old
 * local-mean-time offset, is never cached.)
 */
const QUARTER = 15 * 60_000;

/** `YYYY-MM-DD` of `ms` in `timeZone` (UTC when unknown). */
export function localDay(ms: number, timeZone = 'UTC'): string {
  let zone = zones.get(timeZone);
  if (!zone) {
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    zone = { format, quarter: Number.NaN, day: '' };
    zones.set(timeZone, zone);
  }
  const quarter = Math.floor(ms / QUARTER);
  if (quarter === zone.quarter) return zone.day;
  const day = zone.format.format(ms);
  const start = quarter * QUARTER;
  if (zone.format.format(start) === day && zone.format.format(start + QUARTER - 1) === day) {
    zone.quarter = quarter;
    zone.day = day;
  }
  return day;
}

/** The calendar day before `day` (`YYYY-MM-DD`). */
export function previousDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
