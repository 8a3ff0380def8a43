import type { ReminderRule } from '../core/state.ts';
import { addDays, formatDay, type LocalDate, localAt, localToUtc } from './zone.ts';

/** Options of `nextFire` that do not belong to the rule itself. */
export interface NextFireOptions {
  /**
   * The person's last check-in day, `YYYY-MM-DD` in their zone: no reminder fires on that local
   * day (someone who already checked in is not reminded again that day).
   */
  lastCheckinLocalDay?: string;
}

/** Minutes after local midnight of an `HH:MM` rule time. */
export function minuteOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * The next instant (ms since epoch) strictly after `nowMs` at which `rule` reminds someone living
 * in `timeZone`, or null when the rule is switched off. Pure: the same inputs give the same answer.
 *
 * - Times are local wall-clock times on the rule's ISO weekdays, as the person sees their clock.
 * - A time skipped by a spring-forward fires at the first valid minute after the gap; a time
 *   repeated by a fall-back fires once, at its first occurrence.
 * - Nothing fires before `pausedUntil`. With `remindAtResume` the pause is a snooze: one reminder
 *   fires exactly at `pausedUntil` (whatever the weekday), then the rule carries on.
 * - Nothing fires on `lastCheckinLocalDay`.
 */
export function nextFire(
  nowMs: number,
  rule: ReminderRule,
  timeZone: string,
  options: NextFireOptions = {},
): number | null {
  if (!rule.enabled) return null;
  const skipDay = options.lastCheckinLocalDay;
  const paused = rule.pausedUntil ?? Number.NEGATIVE_INFINITY;
  if (rule.remindAtResume && rule.pausedUntil !== undefined && rule.pausedUntil > nowMs) {
    if (skipDay === undefined || formatDay(localAt(timeZone, rule.pausedUntil)) !== skipDay) {
      return rule.pausedUntil;
    }
  }
  const floor = Math.max(nowMs, paused);
  const minute = minuteOfDay(rule.time);
  const start: LocalDate = localAt(timeZone, floor);
  // A week and a day covers every weekday plus one skipped check-in day.
  for (let n = 0; n <= 8; n++) {
    const date = addDays(start, n);
    if (!rule.days.includes(date.isoWeekday)) continue;
    if (skipDay !== undefined && formatDay(date) === skipDay) continue;
    const at = localToUtc(timeZone, date, minute);
    if (at > nowMs && at >= paused) return at;
  }
  return null; // unreachable: `days` is never empty (the schema requires one)
}

/** The local day (`YYYY-MM-DD`) an instant falls on in `timeZone`, e.g. to record a check-in day. */
export function localDayOf(ms: number, timeZone: string): string {
  return formatDay(localAt(timeZone, ms));
}
