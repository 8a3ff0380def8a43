import { describe, expect, it } from 'vitest';
import type { ReminderRule } from '../../src/core/state.ts';
import { localDayOf, nextFire } from '../../src/scheduler/next-fire.ts';
import { NextFireCache } from '../../src/scheduler/next-fire-cache.ts';

/** The cache must answer exactly what nextFire answers, whatever the order of the questions. */

const ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];
const RULES: ReminderRule[] = [
  { time: '02:30', days: [1, 2, 3, 4, 5, 6, 7], enabled: true }, // inside spring-forward gaps
  { time: '01:30', days: [7], enabled: true }, // inside fall-back overlaps (Sundays)
  { time: '09:00', days: [1, 2, 3, 4, 5], enabled: true },
  { time: '23:59', days: [6], enabled: true },
];
const FROM = Date.parse('2026-03-01T00:00:00Z');
const SPAN = 280 * 86_400_000; // through both 2026 clock changes of every zone above

// A small deterministic generator, so a failure is reproducible.
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

describe('NextFireCache', () => {
  it('answers as nextFire for rising, jumping and repeated instants across DST changes', () => {
    const rand = random(42);
    const cache = new NextFireCache();
    let from = FROM;
    for (let i = 0; i < 20_000; i++) {
      // Mostly small steps forward (a window of reminders), sometimes a jump back or far ahead;
      // each rule and zone is asked 50 times in a row, then the next, round and round.
      const r = rand();
      if (r < 0.03) from = FROM + Math.floor(rand() * SPAN);
      else from += Math.floor((rand() * 40 - 8) * 60_000); // some steps go back a little
      if (from > FROM + SPAN) from = FROM;
      const combo = Math.floor(i / 50);
      const rule = RULES[combo % RULES.length] as ReminderRule;
      const timeZone = ZONES[Math.floor(combo / RULES.length) % ZONES.length] as string;
      expect(cache.next(from, { rule, timeZone })).toBe(nextFire(from, rule, timeZone));
    }
    // The reuse path was taken, not just the fallback.
    expect(cache.hits).toBeGreaterThan(10_000);
  });

  it('honours a pause still ahead, a snooze and a check-in day that is today', () => {
    const cache = new NextFireCache();
    const rule = RULES[2] as ReminderRule;
    const tz = 'Europe/Berlin';
    const mon = Date.parse('2026-06-01T05:00:00Z'); // 07:00 in Berlin, before the 09:00 reminder
    expect(cache.next(mon, { rule, timeZone: tz })).toBe(Date.parse('2026-06-01T07:00:00Z'));
    // Same rule, same instant, but checked in today: tomorrow, not the cached answer.
    const today = localDayOf(mon, tz);
    expect(cache.next(mon, { rule, timeZone: tz, lastCheckinLocalDay: today })).toBe(
      Date.parse('2026-06-02T07:00:00Z'),
    );
    // A check-in day already past changes nothing.
    expect(cache.next(mon, { rule, timeZone: tz, lastCheckinLocalDay: '2026-05-29' })).toBe(
      Date.parse('2026-06-01T07:00:00Z'),
    );
    const paused = { ...rule, pausedUntil: Date.parse('2026-06-03T00:00:00Z') };
    expect(cache.next(mon, { rule: paused, timeZone: tz })).toBe(Date.parse('2026-06-03T07:00:00Z'));
    const snooze = { ...rule, pausedUntil: mon + 3_600_000, remindAtResume: true };
    expect(cache.next(mon, { rule: snooze, timeZone: tz })).toBe(mon + 3_600_000);
    expect(cache.next(mon, { rule: { ...rule, enabled: false }, timeZone: tz })).toBeNull();
    // And the plain answer is still the cached one afterwards.
    expect(cache.next(mon + 60_000, { rule, timeZone: tz })).toBe(Date.parse('2026-06-01T07:00:00Z'));
    // Asked at exactly the remembered instant: strictly after it, so the next day.
    const at = Date.parse('2026-06-01T07:00:00Z');
    expect(cache.next(at, { rule, timeZone: tz })).toBe(Date.parse('2026-06-02T07:00:00Z'));
  });
});
