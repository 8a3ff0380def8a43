/**
 * The one list of commands. Adapters build their native commands from it (Slack `/checkin <cmd>`
 * subcommands, Discord slash commands, Teams command lists) and the core parses typed text with it.
 */

export interface CommandArg {
  name: string;
  description: string;
  /** `text` takes the rest of the line; `word` one token; `choice` one of `choices`. */
  type: 'word' | 'text' | 'choice';
  choices?: readonly string[];
  required: boolean;
}

export interface CommandSpec {
  name: string;
  aliases: readonly string[];
  /** One line, shown by `help` and as the native command's description (≤ 100 characters). */
  help: string;
  args: readonly CommandArg[];
  /**
   * Universal words work at every step, even where free text is expected, when typed alone on the
   * line: help, sos, back, skip, stop.
   */
  universal?: boolean;
}

export const COMMANDS = [
  {
    name: 'checkin',
    aliases: ['check-in', 'mood'],
    help: 'Start (or continue) your daily check-in',
    args: [],
  },
  { name: 'breathe', aliases: ['breathing'], help: 'A two-minute box-breathing exercise', args: [] },
  { name: 'ground', aliases: ['grounding', '54321'], help: 'The 5-4-3-2-1 grounding exercise', args: [] },
  {
    name: 'plan',
    aliases: ['safety-plan', 'safetyplan'],
    help: 'Write or update your private safety plan for hard moments',
    args: [],
  },
  {
    name: 'history',
    aliases: ['trend'],
    help: 'How your mood has been over the last 7 or 30 days',
    args: [{ name: 'days', description: '7 or 30', type: 'choice', choices: ['7', '30'], required: false }],
  },
  {
    name: 'screen',
    aliases: ['screener', 'questionnaire'],
    help: 'Take a short validated questionnaire (PHQ-9, GAD-7, WHO-5, …)',
    args: [
      { name: 'instrument', description: 'phq9, phq2, gad7, gad2 or who5', type: 'word', required: false },
    ],
  },
  {
    name: 'learn',
    aliases: ['articles', 'topics'],
    help: 'Browse short articles about mood, sleep, stress and more',
    args: [],
  },
  {
    name: 'summary',
    aliases: ['summarise', 'summarize', 'tldr'],
    help: 'Summarise an article from the library, or a web page by its link',
    args: [
      { name: 'topic', description: 'a topic, an article slug, or a link', type: 'text', required: true },
    ],
  },
  {
    name: 'remind',
    aliases: ['reminder', 'reminders'],
    help: 'Set your reminder, e.g. "remind 8:30 weekdays", "remind stop"',
    args: [
      {
        name: 'rule',
        description: 'e.g. "at 8:30 on weekdays", "stop", "snooze 2h"',
        type: 'text',
        required: false,
      },
    ],
  },
  {
    name: 'pause',
    aliases: ['vacation', 'snooze'],
    help: 'Pause reminders, e.g. "pause until March 3" or "pause 2h"',
    args: [{ name: 'until', description: 'a date or a duration', type: 'text', required: false }],
  },
  {
    name: 'pulse',
    aliases: ['team-pulse'],
    help: 'Anonymous team pulses in a channel (admins schedule them); "pulse help"',
    args: [
      {
        name: 'what',
        description: 'e.g. "now", "schedule weekly fri 15:00 Europe/Berlin", "close", "results csv"',
        type: 'text',
        required: false,
      },
    ],
  },
  { name: 'settings', aliases: ['profile', 'prefs'], help: 'See and change your settings', args: [] },
  { name: 'export', aliases: ['my-data'], help: 'Get a copy of everything stored about you', args: [] },
  { name: 'forget', aliases: ['delete-me', 'erase'], help: 'Delete everything stored about you', args: [] },
  {
    name: 'help',
    aliases: ['?', 'commands'],
    help: 'What I can do, and how to get urgent help',
    args: [],
    universal: true,
  },
  {
    name: 'sos',
    aliases: ['crisis', 'urgent', 'emergency'],
    help: 'Get urgent help now',
    args: [],
    universal: true,
  },
  { name: 'back', aliases: [], help: 'Go back to the previous question', args: [], universal: true },
  {
    name: 'skip',
    aliases: [],
    help: 'Skip this question (where skipping is allowed)',
    args: [],
    universal: true,
  },
  {
    name: 'stop',
    aliases: ['cancel', 'quit', 'exit'],
    help: 'Stop what we are doing now',
    args: [],
    universal: true,
  },
] as const satisfies readonly CommandSpec[];

export type CommandName = (typeof COMMANDS)[number]['name'];

const byWord = new Map<string, CommandSpec & { name: CommandName }>();
for (const command of COMMANDS) {
  for (const word of [command.name, ...command.aliases]) byWord.set(word, command);
}

export function findCommand(word: string): (CommandSpec & { name: CommandName }) | undefined {
  return byWord.get(word.toLowerCase().replace(/^[/!]/, ''));
}

export interface ParsedCommand {
  name: CommandName;
  argsText: string;
}

/**
 * Reads typed text as a command: the first word (optionally with a leading `/` or `!`) is a command
 * name or alias, the rest is its arguments. With `universalOnly`, only a universal word alone on
 * the line counts, so a free-text answer such as "help me sleep" stays an answer.
 */
export function parseTypedCommand(text: string, options: { universalOnly: boolean }): ParsedCommand | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) return null;
  const command = findCommand(match[1]!.replace(/[.!?]+$/, ''));
  if (!command) return null;
  const argsText = match[2]!.trim();
  if (options.universalOnly && (!('universal' in command) || !command.universal || argsText)) return null;
  return { name: command.name, argsText };
}
