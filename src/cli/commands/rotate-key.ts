import { CheckinError } from '../../core/errors.ts';
import { openRedisStoreForAdmin } from '../../store/admin.ts';
import { type CliCommand, EXIT_USAGE } from '../command.ts';

/**
 * `checkin rotate-key`: re-encrypts every stored value with CHECKIN_ENCRYPTION_KEY. Run it after
 * moving the previous key to CHECKIN_ENCRYPTION_OLD_KEYS; once it reports nothing unreadable the
 * old key can be removed. Safe to run while bots serve users, and to run again.
 */
const command: CliCommand = {
  name: 'rotate-key',
  summary: 'Re-encrypt all stored data with the current CHECKIN_ENCRYPTION_KEY',
  usage:
    'checkin rotate-key   (old keys in CHECKIN_ENCRYPTION_OLD_KEYS, the new one in CHECKIN_ENCRYPTION_KEY)',
  async run(args, io) {
    if (args.length) {
      io.stderr.write(`checkin rotate-key: unexpected "${args.join(' ')}"\nUsage: checkin rotate-key\n`);
      return EXIT_USAGE;
    }
    try {
      const store = await openRedisStoreForAdmin(io.env);
      let people = 0;
      let rotated = 0;
      let unreadable = 0;
      const damaged: string[] = [];
      try {
        for await (const user of store.allUsers()) {
          const result = await store.rotateUser(user);
          people += 1;
          rotated += result.rotated;
          unreadable += result.unreadable;
          if (result.unreadable) damaged.push(user);
        }
      } finally {
        await store.close();
      }
      io.stdout.write(`Re-encrypted ${rotated} values of ${people} people with key ${store.keyId}.\n`);
      if (unreadable) {
        io.stderr.write(
          `${unreadable} values could not be decrypted with any configured key and were left as they are (people: ${damaged.join(', ')}). Keep the old keys until this is resolved.\n`,
        );
        return 1;
      }
      io.stdout.write('Nothing is left under an old key: CHECKIN_ENCRYPTION_OLD_KEYS may now be emptied.\n');
      return 0;
    } catch (error) {
      if (!(error instanceof CheckinError)) throw error;
      io.stderr.write(`checkin rotate-key: ${error.message}\n`);
      return 1;
    }
  },
};
export default command;
