import { escapeMarkdown } from '../core/markdown.ts';
import type { ReminderRule } from '../core/state.ts';
import { parseReminderText } from '../scheduler/parse.ts';
import { canonicalTimeZone } from '../scheduler/zone.ts';

/**
 * The `pulse` command in plain words. Pure: the known set ids and the time are inputs.
 *
 *   pulse now [set] [for 2h]
 *   pulse schedule weekly fri 15:00 Europe/Berlin [set] [for 24h]
 *   pulse stop · pulse close · pulse results csv · pulse status · pulse help
 */

export type PulseCommand =
  | { kind: 'help' }
  | { kind: 'now'; setId?: string; openMs?: number }
  | { kind: 'schedule'; rule: ReminderRule; timeZone: string; setId?: string; openMs?: number }
  | { kind: 'unschedule' }
  | { kind: 'close' }
  | { kind: 'csv' }
  | { kind: 'status' };

export type PulseParse = { ok: true; command: PulseCommand } | { ok: false; error: string };

/** The words after `pulse` that make it a pulse command (typed text is claimed only for these). */
export const PULSE_VERBS = [
  'help',
  'now',
  'start',
  'run',
  'schedule',
  'stop',
  'unschedule',
  'close',
  'end',
  'results',
  'csv',
  'export',
  'status',
] as const;

export const MIN_OPEN_MS = 5 * 60_000;
export const MAX_OPEN_MS = 7 * 86_400_000;

const DURATION = /^(\d{1,4})\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?)$/;
// Filler words that say "every week"; the scheduler's parser reads days and times itself.
const FILLER = new Set(['weekly', 'every', 'each', 'week', 'on', 'at', 'a', 'the']);

function durationMs(text: string): number | null {
  const m = DURATION.exec(text.toLowerCase());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2]!.charAt(0);
  return n * (unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000);
}

/** Pulls `for <duration>` and a set id out of the words; returns the rest. */
function extractCommon(
  words: string[],
  setIds: ReadonlySet<string>,
): { rest: string[]; setId?: string; openMs?: number; error?: string } {
  const rest: string[] = [];
  let setId: string | undefined;
  let openMs: number | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const lower = w.toLowerCase();
    if (lower === 'for' && words[i + 1]) {
      // "for 24h" or "for 24 h"
      const joined = words[i + 2] && /^[a-z]+$/i.test(words[i + 2]!) && /^\d+$/.test(words[i + 1]!);
      const text = joined ? `${words[i + 1]}${words[i + 2]}` : words[i + 1]!;
      const ms = durationMs(text);
      if (ms === null)
        return {
          rest,
          error: `I didn’t understand “for ${escapeMarkdown(text)}”; try “for 24h” or “for 2d”.`,
        };
      if (ms < MIN_OPEN_MS || ms > MAX_OPEN_MS)
        return { rest, error: 'A pulse stays open between 5 minutes and 7 days.' };
      openMs = ms;
      i += joined ? 2 : 1;
      continue;
    }
    if (setIds.has(lower)) {
      setId = lower;
      continue;
    }
    rest.push(w);
  }
  return { rest, ...(setId ? { setId } : {}), ...(openMs ? { openMs } : {}) };
}

export function parsePulseCommand(
  argsText: string,
  context: { setIds: ReadonlySet<string>; nowMs: number },
): PulseParse {
  const words = argsText.trim().split(/\s+/).filter(Boolean);
  const verb = (words.shift() ?? 'help').toLowerCase();
  switch (verb) {
    case 'help':
      return { ok: true, command: { kind: 'help' } };
    case 'stop':
    case 'unschedule':
      return { ok: true, command: { kind: 'unschedule' } };
    case 'close':
    case 'end':
      return { ok: true, command: { kind: 'close' } };
    case 'status':
      return { ok: true, command: { kind: 'status' } };
    case 'results':
    case 'csv':
    case 'export':
      return { ok: true, command: { kind: 'csv' } };
    case 'now':
    case 'start':
    case 'run': {
      const common = extractCommon(words, context.setIds);
      if (common.error) return { ok: false, error: common.error };
      if (common.rest.length) return { ok: false, error: unknownWords(common.rest, context.setIds) };
      return { ok: true, command: { kind: 'now', ...pick(common) } };
    }
    case 'schedule': {
      const common = extractCommon(words, context.setIds);
      if (common.error) return { ok: false, error: common.error };
      let timeZone: string | undefined;
      const ruleWords: string[] = [];
      for (const w of common.rest) {
        if (/^[A-Za-z_]+\/[A-Za-z0-9_+/-]+$/.test(w) || /^(utc|gmt)$/i.test(w)) {
          try {
            timeZone = canonicalTimeZone(w);
          } catch {
            return {
              ok: false,
              error: `“${escapeMarkdown(w)}” is not a time zone I know; use an IANA name such as Europe/Berlin.`,
            };
          }
        } else if (!FILLER.has(w.toLowerCase())) ruleWords.push(w);
      }
      if (!timeZone)
        return {
          ok: false,
          error: 'Please add the time zone, e.g. “pulse schedule weekly fri 15:00 Europe/Berlin”.',
        };
      const parsed = parseReminderText(ruleWords.join(' '), { nowMs: context.nowMs, timeZone });
      if (!parsed.ok || parsed.command.kind !== 'set')
        return {
          ok: false,
          error: 'I need a day and a time, e.g. “pulse schedule weekly fri 15:00 Europe/Berlin”.',
        };
      return {
        ok: true,
        command: { kind: 'schedule', rule: parsed.command.rule, timeZone, ...pick(common) },
      };
    }
    default:
      return { ok: false, error: `I don’t know “pulse ${escapeMarkdown(verb)}”.` };
  }
}

function pick(c: { setId?: string; openMs?: number }): { setId?: string; openMs?: number } {
  return { ...(c.setId ? { setId: c.setId } : {}), ...(c.openMs ? { openMs: c.openMs } : {}) };
}

function unknownWords(rest: string[], setIds: ReadonlySet<string>): string {
  return `I didn’t understand “${escapeMarkdown(rest.join(' '))}”. Pulse sets: ${[...setIds].sort().join(', ')}.`;
}
