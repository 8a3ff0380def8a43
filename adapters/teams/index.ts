/** The Teams adapter's public surface, for src/main.ts and the CLI. */
export { createTeamsAdapter, type TeamsAdapterOptions, teamsOptionsFromConfig } from './adapter.ts';
export { MOVED_TO_CHAT_TEXT } from './reply.ts';
