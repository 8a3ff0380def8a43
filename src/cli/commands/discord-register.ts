import { registerCommands } from '../../../adapters/discord/index.ts';
import { loadConfig } from '../../config/load.ts';
import { CheckinError } from '../../core/errors.ts';
import { type CliCommand, EXIT_USAGE } from '../command.ts';

const USAGE = 'checkin discord:register [--guild <server id>]';

/** Registers (bulk-overwrites) the bot's slash commands, generated from the command registry. */
const command: CliCommand = {
  name: 'discord:register',
  summary: 'Register the slash commands with Discord, globally or for one server',
  usage: `${USAGE}\n  Reads DISCORD_TOKEN, DISCORD_APPLICATION_ID and (optionally) DISCORD_API_URL.\n  --guild <id>  register for one server only (appears at once; global commands can take up to an hour)`,
  async run(args, io) {
    let guildId: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      const value = arg.startsWith('--guild=')
        ? arg.slice('--guild='.length)
        : arg === '--guild'
          ? args[++i]
          : null;
      if (value === null) {
        io.stderr.write(`checkin discord:register: unknown argument "${arg}".\nUsage: ${USAGE}\n`);
        return EXIT_USAGE;
      }
      if (!value || !/^\d{1,20}$/.test(value)) {
        io.stderr.write(`checkin discord:register: --guild needs a numeric server id.\nUsage: ${USAGE}\n`);
        return EXIT_USAGE;
      }
      guildId = value;
    }
    try {
      const config = loadConfig(io.env);
      if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
        io.stderr.write('checkin discord:register: set DISCORD_TOKEN and DISCORD_APPLICATION_ID first.\n');
        return EXIT_USAGE;
      }
      const names = await registerCommands({
        token: config.DISCORD_TOKEN,
        applicationId: config.DISCORD_APPLICATION_ID,
        apiUrl: config.DISCORD_API_URL,
        guildId,
      });
      const where = guildId
        ? `for server ${guildId}`
        : 'globally (may take up to an hour to appear everywhere)';
      io.stdout.write(
        `Registered ${names.length} slash commands ${where}: ${names.map((n) => `/${n}`).join(' ')}\n`,
      );
      return 0;
    } catch (error) {
      io.stderr.write(
        `checkin discord:register: ${error instanceof CheckinError ? error.message : String(error)}\n`,
      );
      return 1;
    }
  },
};
export default command;
