import type { CommandHandler } from '../bot/features.ts';
import { text } from '../core/outbound.ts';
import type { Instrument } from '../instruments/schema.ts';
import { historyLoadFromMs, historyReply } from './reply.ts';

/** Window lengths the `history` command offers; the first is the default. */
export const HISTORY_WINDOWS = [7, 30] as const;

/**
 * The `history` command: `history`, `history 7` or `history 30`. Reads the person's own entries
 * from the store and answers privately with the chart, the figures and screener trends.
 */
export function historyCommand(
  options: { instruments?: ReadonlyMap<string, Instrument> } = {},
): CommandHandler {
  return async ({ turn, argsText, snapshot, store, clock }) => {
    const asked = argsText.trim().replace(/\s*days?$/i, '');
    const days = HISTORY_WINDOWS.find((d) => String(d) === asked) ?? HISTORY_WINDOWS[0];
    const note =
      asked && String(days) !== asked
        ? [text(`I can show 7 or 30 days; here are the last ${days}.`, { private: true })]
        : [];
    const now = clock.now();
    const entries = await store.history(turn.user, historyLoadFromMs({ days, now }), now + 1);
    if (entries.length === 0 && snapshot.profile.consents.storeCheckins === false) {
      return {
        messages: [
          text(
            'You chose not to store check-ins, so there is no history to show. You can change that in **settings** whenever you like.',
            { private: true },
          ),
        ],
      };
    }
    const reply = await historyReply(entries, {
      days,
      timeZone: snapshot.profile.timeZone,
      now,
      ...(options.instruments ? { instruments: options.instruments } : {}),
    });
    return { messages: [...note, ...reply] };
  };
}
