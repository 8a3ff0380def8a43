import { escapeMarkdown } from '../../src/core/markdown.ts';
import type { OutboundMessage } from '../../src/core/outbound.ts';
import type { Clock, StateStore } from '../../src/core/ports.ts';
import type { Profile } from '../../src/core/state.ts';
import type { UserKey } from '../../src/core/user-key.ts';

/**
 * A default App Home builder from the state store (read only): the person's settings and their
 * mood over the last days, as a neutral message the adapter renders into the Home tab. Only the
 * person sees their Home tab, so showing their own data there is private.
 */
export interface StoreHomeViewOptions {
  store: Pick<StateStore, 'load' | 'history'>;
  clock: Clock;
  /** Days of mood shown (default 7). */
  days?: number;
  /** The slash command named in hints (default `/checkin`). */
  slash?: string;
}

const DAY_MS = 86_400_000;
const MOOD_FACES = ['', '😞', '🙁', '😐', '🙂', '😄'];
const DAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Builds the `homeView` option of the adapter from the store. */
export function storeHomeView(options: StoreHomeViewOptions): (user: UserKey) => Promise<OutboundMessage> {
  const days = options.days ?? 7;
  const slash = options.slash ?? '/checkin';
  return async (user) => {
    const snapshot = await options.store.load(user);
    const hint = `Type **${escapeMarkdown(slash)}** to check in, or **${escapeMarkdown(`${slash} help`)}** to see everything I can do.`;
    if (snapshot.version === 0 || !snapshot.profile.onboarded) {
      return {
        blocks: [
          { type: 'text', text: `**Welcome to Checkin** 👋\nSend me a message to get started. ${hint}` },
        ],
      };
    }
    const now = options.clock.now();
    const entries = (await options.store.history(user, now - days * DAY_MS, now + 1)).filter(
      (e) => e.kind === 'mood',
    );
    const zone = snapshot.profile.timeZone;
    const moodFields = entries.slice(-10).map((e) => {
      const mood = typeof e.data.mood === 'number' ? e.data.mood : null;
      return {
        label: localDay(e.at, zone),
        value: mood === null ? 'skipped' : `${MOOD_FACES[mood] ?? ''} ${mood}/5`.trim(),
      };
    });
    return {
      blocks: [
        { type: 'card', title: 'Your settings', fields: settingsFields(snapshot.profile) },
        {
          type: 'card',
          title: `Your mood, last ${days} days`,
          ...(moodFields.length ? {} : { text: 'No check-ins yet in this period.' }),
          fields: moodFields,
        },
        { type: 'divider' },
        { type: 'text', text: hint },
      ],
    };
  };
}

function settingsFields(p: Profile): Array<{ label: string; value: string }> {
  const reminder = p.reminder?.enabled
    ? `${p.reminder.time} on ${p.reminder.days.map((d) => DAY_NAMES[d]).join(', ')}${
        p.reminder.pausedUntil ? ' (paused)' : ''
      }`
    : 'off';
  return [
    { label: 'Time zone', value: p.timeZone ?? 'not set' },
    { label: 'Country', value: p.country ?? 'not set' },
    { label: 'Reminder', value: reminder },
    { label: 'Saving check-ins', value: p.consents.storeCheckins ? 'yes' : 'no' },
  ];
}

/** `Tue 3 Mar` in the person's time zone (UTC when unknown or invalid). */
function localDay(at: number, timeZone: string | undefined): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
    }).format(at);
  try {
    return format(timeZone ?? 'UTC');
  } catch {
    return format('UTC');
  }
}
