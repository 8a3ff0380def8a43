import type { Cluster, Redis } from 'ioredis';
import type { Config } from '../config/schema.ts';
import { CheckinError, ErrorCode } from '../core/errors.ts';
import { type Clock, type Logger, type StateStore, systemClock } from '../core/ports.ts';
import { type Cipher, createCipher } from './crypto.ts';
import { retentionMs } from './history-buckets.ts';
import { KeyBuilder } from './keys.ts';
import { MemoryStore } from './memory.ts';
import { createRedisConnection, type RedisMode, whenReady } from './redis-client.ts';
import { RedisStore } from './redis-store.ts';

export type { Cipher } from './crypto.ts';
export { createCipher } from './crypto.ts';
export { KeyBuilder, USER_KEY_FAMILIES } from './keys.ts';
export { RedisStore } from './redis-store.ts';

/** What the composition root gets: the store, and for Redis the shared client, keys and cipher. */
export interface StoreBundle {
  store: StateStore;
  /** `memory`, or how Redis is reached. */
  mode: 'memory' | RedisMode;
  /**
   * The ioredis client (null for memory), for other Redis users in the process (scheduler,
   * summary cache). It is closed by `store.close()`, so close the store last.
   */
  redis: Redis | Cluster | null;
  /** Key names with the configured prefix (also for the memory mode, harmlessly). */
  keys: KeyBuilder;
  /** Encryption at rest with the configured keys; null when no key is configured (memory). */
  cipher: Cipher | null;
}

export interface StoreDeps {
  clock?: Clock;
  logger?: Logger;
  /** Extra ioredis options (tests shorten timeouts). */
  redisOptions?: Parameters<typeof createRedisConnection>[1];
  /** Wait at most this long for the first connection before starting degraded (ms). */
  readyTimeoutMs?: number;
}

type StoreSettings = Pick<
  Config,
  | 'REDIS_URL'
  | 'REDIS_CLUSTER_NODES'
  | 'REDIS_SENTINELS'
  | 'REDIS_SENTINEL_NAME'
  | 'CHECKIN_REDIS_PREFIX'
  | 'CHECKIN_ENCRYPTION_KEY'
  | 'CHECKIN_ENCRYPTION_OLD_KEYS'
  | 'CHECKIN_CONVERSATION_TTL_HOURS'
  | 'CHECKIN_RETENTION_DAYS'
>;

/**
 * Chooses the store from the config: memory without any Redis setting; otherwise a single Redis
 * (REDIS_URL), a Cluster (REDIS_CLUSTER_NODES) or a Sentinel-managed master (REDIS_SENTINELS +
 * REDIS_SENTINEL_NAME), all keys under CHECKIN_REDIS_PREFIX and encrypted with
 * CHECKIN_ENCRYPTION_KEY. Waits briefly for the first connection; if Redis is down the store is
 * returned anyway and every operation fails fast with `store_unavailable` until it is back.
 */
export async function createStore(config: StoreSettings, deps: StoreDeps = {}): Promise<StoreBundle> {
  const clock = deps.clock ?? systemClock;
  const keys = new KeyBuilder(config.CHECKIN_REDIS_PREFIX);
  const cipher = config.CHECKIN_ENCRYPTION_KEY
    ? createCipher({ current: config.CHECKIN_ENCRYPTION_KEY, old: config.CHECKIN_ENCRYPTION_OLD_KEYS })
    : null;
  const conversationTtlMs = config.CHECKIN_CONVERSATION_TTL_HOURS * 3_600_000;
  const connection = createRedisConnection(config, deps.redisOptions);
  if (!connection) {
    const store = new MemoryStore({
      clock,
      conversationTtlMs,
      retentionMs: retentionMs(config.CHECKIN_RETENTION_DAYS),
    });
    return { store, mode: 'memory', redis: null, keys, cipher };
  }
  if (!cipher) {
    connection.client.disconnect();
    throw new CheckinError(
      ErrorCode.InvalidConfig,
      'CHECKIN_ENCRYPTION_KEY: required when Redis is used, so data is encrypted at rest. Create one with `checkin gen-key`.',
    );
  }
  const { client } = connection;
  // ioredis emits 'error' on every failed reconnect; without a listener Node would crash the process.
  client.on('error', (error: Error) => {
    deps.logger?.warn({ code: ErrorCode.StoreUnavailable, reason: error.name }, 'redis connection error');
  });
  const store = new RedisStore({
    client,
    keys,
    cipher,
    clock,
    conversationTtlMs,
    retentionDays: config.CHECKIN_RETENTION_DAYS,
    commandTimeoutMs: connection.commandTimeoutMs,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const ready = await whenReady(client, deps.readyTimeoutMs);
  if (!ready) deps.logger?.warn({ mode: connection.mode }, 'redis not reachable yet; starting degraded');
  return { store, mode: connection.mode, redis: client, keys, cipher };
}
