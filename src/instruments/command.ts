import type { CommandHandler } from '../bot/features.ts';
import { escapeMarkdown } from '../core/markdown.ts';
import { text } from '../core/outbound.ts';
import { normaliseInstrumentId } from './load.ts';
import type { Instrument } from './schema.ts';

/**
 * The `screen` command: `screen phq9` starts that questionnaire's flow (`screen-<id>`), whenever the
 * person asks; `screen` alone starts `screen-menu`. Only the interval matters for offers made
 * unasked (see offer.ts); here it only adds a note that two results days apart overlap.
 */

/** Words people type for an instrument besides its id (`PHQ-9`, `phq 9` are normalised first). */
const ALIASES: Record<string, string> = {
  depression: 'phq9',
  mood: 'phq9',
  anxiety: 'gad7',
  worry: 'gad7',
  wellbeing: 'who5',
  'well-being': 'who5',
};

/** `PHQ-9`, `phq 9`, `Phq9` → `phq9`; a known alias → its id; otherwise the normalised word. */
export function instrumentIdFrom(argsText: string): string {
  const word = argsText.trim().toLowerCase();
  return ALIASES[word] ?? normaliseInstrumentId(word);
}

export function screenCommand(options: {
  instruments: ReadonlyMap<string, Instrument>;
  /** CHECKIN_SCREENER_INTERVAL_DAYS */
  intervalDays: number;
}): CommandHandler {
  return ({ argsText, snapshot, clock }) => {
    if (!argsText.trim()) return { messages: [], startFlow: 'screen-menu' };
    const id = instrumentIdFrom(argsText);
    const inst = options.instruments.get(id);
    if (!inst) {
      const known = [...options.instruments.values()].map((i) => i.short).join(', ');
      return {
        messages: [
          text(`I don’t have a questionnaire called “${escapeMarkdown(argsText.trim())}”. I have ${known}.`),
        ],
        startFlow: 'screen-menu',
      };
    }
    const last = snapshot.profile.lastScreened[id];
    const daysAgo = last === undefined ? undefined : Math.floor((clock.now() - last) / 86_400_000);
    const messages =
      daysAgo !== undefined && daysAgo < options.intervalDays
        ? [
            text(
              `You last took the ${inst.short} ${daysAgo === 0 ? 'today' : daysAgo === 1 ? 'yesterday' : `${daysAgo} days ago`}. ` +
                'It asks about the last two weeks, so the two results will overlap; here it is anyway.',
            ),
          ]
        : [];
    return { messages, startFlow: `screen-${id}` };
  };
}
