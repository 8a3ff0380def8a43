import { describe, expect, it } from 'vitest';
import type { ReminderRule } from '../../src/core/state.ts';
import { localDayOf, nextFire } from '../../src/scheduler/next-fire.ts';

/**
 * Expected instants were worked out by hand from each zone's published rules (offsets and change
 * times below) and cross-checked with Python's zoneinfo — never by calling the code under test.
 *
 * - America/New_York: EST −5, EDT −4; 2026-03-08 and 2027-03-14 02:00→03:00; 2026-11-01 and
 *   2027-11-07 02:00→01:00.
 * - Europe/Berlin: CET +1, CEST +2; changes at 01:00 UTC on 2026-03-29, 2026-10-25, 2027-03-28,
 *   2027-10-31.
 * - Australia/Sydney: AEST +10, AEDT +11; ends 03:00→02:00 on 2026-04-05 and 2027-04-04, starts
 *   02:00→03:00 on 2026-10-04 and 2027-10-03.
 * - Australia/Lord_Howe: +10:30 standard, +11 summer; 30-minute changes at 02:00 local on the same
 *   Sundays as Sydney (02:00→02:30 in October, 02:00→01:30 in April).
 * - Asia/Kolkata +5:30, Asia/Kathmandu +5:45, Asia/Tokyo +9: no DST.
 */

const ALL = [1, 2, 3, 4, 5, 6, 7];
const WEEKDAYS = [1, 2, 3, 4, 5];
const rule = (time: string, days = ALL, extra: Partial<ReminderRule> = {}): ReminderRule => ({
  time,
  days,
  enabled: true,
  ...extra,
});
const at = (iso: string) => Date.parse(iso);

interface Row {
  why: string;
  zone: string;
  now: string;
  rule: ReminderRule;
  expected: string | null;
  lastCheckin?: string;
}

const rows: Row[] = [
  // America/New_York 2026
  {
    why: 'NY day before spring-forward (EST)',
    zone: 'America/New_York',
    now: '2026-03-07T05:00:00Z',
    rule: rule('09:00'),
    expected: '2026-03-07T14:00:00Z',
  },
  {
    why: 'NY spring-forward gap 02:30 → 03:00 EDT',
    zone: 'America/New_York',
    now: '2026-03-07T12:00:00Z',
    rule: rule('02:30'),
    expected: '2026-03-08T07:00:00Z',
  },
  {
    why: 'NY spring-forward gap 02:00 → 03:00 EDT',
    zone: 'America/New_York',
    now: '2026-03-08T05:00:00Z',
    rule: rule('02:00'),
    expected: '2026-03-08T07:00:00Z',
  },
  {
    why: 'NY 03:00 on spring-forward day exists',
    zone: 'America/New_York',
    now: '2026-03-08T05:00:00Z',
    rule: rule('03:00'),
    expected: '2026-03-08T07:00:00Z',
  },
  {
    why: 'NY day of spring-forward, 09:00 EDT',
    zone: 'America/New_York',
    now: '2026-03-08T05:00:00Z',
    rule: rule('09:00'),
    expected: '2026-03-08T13:00:00Z',
  },
  {
    why: 'NY fall-back overlap: first 01:30 (EDT)',
    zone: 'America/New_York',
    now: '2026-11-01T04:00:00Z',
    rule: rule('01:30'),
    expected: '2026-11-01T05:30:00Z',
  },
  {
    why: 'NY fall-back: after the first 01:30, not again at the second',
    zone: 'America/New_York',
    now: '2026-11-01T05:45:00Z',
    rule: rule('01:30'),
    expected: '2026-11-02T06:30:00Z',
  },
  {
    why: 'NY fall-back: during the repeated hour, 01:30 EST is skipped',
    zone: 'America/New_York',
    now: '2026-11-01T06:10:00Z',
    rule: rule('01:30'),
    expected: '2026-11-02T06:30:00Z',
  },
  {
    why: 'NY first weekday after fall-back (EST)',
    zone: 'America/New_York',
    now: '2026-10-30T20:00:00Z',
    rule: rule('08:30', WEEKDAYS),
    expected: '2026-11-02T13:30:00Z',
  },
  // America/New_York 2027
  {
    why: 'NY 2027 spring gap 02:15 → 03:00 EDT',
    zone: 'America/New_York',
    now: '2027-03-13T20:00:00Z',
    rule: rule('02:15'),
    expected: '2027-03-14T07:00:00Z',
  },
  {
    why: 'NY 2027 weekday across spring-forward',
    zone: 'America/New_York',
    now: '2027-03-12T15:00:00Z',
    rule: rule('09:00', WEEKDAYS),
    expected: '2027-03-15T13:00:00Z',
  },
  {
    why: 'NY 2027 fall-back overlap 01:00 first (EDT)',
    zone: 'America/New_York',
    now: '2027-11-07T04:30:00Z',
    rule: rule('01:00'),
    expected: '2027-11-07T05:00:00Z',
  },
  {
    why: 'NY 2027 weekday across fall-back',
    zone: 'America/New_York',
    now: '2027-11-05T20:00:00Z',
    rule: rule('08:30', WEEKDAYS),
    expected: '2027-11-08T13:30:00Z',
  },

  // Europe/Berlin 2026
  {
    why: 'Berlin spring gap 02:30 → 03:00 CEST',
    zone: 'Europe/Berlin',
    now: '2026-03-28T12:00:00Z',
    rule: rule('02:30'),
    expected: '2026-03-29T01:00:00Z',
  },
  {
    why: 'Berlin weekday across spring-forward',
    zone: 'Europe/Berlin',
    now: '2026-03-27T09:00:00Z',
    rule: rule('09:00', WEEKDAYS),
    expected: '2026-03-30T07:00:00Z',
  },
  {
    why: 'Berlin fall-back overlap 02:30 first (CEST)',
    zone: 'Europe/Berlin',
    now: '2026-10-24T23:00:00Z',
    rule: rule('02:30'),
    expected: '2026-10-25T00:30:00Z',
  },
  {
    why: 'Berlin fall-back: not again at 02:30 CET',
    zone: 'Europe/Berlin',
    now: '2026-10-25T00:45:00Z',
    rule: rule('02:30'),
    expected: '2026-10-26T01:30:00Z',
  },
  // Europe/Berlin 2027
  {
    why: 'Berlin 2027 spring gap 02:00 → 03:00 CEST',
    zone: 'Europe/Berlin',
    now: '2027-03-27T23:30:00Z',
    rule: rule('02:00'),
    expected: '2027-03-28T01:00:00Z',
  },
  {
    why: 'Berlin 2027 fall-back overlap 02:59 first',
    zone: 'Europe/Berlin',
    now: '2027-10-30T22:00:00Z',
    rule: rule('02:59'),
    expected: '2027-10-31T00:59:00Z',
  },
  {
    why: 'Berlin 2027 Sunday 09:00 after fall-back (CET)',
    zone: 'Europe/Berlin',
    now: '2027-10-30T22:00:00Z',
    rule: rule('09:00', [7]),
    expected: '2027-10-31T08:00:00Z',
  },

  // Australia/Sydney (southern hemisphere: DST ends in April, starts in October)
  {
    why: 'Sydney 2026 April overlap 02:30 first (AEDT)',
    zone: 'Australia/Sydney',
    now: '2026-04-04T14:00:00Z',
    rule: rule('02:30'),
    expected: '2026-04-04T15:30:00Z',
  },
  {
    why: 'Sydney 2026 April: not again at 02:30 AEST',
    zone: 'Australia/Sydney',
    now: '2026-04-04T15:40:00Z',
    rule: rule('02:30'),
    expected: '2026-04-05T16:30:00Z',
  },
  {
    why: 'Sydney 2026 October gap 02:30 → 03:00 AEDT',
    zone: 'Australia/Sydney',
    now: '2026-10-03T12:00:00Z',
    rule: rule('02:30'),
    expected: '2026-10-03T16:00:00Z',
  },
  {
    why: 'Sydney 2026 weekday across spring-forward',
    zone: 'Australia/Sydney',
    now: '2026-10-02T21:00:00Z',
    rule: rule('07:00', WEEKDAYS),
    expected: '2026-10-04T20:00:00Z',
  },
  {
    why: 'Sydney 2027 April overlap 02:00 first (AEDT)',
    zone: 'Australia/Sydney',
    now: '2027-04-03T14:00:00Z',
    rule: rule('02:00'),
    expected: '2027-04-03T15:00:00Z',
  },
  {
    why: 'Sydney 2027 October gap 02:59 → 03:00 AEDT',
    zone: 'Australia/Sydney',
    now: '2027-10-02T12:00:00Z',
    rule: rule('02:59'),
    expected: '2027-10-02T16:00:00Z',
  },
  {
    why: 'Sydney 2027 09:00 after spring-forward (AEDT)',
    zone: 'Australia/Sydney',
    now: '2027-10-02T12:00:00Z',
    rule: rule('09:00'),
    expected: '2027-10-02T22:00:00Z',
  },

  // Australia/Lord_Howe: 30-minute DST
  {
    why: 'Lord Howe 2026 October gap 02:15 → 02:30 (+11)',
    zone: 'Australia/Lord_Howe',
    now: '2026-10-03T12:00:00Z',
    rule: rule('02:15'),
    expected: '2026-10-03T15:30:00Z',
  },
  {
    why: 'Lord Howe 2026 October 02:30 exists (+11)',
    zone: 'Australia/Lord_Howe',
    now: '2026-10-03T12:00:00Z',
    rule: rule('02:30'),
    expected: '2026-10-03T15:30:00Z',
  },
  {
    why: 'Lord Howe 2026 April overlap 01:45 first (+11)',
    zone: 'Australia/Lord_Howe',
    now: '2026-04-04T13:00:00Z',
    rule: rule('01:45'),
    expected: '2026-04-04T14:45:00Z',
  },
  {
    why: 'Lord Howe 2026 April: not again at 01:45 (+10:30)',
    zone: 'Australia/Lord_Howe',
    now: '2026-04-04T14:50:00Z',
    rule: rule('01:45'),
    expected: '2026-04-05T15:15:00Z',
  },
  {
    why: 'Lord Howe 2027 October gap 02:00 → 02:30',
    zone: 'Australia/Lord_Howe',
    now: '2027-10-02T12:00:00Z',
    rule: rule('02:00'),
    expected: '2027-10-02T15:30:00Z',
  },
  {
    why: 'Lord Howe 2027 April 09:00 after fall-back (+10:30)',
    zone: 'Australia/Lord_Howe',
    now: '2027-04-03T12:00:00Z',
    rule: rule('09:00'),
    expected: '2027-04-03T22:30:00Z',
  },

  // No DST, half and quarter hours
  {
    why: 'Kolkata +05:30 weekday 09:00',
    zone: 'Asia/Kolkata',
    now: '2026-03-08T00:00:00Z',
    rule: rule('09:00', WEEKDAYS),
    expected: '2026-03-09T03:30:00Z',
  },
  {
    why: 'Kolkata unaffected by Berlin/NY changes',
    zone: 'Asia/Kolkata',
    now: '2027-10-30T12:00:00Z',
    rule: rule('23:45'),
    expected: '2027-10-30T18:15:00Z',
  },
  {
    why: 'Kolkata local midnight crossing',
    zone: 'Asia/Kolkata',
    now: '2027-03-13T18:29:00Z',
    rule: rule('00:00'),
    expected: '2027-03-13T18:30:00Z',
  },
  {
    why: 'Kathmandu +05:45',
    zone: 'Asia/Kathmandu',
    now: '2026-06-01T00:00:00Z',
    rule: rule('08:00'),
    expected: '2026-06-01T02:15:00Z',
  },
  {
    why: 'Tokyo +09, no DST, weekend rule',
    zone: 'Asia/Tokyo',
    now: '2026-03-08T00:00:00Z',
    rule: rule('10:00', [6, 7]),
    expected: '2026-03-08T01:00:00Z',
  },
  {
    why: 'Tokyo 21:00 later the same local day',
    zone: 'Asia/Tokyo',
    now: '2027-11-07T05:00:00Z',
    rule: rule('21:00'),
    expected: '2027-11-07T12:00:00Z',
  },

  // Rule features
  {
    why: 'exactly at a fire time: strictly after now',
    zone: 'Asia/Tokyo',
    now: '2026-05-01T00:00:00Z',
    rule: rule('09:00'),
    expected: '2026-05-02T00:00:00Z',
  },
  {
    why: 'switched off',
    zone: 'Asia/Tokyo',
    now: '2026-05-01T00:00:00Z',
    rule: rule('09:00', ALL, { enabled: false }),
    expected: null,
  },
  {
    why: 'vacation: resumes on the day pausedUntil starts (Berlin 3 March 00:00 CET)',
    zone: 'Europe/Berlin',
    now: '2026-02-20T10:00:00Z',
    rule: rule('08:30', WEEKDAYS, { pausedUntil: at('2026-03-02T23:00:00Z') }),
    expected: '2026-03-03T07:30:00Z',
  },
  {
    why: 'snooze: once at pausedUntil, even on a Saturday',
    zone: 'Europe/Berlin',
    now: '2026-03-07T08:00:00Z',
    rule: rule('09:00', WEEKDAYS, { pausedUntil: at('2026-03-07T10:00:00Z'), remindAtResume: true }),
    expected: '2026-03-07T10:00:00Z',
  },
  {
    why: 'snooze over: the rule carries on',
    zone: 'Europe/Berlin',
    now: '2026-03-07T10:00:00Z',
    rule: rule('09:00', WEEKDAYS, { pausedUntil: at('2026-03-07T10:00:00Z'), remindAtResume: true }),
    expected: '2026-03-09T08:00:00Z',
  },
  {
    why: 'already checked in today: not reminded today',
    zone: 'America/New_York',
    now: '2026-06-03T12:00:00Z',
    rule: rule('17:00', WEEKDAYS),
    lastCheckin: '2026-06-03',
    expected: '2026-06-04T21:00:00Z',
  },
  {
    why: 'check-in yesterday does not affect today',
    zone: 'America/New_York',
    now: '2026-06-03T12:00:00Z',
    rule: rule('17:00', WEEKDAYS),
    lastCheckin: '2026-06-02',
    expected: '2026-06-03T21:00:00Z',
  },
  {
    why: 'checked in on the only rule day: a week later',
    zone: 'Asia/Tokyo',
    now: '2026-06-01T00:00:00Z',
    rule: rule('20:00', [1]),
    lastCheckin: '2026-06-01',
    expected: '2026-06-08T11:00:00Z',
  },
  {
    why: 'snooze landing on the checked-in day is dropped',
    zone: 'Asia/Tokyo',
    now: '2026-06-01T00:00:00Z',
    rule: rule('20:00', [2], { pausedUntil: at('2026-06-01T03:00:00Z'), remindAtResume: true }),
    lastCheckin: '2026-06-01',
    expected: '2026-06-02T11:00:00Z',
  },
];

describe('nextFire', () => {
  it.each(rows)('$why', (row) => {
    const options = row.lastCheckin ? { lastCheckinLocalDay: row.lastCheckin } : {};
    const result = nextFire(at(row.now), row.rule, row.zone, options);
    expect(result === null ? null : new Date(result).toISOString()).toBe(
      row.expected === null ? null : new Date(at(row.expected)).toISOString(),
    );
  });

  it('fires exactly once per local day through a whole year of every zone', () => {
    // Walk each zone fire-by-fire through 2026–2027: a skipped or doubled day would show up as a
    // local date repeated or missing.
    for (const zone of [
      'America/New_York',
      'Europe/Berlin',
      'Australia/Sydney',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'Asia/Tokyo',
    ]) {
      for (const time of ['00:00', '01:30', '02:30', '09:00', '23:59']) {
        let now = at('2026-01-01T00:00:00Z');
        let previous = '';
        let count = 0;
        while (now < at('2028-01-01T00:00:00Z')) {
          const next = nextFire(now, rule(time), zone);
          if (next === null) throw new Error('null for an enabled rule');
          expect(next).toBeGreaterThan(now);
          const day = localDayOf(next, zone);
          if (previous) {
            const gap = (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${previous}T00:00:00Z`)) / 86_400_000;
            expect(gap, `${zone} ${time} after ${previous}`).toBe(1);
          }
          previous = day;
          now = next;
          count++;
        }
        expect(count).toBeGreaterThan(725);
      }
    }
  });
});
