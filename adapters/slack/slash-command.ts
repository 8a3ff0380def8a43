import { COMMANDS, findCommand } from '../../src/core/commands.ts';
import type { CommandInput } from '../../src/core/inbound.ts';
import { escapeMarkdown } from '../../src/core/markdown.ts';

/**
 * `/checkin <subcommand> …`: one subcommand per command of the core's registry (aliases too), so a
 * command added to `src/core/commands.ts` is available in Slack with no change here.
 */

export type SlashParse = { ok: true; input: CommandInput } | { ok: false; word: string };

/** `/checkin` alone starts the check-in; otherwise the first word names a command or alias. */
export function parseSlashText(text: string): SlashParse {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, input: { kind: 'command', name: 'checkin', argsText: '' } };
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  const word = match?.[1] ?? trimmed;
  const command = findCommand(word);
  if (!command) return { ok: false, word };
  return { ok: true, input: { kind: 'command', name: command.name, argsText: (match?.[2] ?? '').trim() } };
}

/** One line per subcommand, with its arguments and aliases, in our Markdown subset. */
export function slashUsage(slash: string): string {
  const lines = COMMANDS.map((c) => {
    const args = c.args.map((a) => (a.required ? ` <${a.name}>` : ` [${a.name}]`)).join('');
    const aliases = c.aliases.length ? ` (also: ${c.aliases.join(', ')})` : '';
    return `- **${escapeMarkdown(`${slash} ${c.name}${args}`)}**: ${escapeMarkdown(c.help)}${escapeMarkdown(aliases)}`;
  });
  return [`**${escapeMarkdown(slash)}** alone starts your check-in. Subcommands:`, ...lines].join('\n');
}

/** The reply to a word that is not a subcommand: says which word and lists what works. */
export function unknownSubcommand(slash: string, word: string): string {
  return `I don't know "${escapeMarkdown(word.slice(0, 40))}". ${slashUsage(slash)}`;
}
