import type { ReminderRule } from '../core/state.ts';
import { minuteOfDay } from './next-fire.ts';
import { addDays, canonicalTimeZone, formatDay, type LocalDate, localAt, localToUtc } from './zone.ts';

/**
 * Reminder settings in plain words ("remind me at 8:30 on weekdays", "I'm on vacation until
 * March 3", "snooze 2h", "my time zone is Europe/Berlin"). Pure: `now` and the zone are inputs.
 * Every result that changes the rule carries the whole new rule, ready to store and schedule.
 */

/** What the person asked for. */
export type ReminderCommand =
  /** New time and/or days (reminders are switched on and any pause ends). */
  | { kind: 'set'; rule: ReminderRule }
  /** A vacation: nothing until the local start of `resumeDay` (`YYYY-MM-DD`), then the rule as before. */
  | { kind: 'pause'; rule: ReminderRule; untilMs: number; resumeDay: string }
  /** One reminder at `untilMs` (snooze, "remind me tomorrow"), then the rule as before. */
  | { kind: 'snooze'; rule: ReminderRule; untilMs: number }
  /** Reminders off. */
  | { kind: 'stop'; rule: ReminderRule }
  /** Reminders back on, pause cleared. */
  | { kind: 'resume'; rule: ReminderRule }
  /** A validated, canonical IANA zone. */
  | { kind: 'timezone'; timeZone: string };

export type ParseResult =
  | { ok: true; command: ReminderCommand }
  /** `error` says what was not understood; `examples` are phrasings that work. */
  | { ok: false; error: string; examples: readonly string[] };

/** Inputs besides the text. */
export interface ParseContext {
  nowMs: number;
  /** The person's IANA zone: dates and times are read in it. */
  timeZone: string;
  /** The rule in force; absent means the default (09:00 on weekdays). */
  current?: ReminderRule;
}

/** The rule of someone who never set one: 09:00, Monday to Friday. */
export const DEFAULT_RULE: ReminderRule = { time: '09:00', days: [1, 2, 3, 4, 5], enabled: true };

/** Phrasings that work, offered whenever something was not understood. */
export const REMINDER_EXAMPLES = [
  'remind me at 8:30 on weekdays',
  'at 7pm every day',
  'weekends at 10',
  'mon wed fri 9:15',
  "I'm on vacation until March 3",
  'snooze 2h',
  'remind me tomorrow',
  'stop reminders',
  'my time zone is Europe/Berlin',
] as const;

const MINUTE = 60_000;
const MAX_SNOOZE_MIN = 24 * 60;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DAY_NAMES: Record<string, number> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  weds: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};
// Words that carry no meaning of their own in a "set" phrase.
const FILLER = new Set([
  'remind',
  'me',
  'at',
  'on',
  'every',
  'each',
  'please',
  'reminder',
  'reminders',
  'and',
  'the',
  'set',
  'change',
  'to',
  'my',
  'it',
  'in',
  'of',
  'a',
  'for',
  'from',
  'i',
  'want',
  'would',
  'like',
  'can',
  'you',
  'ping',
  'nudge',
  'check',
  'checkin',
  'check-in',
  'time',
  'be',
  'reminded',
  'only',
]);

function fail(error: string): ParseResult {
  return { ok: false, error, examples: REMINDER_EXAMPLES };
}
function ok(command: ReminderCommand): ParseResult {
  return { ok: true, command };
}

/** Reads one reminder instruction. Never throws: what is not understood comes back as an error. */
export function parseReminderText(text: string, context: ParseContext): ParseResult {
  const current = context.current ?? DEFAULT_RULE;
  const raw = text.trim().replace(/[’‘]/g, "'");
  const t = raw
    .toLowerCase()
    .replace(/\b([ap])\.m\b\.?/g, '$1m')
    .replace(/[!?,;]+/g, ' ')
    .replace(/\.(?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!t) return fail('Tell me when you would like a reminder.');

  const zone = /\btime ?zone\b(?:\s+is|\s*[:=])?\s+(\S+)/.exec(raw.toLowerCase().replace(/[’‘]/g, "'"));
  if (zone?.[1] || /^(?:i'?m in|i am in)\s+\S+\/\S+$/.test(t)) {
    const name = zone?.[1] ?? t.split(' ').pop() ?? '';
    try {
      return ok({ kind: 'timezone', timeZone: canonicalTimeZone(name) });
    } catch {
      return fail(
        `"${name}" is not a time zone I know. Use a name like Europe/Berlin, America/New_York or Asia/Kolkata.`,
      );
    }
  }

  const words = t.replace(/^(please )?(remind(er)?s? )?/, '');
  if (
    /^(stop|disable|turn off|cancel|unsubscribe|no more)( (all |my |the )?(reminders?|reminding( me)?))?( please)?$/.test(
      t,
    )
  ) {
    return ok({ kind: 'stop', rule: { ...withoutPause(current), enabled: false } });
  }
  if (/^(start|resume|enable|turn on|restart|unpause)( (my |the )?reminders?( again)?)?( please)?$/.test(t)) {
    return ok({ kind: 'resume', rule: { ...withoutPause(current), enabled: true } });
  }

  const snooze =
    /^(?:snooze|remind me (?:again )?in|in)(?: (?:for )?(\d+(?:\.\d+)?|an?|one)\s*(h|hrs?|hours?|m|mins?|minutes?))?$/.exec(
      t,
    );
  if (snooze) {
    const amount = snooze[1] === undefined ? 1 : /^(an?|one)$/.test(snooze[1]) ? 1 : Number(snooze[1]);
    const unitMin = snooze[2] === undefined || snooze[2].startsWith('h') ? 60 : 1;
    const minutes = Math.round(amount * unitMin);
    if (minutes < 1 || minutes > MAX_SNOOZE_MIN) {
      return fail('A snooze can be from 1 minute to 24 hours; for longer, say "I\'m on vacation until …".');
    }
    const untilMs = context.nowMs + minutes * MINUTE;
    return ok({
      kind: 'snooze',
      untilMs,
      rule: { ...current, enabled: true, pausedUntil: untilMs, remindAtResume: true },
    });
  }

  if (/^(remind me |ask me )?(again )?tomorrow( instead)?$|^not today$/.test(t)) {
    const tomorrow = addDays(localAt(context.timeZone, context.nowMs), 1);
    const untilMs = localToUtc(context.timeZone, tomorrow, minuteOfDay(current.time));
    return ok({
      kind: 'snooze',
      untilMs,
      rule: { ...current, enabled: true, pausedUntil: untilMs, remindAtResume: true },
    });
  }

  const pause = /\b(vacation|holiday|holidays|away|off|pause|paused|leave|break|travell?ing)\b/.test(t);
  const until = /\b(until|till|til|through|thru|back on|back)\s+(.+)$/.exec(t);
  if (pause || until) {
    const today = localAt(context.timeZone, context.nowMs);
    let resume: LocalDate | null = null;
    const span = /\bfor (\d+|a|an|one|two|three) (day|days|week|weeks)\b/.exec(t);
    if (until?.[2]) {
      const parsed = parseDate(until[2], today);
      if (typeof parsed === 'string') return fail(parsed);
      // "through March 3" includes March 3; "until March 3" / "back on March 3" resume on it.
      resume = until[1]?.startsWith('th') ? addDays(parsed, 1) : parsed;
    } else if (span?.[1] && span[2]) {
      const n =
        ({ a: 1, an: 1, one: 1, two: 2, three: 3 } as Record<string, number>)[span[1]] ?? Number(span[1]);
      resume = addDays(today, n * (span[2].startsWith('week') ? 7 : 1));
    }
    if (!resume)
      return fail('Until when? For example "I\'m on vacation until March 3" or "pause for 2 weeks".');
    const days = daysBetween(today, resume);
    if (days <= 0) return fail(`${formatDay(resume)} is not after today: say a later date.`);
    if (days > 366)
      return fail('A pause can be up to a year; to stop reminders altogether, say "stop reminders".');
    const untilMs = localToUtc(context.timeZone, resume, 0);
    const rule: ReminderRule = { ...withoutPause(current), enabled: true, pausedUntil: untilMs };
    return ok({ kind: 'pause', rule, untilMs, resumeDay: formatDay(resume) });
  }

  return parseSet(words, current);
}

function parseSet(text: string, current: ReminderRule): ParseResult {
  let rest = ` ${text} `;
  let days: Set<number> | null = null;
  const take = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(rest);
    if (m) rest = `${rest.slice(0, m.index)} ${rest.slice(m.index + m[0].length)}`;
    return m;
  };
  const addDaysTo = (list: number[]) => {
    days ??= new Set();
    for (const d of list) days.add(d);
  };

  const time = readTime(take);
  if (typeof time === 'object' && time !== null) return fail(time.error);

  if (take(/ (every ?day|daily|each day|all week|7 days a week) /)) addDaysTo([1, 2, 3, 4, 5, 6, 7]);
  if (take(/ (week ?days?|workdays?|working days|business days) /)) addDaysTo([1, 2, 3, 4, 5]);
  if (take(/ (week ?ends?) /)) addDaysTo([6, 7]);
  for (;;) {
    const m = take(/ ([a-z]+)s?\s*(?:-|to|through|thru|until|till)\s*([a-z]+?)s? /);
    if (!m) break;
    const from = dayOf(m[1] ?? '');
    const to = dayOf(m[2] ?? '');
    if (from === undefined || to === undefined) {
      rest = ` ${m[0]} ${rest}`; // not a day range: put it back for the word check below
      break;
    }
    const list: number[] = [];
    for (let d = from; ; d = (d % 7) + 1) {
      list.push(d);
      if (d === to) break;
    }
    addDaysTo(list);
  }
  for (const word of rest.split(/[\s/]+/)) {
    const day = dayOf(word);
    if (day !== undefined) {
      addDaysTo([day]);
      rest = rest.replace(` ${word} `, ' ');
    }
  }

  const leftover = rest.split(/[\s/-]+/).filter((w) => w && !FILLER.has(w));
  if (leftover.length > 0 || (time === null && days === null)) {
    const shown =
      leftover.length > 0
        ? `I did not understand "${leftover.slice(0, 3).join(' ')}".`
        : 'I did not catch a time or days.';
    return fail(`${shown} Here is what works:`);
  }
  const chosen = days as Set<number> | null;
  return ok({
    kind: 'set',
    rule: {
      ...withoutPause(current),
      time: time ?? current.time,
      days: chosen ? [...chosen].sort((a, b) => a - b) : current.days,
      enabled: true,
    },
  });
}

/** Takes a time of day out of the phrase: "8:30", "7pm", "7:45 pm", "noon", "at 10". */
function readTime(take: (re: RegExp) => RegExpExecArray | null): string | null | { error: string } {
  const ampm = take(/ (\d{1,2})(?:[:.h](\d{2}))\s*([ap])\.?m?\.? | (\d{1,2})\s*([ap])\.?m\.? /);
  if (ampm) {
    const hour = Number(ampm[1] ?? ampm[4]);
    const minute = Number(ampm[2] ?? 0);
    if (hour < 1 || hour > 12 || minute > 59) return { error: `"${ampm[0].trim()}" is not a time of day.` };
    return hhmm(((ampm[3] ?? ampm[5]) === 'p' ? 12 : 0) + (hour % 12), minute);
  }
  const clock = take(/ (\d{1,2})[:.h](\d{2}) /);
  if (clock) {
    const hour = Number(clock[1]);
    const minute = Number(clock[2]);
    if (hour > 23 || minute > 59) return { error: `"${clock[0].trim()}" is not a time of day.` };
    return hhmm(hour, minute);
  }
  const named = take(/ (noon|midday|midnight) /);
  if (named) return named[1] === 'midnight' ? '00:00' : '12:00';
  const bare = take(/ at (\d{1,2}) /);
  if (bare) {
    const hour = Number(bare[1]);
    return hour > 23 ? { error: `"${bare[1]}" is not an hour of the day.` } : hhmm(hour, 0);
  }
  return null;
}

/** Reads a resume date: "March 3", "3 march", "mar 3rd", "2027-03-03", "tomorrow", "monday". */
function parseDate(text: string, today: LocalDate & { isoWeekday: number }): LocalDate | string {
  const s = text
    .trim()
    .replace(/\b(the|of|next|on)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return checkedDate(Number(m[1]), Number(m[2]), Number(m[3]), text);
  if (s === 'tomorrow') return addDays(today, 1);
  const weekday = dayOf(s);
  if (weekday !== undefined) return addDays(today, ((weekday - today.isoWeekday + 6) % 7) + 1);
  m = /^([a-z]+) (\d{1,2})(?:st|nd|rd|th)?$/.exec(s);
  let month: string | undefined;
  let day: string | undefined;
  const reversed = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)$/.exec(s);
  if (m) [month, day] = [m[1], m[2]];
  else if (reversed) [day, month] = [reversed[1], reversed[2]];
  // A month is its name or an abbreviation of at least three letters ("mar", "sept").
  const index =
    month === undefined || month.length < 3 ? -1 : MONTHS.findIndex((name) => name.startsWith(month));
  if (index < 0 || day === undefined) {
    return `I could not read "${text.trim()}" as a date: try "March 3" or "2027-03-03".`;
  }
  // The next such date from today: "until January 5" said in December means next year.
  const thisYear = checkedDate(today.year, index + 1, Number(day), text);
  if (typeof thisYear === 'string') return thisYear;
  return daysBetween(today, thisYear) < 0
    ? checkedDate(today.year + 1, index + 1, Number(day), text)
    : thisYear;
}

function checkedDate(year: number, month: number, day: number, text: string): LocalDate | string {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return `"${text.trim()}" is not a date in the calendar.`;
  return { year, month, day };
}

function daysBetween(a: LocalDate, b: LocalDate): number {
  return (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000;
}

function dayOf(word: string): number | undefined {
  return DAY_NAMES[word] ?? DAY_NAMES[word.replace(/s$/, '')];
}

function hhmm(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function withoutPause(rule: ReminderRule): ReminderRule {
  const { pausedUntil: _p, remindAtResume: _r, ...rest } = rule;
  return rest;
}

/** The rule in words, for a confirmation: "08:30 on weekdays", "19:00 every day", "off". */
export function describeRule(rule: ReminderRule): string {
  if (!rule.enabled) return 'off';
  const key = [...rule.days].sort((a, b) => a - b).join('');
  const names = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const days =
    key === '1234567'
      ? 'every day'
      : key === '12345'
        ? 'on weekdays'
        : key === '67'
          ? 'at weekends'
          : `on ${rule.days.map((d) => names[d - 1]).join(', ')}`;
  return `${rule.time} ${days}`;
}
