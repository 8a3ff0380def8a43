import { randomBytes } from 'node:crypto';
import type { CliCommand } from '../command.ts';

/** Prints a new CHECKIN_ENCRYPTION_KEY: 32 random bytes, base64, one line. */
const command: CliCommand = {
  name: 'gen-key',
  summary: 'Print a new encryption key for CHECKIN_ENCRYPTION_KEY',
  usage: 'checkin gen-key',
  async run(_args, io) {
    io.stdout.write(`${randomBytes(32).toString('base64')}\n`);
    return 0;
  },
};
export default command;
