/** The Discord adapter's public surface, for src/main.ts and the CLI. */
export {
  type AutocompleteChoice,
  createDiscordAdapter,
  DISCORD_INTENTS,
  type DiscordAdapterOptions,
  discordOptionsFromConfig,
} from './adapter.ts';
export { type RegisterOptions, registerCommands, slashCommandDefinitions } from './commands.ts';
