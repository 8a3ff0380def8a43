import {
  type APIApplicationCommandOption,
  type APIApplicationCommandStringOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
} from 'discord.js';
import { COMMANDS, type CommandSpec } from '../../src/core/commands.ts';
import { CheckinError, ErrorCode } from '../../src/core/errors.ts';

/**
 * Slash commands generated from the one command registry (src/core/commands.ts), so a command added
 * there appears on Discord at the next `checkin discord:register`. `/summary` gets two extras:
 * autocomplete over the article library on `topic`, and a separate `url` option.
 */

/** The option of `/summary` that takes a web link instead of a library topic. */
export const SUMMARY_URL_OPTION = 'url';
/** The option of `/summary` that autocompletes over the article library. */
export const SUMMARY_TOPIC_OPTION = 'topic';

const DESCRIPTION_MAX = 100;
const clip = (text: string) =>
  text.length > DESCRIPTION_MAX ? `${text.slice(0, DESCRIPTION_MAX - 1)}…` : text;

function optionsFor(spec: CommandSpec): APIApplicationCommandOption[] {
  const isSummary = spec.name === 'summary';
  const options = spec.args.map((arg): APIApplicationCommandStringOption => {
    const autocomplete = isSummary && arg.name === SUMMARY_TOPIC_OPTION;
    const option = {
      type: ApplicationCommandOptionType.String as const,
      name: arg.name,
      description: clip(
        autocomplete ? 'An article from the library (start typing to search)' : arg.description,
      ),
      // With a `url` alternative, neither option alone can be required.
      required: isSummary ? false : arg.required,
    };
    if (autocomplete) return { ...option, autocomplete: true };
    if (arg.type === 'choice' && arg.choices) {
      return { ...option, choices: arg.choices.map((c) => ({ name: c, value: c })) };
    }
    return option;
  });
  if (isSummary) {
    options.push({
      type: ApplicationCommandOptionType.String,
      name: SUMMARY_URL_OPTION,
      description: 'A link to a web page to summarise (https://…)',
      required: false,
    });
  }
  // Discord wants required options first.
  return options.sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false));
}

/** The JSON body of `PUT /applications/{id}/commands`: one chat-input command per registry entry. */
export function slashCommandDefinitions(
  commands: readonly CommandSpec[] = COMMANDS,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((spec) => ({
    type: ApplicationCommandType.ChatInput,
    name: spec.name,
    description: clip(spec.help),
    options: optionsFor(spec),
    // Usable in servers and in the bot's DMs; installed to servers.
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  }));
}

/**
 * A slash command's options as the `argsText` the core's registry parser reads: for `/summary`
 * the link wins over the topic; for others the given options in declared order, space-joined.
 */
export function argsTextOf(interaction: ChatInputCommandInteraction, spec: CommandSpec | undefined): string {
  if (interaction.commandName === 'summary') {
    const url = interaction.options.getString(SUMMARY_URL_OPTION)?.trim();
    if (url) return url;
    return interaction.options.getString(SUMMARY_TOPIC_OPTION)?.trim() ?? '';
  }
  const values: string[] = [];
  for (const arg of spec?.args ?? []) {
    const value = interaction.options.getString(arg.name)?.trim();
    if (value) values.push(value);
  }
  return values.join(' ');
}

export interface RegisterOptions {
  token: string;
  applicationId: string;
  /** REST base URL (tests, proxies); default Discord's. */
  apiUrl?: string | undefined;
  /** Register for one server only (instant; global commands can take a while to appear). */
  guildId?: string | undefined;
}

/**
 * Replaces the application's slash commands with the registry's (bulk overwrite, so removed
 * commands disappear too). Resolves to the names Discord confirmed.
 */
export async function registerCommands(options: RegisterOptions): Promise<string[]> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  try {
    const result = (await rest.put(route, { body: slashCommandDefinitions() })) as Array<{ name: string }>;
    return result.map((c) => c.name);
  } catch (error) {
    const status = (error as { status?: number }).status;
    const hint =
      status === 401
        ? 'check DISCORD_TOKEN'
        : status === 403 || status === 404
          ? 'check DISCORD_APPLICATION_ID, and that the bot is in that server for --guild'
          : 'see the cause';
    throw new CheckinError(
      ErrorCode.Platform,
      `Discord refused the command registration (${status ?? 'no response'}): ${hint}.`,
      { cause: error },
    );
  }
}
