import type { ReminderRule } from '../core/state.ts';
import { localDayOf, nextFire } from './next-fire.ts';

/** What `nextFire` needs of a stored schedule. */
export interface FireInputs {
  rule: ReminderRule;
  timeZone: string;
  lastCheckinLocalDay?: string | undefined;
}

const MAX_ENTRIES = 4096;

/**
 * `nextFire` with a memory of its last answer per (weekdays, time, zone): many people share a
 * rule, and a window of reminders asks the same question again and again.
 *
 * Why an answer can be reused: `nextFire(from)` is the FIRST firing instant after `from`. If it
 * answered `at` for `from₀`, no firing instant lies in (from₀, at), so for every `from` in
 * [from₀, at) the answer is `at` too. Only rules whose answer depends on nothing but
 * (from, weekdays, time, zone) are looked up: a pause still ahead or a check-in day that is not
 * already in the past at `from` goes to `nextFire` itself.
 */
export class NextFireCache {
  private readonly answers = new Map<string, { from: number; at: number }>();
  /** Answers given from memory (for tests and profiling). */
  hits = 0;

  next(from: number, inputs: FireInputs): number | null {
    const { rule, timeZone, lastCheckinLocalDay } = inputs;
    const plain =
      rule.enabled &&
      (rule.pausedUntil === undefined || rule.pausedUntil <= from) &&
      (lastCheckinLocalDay === undefined || lastCheckinLocalDay < localDayOf(from, timeZone));
    if (!plain) {
      const options = lastCheckinLocalDay === undefined ? {} : { lastCheckinLocalDay };
      return nextFire(from, rule, timeZone, options);
    }
    let days = 0;
    for (const d of rule.days) days |= 1 << d;
    const key = `${days}|${rule.time}|${timeZone}`;
    const known = this.answers.get(key);
    if (known && known.from <= from && from < known.at) {
      this.hits++;
      return known.at;
    }
    const at = nextFire(from, { time: rule.time, days: rule.days, enabled: true }, timeZone);
    if (at !== null) {
      if (this.answers.size >= MAX_ENTRIES && !known) this.answers.clear();
      this.answers.set(key, { from, at });
    }
    return at;
  }
}
