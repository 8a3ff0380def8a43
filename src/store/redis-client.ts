import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config/schema.ts';

/**
 * ioredis clients for the three ways to reach Redis. The options make an outage fail fast instead
 * of queueing turns for minutes: no offline queue, one retry per command, a short command
 * timeout. The client reconnects by itself (backoff up to 2 s) and the store recovers with it.
 */

/** How long one command may take before the caller hears `store_unavailable`, in ms. */
export const COMMAND_TIMEOUT_MS = 1_000;
/** How long a connection attempt may take, in ms. */
export const CONNECT_TIMEOUT_MS = 2_000;

export type RedisMode = 'single' | 'cluster' | 'sentinel';

export interface RedisConnection {
  client: Redis | Cluster;
  mode: RedisMode;
  /** The command timeout the client was given (the store's commit deadline uses it). */
  commandTimeoutMs: number;
}

/** The Redis settings of the config (each optional: tests pass only the one they use). */
export type RedisSettings = Partial<
  Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME'>
>;

const backoff = (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2_000);

/** The common per-connection options; `overrides` is for tests (shorter timeouts). */
// ioredis declares `replyMapping?: X | undefined` here but `replyMapping?: X` on its constructors,
// which exactOptionalPropertyTypes refuses; we never set it, so leave it out of the type.
type ClientOptions = Omit<RedisOptions, 'replyMapping'>;

export function baseRedisOptions(overrides: Partial<ClientOptions> = {}): ClientOptions {
  return {
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: backoff,
    // A client name makes our connections recognisable in CLIENT LIST.
    connectionName: 'checkin',
    ...overrides,
  };
}

/** Builds the client the config asks for, or null when no Redis is configured (memory store). */
export function createRedisConnection(
  config: RedisSettings,
  overrides: Partial<ClientOptions> = {},
): RedisConnection | null {
  const options = baseRedisOptions(overrides);
  const commandTimeoutMs = options.commandTimeout ?? 0;
  if (config.REDIS_CLUSTER_NODES) {
    const client = new Cluster(config.REDIS_CLUSTER_NODES, {
      enableOfflineQueue: false,
      clusterRetryStrategy: backoff,
      slotsRefreshTimeout: CONNECT_TIMEOUT_MS,
      redisOptions: options,
    });
    return { client, mode: 'cluster', commandTimeoutMs };
  }
  if (config.REDIS_SENTINELS) {
    const client = new Redis({
      ...options,
      sentinels: config.REDIS_SENTINELS,
      name: config.REDIS_SENTINEL_NAME ?? 'mymaster',
      sentinelRetryStrategy: backoff,
    });
    return { client, mode: 'sentinel', commandTimeoutMs };
  }
  if (config.REDIS_URL) {
    return { client: new Redis(config.REDIS_URL, options), mode: 'single', commandTimeoutMs };
  }
  return null;
}

/**
 * Resolves true once the client is ready, false after `timeoutMs` (the process starts degraded
 * and recovers when Redis comes back; `/healthz` shows it meanwhile).
 */
export function whenReady(client: Redis | Cluster, timeoutMs = CONNECT_TIMEOUT_MS * 2): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once('ready', onReady);
  });
}

/** Commands per batched write: enough to save most syscalls, few enough to keep Redis busy meanwhile. */
export const WRITE_BATCH_MAX = 64;
const batched = new WeakMap<object, number>();

/**
 * Holds the client's socket writes until the end of the current tick (or WRITE_BATCH_MAX
 * commands), so the commands that many concurrent turns issue in one tick leave in a few
 * `writev`s instead of one syscall (and one wake-up of Redis) each. Order and replies are
 * unchanged; only the write is deferred, within the same tick. Single Redis and Sentinel clients
 * only (a Cluster client has one socket per node; it is left as it is). Call before each command.
 */
export function batchWritesThisTick(client: Redis | Cluster, maxCommands = WRITE_BATCH_MAX): void {
  const stream = (client as Partial<Redis>).stream;
  if (!stream?.writable) return;
  const count = batched.get(stream);
  if (count === undefined) {
    if (stream.writableCorked > 0) return; // corked by someone else: leave it to them
    stream.cork();
    batched.set(stream, 1);
    process.nextTick(() => {
      batched.delete(stream);
      stream.uncork();
    });
  } else if (count >= maxCommands) {
    // Send what is held so Redis can work on it while this tick goes on.
    stream.uncork();
    stream.cork();
    batched.set(stream, 1);
  } else batched.set(stream, count + 1);
}
