import { COMMANDS, type CommandName } from '../core/commands.ts';
import type { Json } from '../core/json.ts';
import { commandChoices, type OutboundMessage, text } from '../core/outbound.ts';
import type { CommandContext, CommandHandler, CommandOutcome } from './features.ts';

/**
 * The commands the core answers itself. Features (screeners, articles, reminders, history) replace
 * the "coming soon" answers by passing handlers to createBot.
 */

/** Flows started by a command, by command name. */
export const FLOW_COMMANDS: Partial<Record<CommandName, string>> = {
  checkin: 'daily-checkin',
  breathe: 'breathing',
  ground: 'grounding',
  forget: 'forget',
  plan: 'safety-plan',
};

const DISCLAIMER = 'I’m a wellbeing companion, not therapy, a diagnosis or an emergency service.';

export function helpMessage(): OutboundMessage {
  const lines = COMMANDS.filter((c) => !['back', 'skip', 'stop', 'help'].includes(c.name)).map(
    (c) => `- **${c.name}** — ${c.help}`,
  );
  return {
    blocks: [
      { type: 'text', text: `Here’s what I can do:\n${lines.join('\n')}` },
      {
        type: 'text',
        text: 'During a question you can type **back**, **skip** (where allowed) or **stop**.',
      },
      { type: 'text', text: `${DISCLAIMER}\n**Need urgent help?** Type **sos** at any time.` },
    ],
  };
}

export function menuMessage(greeting: string): OutboundMessage {
  return {
    blocks: [
      { type: 'text', text: greeting },
      commandChoices('What would you like to do?', [
        { value: 'checkin', label: '📝 Check in' },
        { value: 'breathe', label: '🌬️ Breathe' },
        { value: 'ground', label: '🌿 Ground' },
        { value: 'help', label: '❓ Help' },
      ]),
    ],
  };
}

const comingSoon =
  (what: string): CommandHandler =>
  () => ({
    messages: [text(`${what} is coming soon. Type **help** to see what I can do today.`)],
  });

function settings({ snapshot }: CommandContext): CommandOutcome {
  const p = snapshot.profile;
  const reminder = p.reminder?.enabled
    ? `${p.reminder.time} on ${describeDays(p.reminder.days)}${p.reminder.pausedUntil ? ' (paused)' : ''}`
    : 'off';
  return {
    messages: [
      {
        blocks: [
          {
            type: 'card',
            title: 'Your settings',
            fields: [
              { label: 'Country', value: p.country ?? 'not set' },
              { label: 'Time zone', value: p.timeZone ?? 'not set' },
              { label: 'Reminder', value: reminder },
              { label: 'Saving check-ins', value: p.consents.storeCheckins ? 'yes' : 'no' },
            ],
          },
          {
            type: 'text',
            text: 'Change them any time: **remind** for reminders, **export** for a copy of your data, **forget** to delete it.',
          },
        ],
        private: true,
      },
    ],
  };
}

async function exportData({ store, turn }: CommandContext): Promise<CommandOutcome> {
  const data: Json = await store.exportUser(turn.user);
  return {
    messages: [
      {
        blocks: [
          { type: 'text', text: 'Here is everything I have stored about you, as a JSON file.' },
          {
            type: 'file',
            name: 'checkin-export.json',
            mediaType: 'application/json',
            content: new TextEncoder().encode(JSON.stringify(data, null, 2)),
          },
        ],
        private: true,
      },
    ],
  };
}

export function describeDays(days: readonly number[]): string {
  const key = [...days].sort().join('');
  if (key === '12345') return 'weekdays';
  if (key === '67') return 'weekends';
  if (key === '1234567') return 'every day';
  const names = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return [...days]
    .sort()
    .map((d) => names[d])
    .join(', ');
}

/** Built-in handlers for commands that are neither flows nor engine words (back/skip/stop). */
export const BUILTIN_HANDLERS: Partial<Record<CommandName, CommandHandler>> = {
  help: () => ({ messages: [helpMessage()], public: true }),
  settings,
  export: exportData,
  history: comingSoon('Your mood history'),
  screen: comingSoon('Screening questionnaires'),
  learn: comingSoon('The article library'),
  summary: comingSoon('Article summaries'),
  remind: comingSoon('Reminders'),
  pause: comingSoon('Pausing reminders'),
};
