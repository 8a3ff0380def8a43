import { createInterface } from 'node:readline/promises';
import { contentDirs } from '../../compose.ts';
import { loadConfig } from '../../config/load.ts';
import { CheckinError } from '../../core/errors.ts';
import type { StateStore } from '../../core/ports.ts';
import { systemClock } from '../../core/ports.ts';
import { asUserKey } from '../../core/user-key.ts';
import { silentLogger } from '../../ops/logger.ts';
import { createPulses, withPulseForget } from '../../pulses/index.ts';
import { withReminderData } from '../../scheduler/bot-glue.ts';
import { createScheduler } from '../../scheduler/create.ts';
import { openRedisStoreForAdmin } from '../../store/admin.ts';
import { createCipher } from '../../store/crypto.ts';
import { KeyBuilder } from '../../store/keys.ts';
import type { RedisStore } from '../../store/redis-store.ts';
import { type CliCommand, type CliIo, EXIT_USAGE } from '../command.ts';

/**
 * `checkin user export|forget <user key>`: an operator exercises a person's rights on their
 * behalf (people who have left a workspace cannot ask the bot themselves). Export prints JSON to
 * stdout; forget asks for confirmation unless --yes, then reports what was deleted.
 */
const USAGE = [
  'checkin user export <user key>           print everything stored about the person as JSON',
  'checkin user forget <user key> [--yes]   delete everything stored about the person',
  '  user keys: slack:<team>:<user>, teams:<tenant>:<aad object id>, discord:<user>, local:<name>',
].join('\n');

async function confirm(io: CliIo, user: string): Promise<boolean> {
  io.stderr.write(
    `This deletes everything stored about ${user}, for good.\nType the user key again to confirm: `,
  );
  const rl = createInterface({ input: io.stdin, terminal: false });
  try {
    const answer = await new Promise<string | null>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(null));
    });
    return answer?.trim() === user;
  } finally {
    rl.close();
  }
}

const command: CliCommand = {
  name: 'user',
  summary: "Export or forget one person's stored data (operators)",
  usage: USAGE,
  async run(args, io) {
    const usage = (message: string) => {
      io.stderr.write(`checkin user: ${message}\nUsage:\n  ${USAGE.split('\n').join('\n  ')}\n`);
      return EXIT_USAGE;
    };
    const flags = args.filter((a) => a.startsWith('--'));
    const [action, key, ...extra] = args.filter((a) => !a.startsWith('--'));
    if (action !== 'export' && action !== 'forget') return usage('expected "export" or "forget"');
    if (!key) return usage(`missing the user key to ${action}`);
    if (extra.length) return usage(`unexpected "${extra.join(' ')}"`);
    const unknown = flags.filter((f) => !(action === 'forget' && f === '--yes'));
    if (unknown.length) return usage(`unknown option ${unknown.join(' ')}`);
    let user: ReturnType<typeof asUserKey>;
    try {
      user = asUserKey(key);
    } catch (error) {
      return usage((error as Error).message);
    }

    try {
      const redisStore = await openRedisStoreForAdmin(io.env);
      const store = withSchedules(redisStore, io.env);
      try {
        if (action === 'export') {
          io.stdout.write(`${JSON.stringify(await store.exportUser(user), null, 2)}\n`);
          return 0;
        }
        if (!flags.includes('--yes') && !(await confirm(io, user))) {
          io.stderr.write('Not confirmed: nothing was deleted.\n');
          return 1;
        }
        const { deleted } = await store.forgetUser(user);
        const parts = Object.entries(deleted)
          .filter(([, n]) => n > 0)
          .map(([family, n]) => `${family}: ${n}`);
        io.stdout.write(
          parts.length
            ? `Deleted everything stored about ${user} (${parts.join(', ')}).\n`
            : `Nothing was stored about ${user}; nothing to delete.\n`,
        );
        return 0;
      } finally {
        await redisStore.close();
      }
    } catch (error) {
      if (!(error instanceof CheckinError)) throw error;
      io.stderr.write(`checkin user: ${error.message}\n`);
      return 1;
    }
  },
};
export default command;

/**
 * The person's reminder schedule and open pulse answers live outside the store's keys: join them
 * to export and forget exactly as the running bot does.
 */
function withSchedules(store: RedisStore, env: Record<string, string | undefined>): StateStore {
  const config = loadConfig(env);
  const keys = new KeyBuilder(config.CHECKIN_REDIS_PREFIX);
  // openRedisStoreForAdmin refused a configuration without a key, so one is set here.
  const cipher = createCipher({
    current: config.CHECKIN_ENCRYPTION_KEY!,
    old: config.CHECKIN_ENCRYPTION_OLD_KEYS,
  });
  const scheduler = createScheduler({
    config,
    // An operator command sends nothing.
    deliver: async () => ({ status: 'failed', reason: 'not_sending' }),
    redis: {
      client: store.client,
      keys: new KeyBuilder(config.CHECKIN_REDIS_PREFIX),
      // openRedisStoreForAdmin refused a configuration without a key, so one is set here.
      cipher: createCipher({
        current: config.CHECKIN_ENCRYPTION_KEY!,
        old: config.CHECKIN_ENCRYPTION_OLD_KEYS,
      }),
    },
  });
  // Open team pulses hold the person's answer under the pulse's salt: forget removes it too.
  const pulses = createPulses({
    config,
    contentDirs: contentDirs(config),
    logger: silentLogger,
    clock: systemClock,
    redis: { client: store.client, keys, cipher },
  });
  return withPulseForget(withReminderData(store, scheduler), pulses);
}
