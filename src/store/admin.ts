import { loadConfig } from '../config/load.ts';
import { CheckinError, ErrorCode } from '../core/errors.ts';
import { createStore } from './index.ts';
import { RedisStore } from './redis-store.ts';

/**
 * Opens the configured Redis store for an operator command (`checkin user`, `checkin rotate-key`).
 * Refuses the in-memory mode: that state lives inside the running bot, out of a CLI's reach.
 */
export async function openRedisStoreForAdmin(env: Record<string, string | undefined>): Promise<RedisStore> {
  const config = loadConfig(env);
  const { store, mode } = await createStore(config, { readyTimeoutMs: 5_000 });
  if (!(store instanceof RedisStore)) {
    await store.close();
    throw new CheckinError(
      ErrorCode.InvalidConfig,
      `No Redis is configured (mode ${mode}): set REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS to the bot's Redis. The in-memory store lives only inside the running bot.`,
    );
  }
  try {
    await store.ping();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
