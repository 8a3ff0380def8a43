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

/**
 * `settings`: shows the person's settings, and changes the two consents: saving check-ins, and —
 * only where the operator set up an escalation webhook — alerting the organisation in a crisis.
 * Both are off unless the person says yes.
 */
export function settingsCommand(options: { crisisAlerts: boolean }): CommandHandler {
  return ({ snapshot, argsText }) => {
    const p = snapshot.profile;
    const [what, value] = argsText.trim().toLowerCase().split(/\s+/);
    if (what) {
      const on = value === 'on' || value === 'yes';
      const off = value === 'off' || value === 'no';
      if ((what === 'saving' || (what === 'crisis-alerts' && options.crisisAlerts)) && (on || off)) {
        const consents =
          what === 'saving' ? { ...p.consents, storeCheckins: on } : { ...p.consents, crisisEscalation: on };
        const said =
          what === 'saving'
            ? on
              ? 'I’ll save your check-ins from now on.'
              : 'I won’t save new check-ins. What is already saved stays until you type **forget**.'
            : on
              ? 'If you tell me you are in crisis, I’ll let your organisation’s support team know that you need help — never what you wrote.'
              : 'I won’t alert anyone. Help is still always here with **sos**.';
        return { messages: [text(said, { private: true })], change: { profile: { ...p, consents } } };
      }
      return {
        messages: [
          text(
            'I can change **settings saving on/off**' +
              (options.crisisAlerts ? ' and **settings crisis-alerts on/off**' : '') +
              '.',
            { private: true },
          ),
        ],
      };
    }
    const reminder = p.reminder?.enabled
      ? `${p.reminder.time} on ${describeDays(p.reminder.days)}${p.reminder.pausedUntil ? ' (paused)' : ''}`
      : 'off';
    const fields = [
      { label: 'Country', value: p.country ?? 'not set' },
      { label: 'Time zone', value: p.timeZone ?? 'not set' },
      { label: 'Reminder', value: reminder },
      { label: 'Saving check-ins', value: p.consents.storeCheckins ? 'yes' : 'no' },
    ];
    const toggles = [
      p.consents.storeCheckins
        ? { value: 'settings saving off', label: 'Stop saving check-ins' }
        : { value: 'settings saving on', label: 'Save my check-ins' },
    ];
    if (options.crisisAlerts) {
      fields.push({
        label: 'Alert my organisation in a crisis',
        value: p.consents.crisisEscalation ? 'yes' : 'no',
      });
      toggles.push(
        p.consents.crisisEscalation
          ? { value: 'settings crisis-alerts off', label: 'Don’t alert anyone' }
          : { value: 'settings crisis-alerts on', label: 'Alert my organisation in a crisis' },
      );
    }
    return {
      messages: [
        {
          blocks: [
            { type: 'card', title: 'Your settings', fields },
            {
              type: 'text',
              text: 'Change them any time: **remind** for reminders, **export** for a copy of your data, **forget** to delete it.',
            },
            commandChoices('Change a setting', toggles),
          ],
          private: true,
        },
      ],
    };
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
  settings: settingsCommand({ crisisAlerts: false }),
  export: exportData,
  history: comingSoon('Your mood history'),
  screen: comingSoon('Screening questionnaires'),
  learn: comingSoon('The article library'),
  summary: comingSoon('Article summaries'),
  remind: comingSoon('Reminders'),
  pause: comingSoon('Pausing reminders'),
};
