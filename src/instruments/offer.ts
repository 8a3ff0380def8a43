import { commandChoices, type OutboundMessage } from '../core/outbound.ts';
import type { Profile } from '../core/state.ts';
import type { Instrument } from './schema.ts';

/**
 * When to offer a screener unasked. Each instrument asks about two weeks, so it is offered at most
 * once per CHECKIN_SCREENER_INTERVAL_DAYS per instrument, counted from the later of the last time it
 * was completed and the last time it was offered; and at most one offer per interval overall, so a
 * person is never handed a stack of questionnaires. Asking (`screen …`) always works.
 */

/** Instruments offered unasked, in order of preference on a tie: the short first steps. */
export const OFFERED_UNASKED = ['who5', 'phq2', 'gad2'] as const;

const DAY = 86_400_000;

/** True when `instrument` was neither completed nor offered within the interval. */
export function isScreenerDue(
  profile: Profile,
  instrument: string,
  now: number,
  intervalDays: number,
): boolean {
  const last = Math.max(profile.lastScreened[instrument] ?? 0, profile.screenersOffered?.[instrument] ?? 0);
  return now - last >= intervalDays * DAY;
}

/**
 * The offer to add after a finished check-in, and the profile recording it; null when nothing is due
 * or something was offered or completed within the interval.
 */
export function screenerOffer(
  profile: Profile,
  instruments: ReadonlyMap<string, Instrument>,
  now: number,
  intervalDays: number,
): { message: OutboundMessage; profile: Profile } | null {
  const recent = [...Object.values(profile.lastScreened), ...Object.values(profile.screenersOffered ?? {})];
  if (recent.some((at) => now - at < intervalDays * DAY)) return null;
  // The least recently seen of the due instruments, so an ignored offer makes room for another.
  const lastSeen = (i: string) => Math.max(profile.lastScreened[i] ?? 0, profile.screenersOffered?.[i] ?? 0);
  const id = OFFERED_UNASKED.filter(
    (i) => instruments.has(i) && isScreenerDue(profile, i, now, intervalDays),
  ).sort((a, b) => lastSeen(a) - lastSeen(b))[0];
  const inst = id === undefined ? undefined : instruments.get(id);
  if (!id || !inst) return null;
  const message: OutboundMessage = {
    private: true,
    blocks: [
      {
        type: 'text',
        text:
          `Every couple of weeks I offer a short questionnaire. The **${inst.short}** has ${inst.items.length} questions about ${inst.measures} over the last two weeks. ` +
          `Type **screen ${id}** if you would like to take it, or just carry on: there is no need.`,
      },
      commandChoices('Take a questionnaire?', [{ value: 'screen', label: 'Choose a questionnaire' }]),
    ],
  };
  return { message, profile: { ...profile, screenersOffered: { ...profile.screenersOffered, [id]: now } } };
}
