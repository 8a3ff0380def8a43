import { commandChoices, type OutboundMessage, text } from '../core/outbound.ts';
import type { Profile } from '../core/state.ts';
import { FLOW_COMMANDS, menuMessage } from './builtin-commands.ts';

/** A reminder could not reach the person: said once, privately, at their next turn. */
export function undeliveredNotice(): OutboundMessage {
  return text(
    'I tried to send you a check-in reminder but couldn’t reach you privately (your direct messages may be closed to me), so I’ve turned reminders off. To have them again, allow direct messages from me and type **remind at 9:00 on weekdays**.',
    { private: true },
  );
}

/** The idle conversation expired: say so warmly and offer to begin that flow again. */
export function welcomeBack(profile: Profile): { messages: OutboundMessage[] } {
  const command = Object.entries(FLOW_COMMANDS).find(([, flow]) => flow === profile.openFlow)?.[0];
  const greeting =
    'Welcome back! It’s been a while, so I closed the conversation we had open — nothing you finished was lost.';
  if (!command) return { messages: [menuMessage(greeting)] };
  return {
    messages: [
      {
        blocks: [
          { type: 'text', text: greeting },
          commandChoices('Start again?', [
            { value: command, label: 'Start it again' },
            { value: 'help', label: 'Something else' },
          ]),
        ],
      },
    ],
  };
}
