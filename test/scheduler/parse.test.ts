import { describe, expect, it } from 'vitest';
import type { ReminderRule } from '../../src/core/state.ts';
import { describeRule, parseReminderText, REMINDER_EXAMPLES } from '../../src/scheduler/parse.ts';

// Friday 2026-02-20, 11:00 in Berlin (CET, UTC+1).
const NOW = Date.parse('2026-02-20T10:00:00Z');
const ZONE = 'Europe/Berlin';
const WEEKDAYS = [1, 2, 3, 4, 5];
const ctx = (current?: ReminderRule) => ({ nowMs: NOW, timeZone: ZONE, ...(current ? { current } : {}) });

describe('parseReminderText: setting time and days', () => {
  it.each([
    ['remind me at 8:30 on weekdays', '08:30', WEEKDAYS],
    ['at 7pm every day', '19:00', [1, 2, 3, 4, 5, 6, 7]],
    ['weekends at 10', '10:00', [6, 7]],
    ['mon wed fri 9:15', '09:15', [1, 3, 5]],
    ['Remind me at 7:45 p.m. on Mondays', '19:45', [1]],
    ['mon-fri at 8am', '08:00', WEEKDAYS],
    ['tuesday to thursday 18:00', '18:00', [2, 3, 4]],
    ['Saturday and Sunday at 9.30', '09:30', [6, 7]],
    ['12am daily', '00:00', [1, 2, 3, 4, 5, 6, 7]],
    ['at 12 pm', '12:00', WEEKDAYS],
    ['at noon', '12:00', WEEKDAYS],
    ['on weekends', '09:00', [6, 7]],
    ['please remind me at 6:05 AM', '06:05', WEEKDAYS],
  ])('%s → %s on %j', (text, time, days) => {
    expect(parseReminderText(text, ctx())).toEqual({
      ok: true,
      command: { kind: 'set', rule: { time, days, enabled: true } },
    });
  });

  it('keeps what was not mentioned and ends a pause', () => {
    const current: ReminderRule = { time: '07:15', days: [2, 4], enabled: false, pausedUntil: NOW + 1e9 };
    expect(parseReminderText('at 8', ctx(current))).toEqual({
      ok: true,
      command: { kind: 'set', rule: { time: '08:00', days: [2, 4], enabled: true } },
    });
  });
});

describe('parseReminderText: pauses, snoozes, stop and zone', () => {
  it.each([
    // Vacation "until March 3" resumes ON March 3: the pause ends at local midnight starting it.
    ["I'm on vacation until March 3", '2026-03-03', '2026-03-02T23:00:00Z'],
    ['on holiday until the 3rd of march', '2026-03-03', '2026-03-02T23:00:00Z'],
    ['away through March 3', '2026-03-04', '2026-03-03T23:00:00Z'],
    ['vacation till January 5', '2027-01-05', '2027-01-04T23:00:00Z'],
    ['pause for 2 weeks', '2026-03-06', '2026-03-05T23:00:00Z'],
    ['pause until monday', '2026-02-23', '2026-02-22T23:00:00Z'],
    ['away until 2026-04-10', '2026-04-10', '2026-04-09T22:00:00Z'], // CEST by then
  ])('%s → resumes %s', (text, resumeDay, until) => {
    const untilMs = Date.parse(until);
    expect(parseReminderText(text, ctx())).toEqual({
      ok: true,
      command: {
        kind: 'pause',
        resumeDay,
        untilMs,
        rule: { time: '09:00', days: WEEKDAYS, enabled: true, pausedUntil: untilMs },
      },
    });
  });

  it.each([
    ['snooze 2h', NOW + 2 * 3_600_000],
    ['snooze', NOW + 3_600_000],
    ['snooze 90 minutes', NOW + 90 * 60_000],
    ['snooze for an hour', NOW + 3_600_000],
    ['remind me in 30 min', NOW + 30 * 60_000],
    // Tomorrow (Saturday) at the rule's 09:00 CET, even though the rule is weekdays only.
    ['remind me tomorrow', Date.parse('2026-02-21T08:00:00Z')],
  ])('%s → one reminder at the given instant', (text, untilMs) => {
    expect(parseReminderText(text, ctx())).toEqual({
      ok: true,
      command: {
        kind: 'snooze',
        untilMs,
        rule: { time: '09:00', days: WEEKDAYS, enabled: true, pausedUntil: untilMs, remindAtResume: true },
      },
    });
  });

  it('stop and resume', () => {
    const paused: ReminderRule = { time: '08:00', days: [1], enabled: true, pausedUntil: NOW + 1e9 };
    expect(parseReminderText('stop reminders', ctx(paused))).toEqual({
      ok: true,
      command: { kind: 'stop', rule: { time: '08:00', days: [1], enabled: false } },
    });
    expect(parseReminderText('Resume reminders', ctx({ ...paused, enabled: false }))).toEqual({
      ok: true,
      command: { kind: 'resume', rule: { time: '08:00', days: [1], enabled: true } },
    });
  });

  it.each([
    ['my time zone is Europe/Berlin', 'Europe/Berlin'],
    ['timezone: asia/kolkata', 'Asia/Kolkata'],
    ['My timezone is America/New_York', 'America/New_York'],
    ["I'm in Australia/Lord_Howe", 'Australia/Lord_Howe'],
  ])('%s → %s', (text, timeZone) => {
    expect(parseReminderText(text, ctx())).toEqual({ ok: true, command: { kind: 'timezone', timeZone } });
  });
});

describe('parseReminderText: what is not understood gets examples', () => {
  it.each([
    ['remind me whenever', /did not understand "whenever"/],
    ['remind me at 8:30 on weekdays except fridays', /did not understand "except"/],
    ['at 25:00', /not a time of day/],
    ['13pm', /not a time of day/],
    ['', /Tell me when/],
    ['vacation until Febtember 40', /could not read "febtember 40" as a date/],
    ['vacation until February 30', /not a date in the calendar/],
    ["I'm on vacation", /Until when/],
    ['vacation until February 20', /not after today/],
    ['snooze 30h', /from 1 minute to 24 hours/],
    ['my time zone is Mars/Olympus', /"mars\/olympus" is not a time zone/],
  ])('%j', (text, message) => {
    const result = parseReminderText(text, ctx());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(message);
    expect(result.examples).toEqual(REMINDER_EXAMPLES);
  });

  it('every example given in an error parses', () => {
    for (const example of REMINDER_EXAMPLES) expect(parseReminderText(example, ctx()).ok, example).toBe(true);
  });
});

describe('describeRule', () => {
  it.each([
    [{ time: '08:30', days: WEEKDAYS, enabled: true }, '08:30 on weekdays'],
    [{ time: '19:00', days: [1, 2, 3, 4, 5, 6, 7], enabled: true }, '19:00 every day'],
    [{ time: '10:00', days: [6, 7], enabled: true }, '10:00 at weekends'],
    [{ time: '09:15', days: [1, 3, 5], enabled: true }, '09:15 on Mon, Wed, Fri'],
    [{ time: '09:15', days: [1], enabled: false }, 'off'],
  ])('%j → %s', (rule, words) => {
    expect(describeRule(rule)).toBe(words);
  });
});
