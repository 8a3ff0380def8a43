import { randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { Clock } from '../../src/core/ports.ts';
import { type Cipher, createCipher } from '../../src/store/crypto.ts';
import { KeyBuilder } from '../../src/store/keys.ts';
import { createRedisConnection, whenReady } from '../../src/store/redis-client.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import { redisServerAvailable, redisTestMode } from '../support/redis-server.ts';
import { CONVERSATION_TTL_MS, RETENTION_DAYS } from './contract.ts';

/** How the Redis-backed store tests run here: spawn servers, or skip visibly (fails under CI). */
export const redisMode = redisTestMode();
/**
 * Cluster, Sentinel, outage and process tests start their own servers, so they need the binaries
 * even when CHECKIN_TEST_REDIS_URL names a server; without them they skip visibly (fail under CI).
 */
export const canSpawn = redisServerAvailable();
if (!canSpawn && redisMode.kind === 'external') {
  const reason = 'redis-server is not installed: Cluster, Sentinel, outage and bot-process tests skipped';
  if (process.env.CI === 'true') throw new Error(`${reason} — not allowed under CI=true.`);
  console.warn(`\n⚠ ${reason}\n`);
}

export const testKey = () => randomBytes(32).toString('base64');

export interface RedisSetup {
  REDIS_URL?: string;
  REDIS_CLUSTER_NODES?: Array<{ host: string; port: number }>;
  REDIS_SENTINELS?: Array<{ host: string; port: number }>;
  REDIS_SENTINEL_NAME?: string;
}

/** A RedisStore as createStore builds it, with a test clock, a fresh prefix and cipher. */
export async function buildRedisStore(
  setup: RedisSetup,
  clock: Clock,
  options: { cipher?: Cipher; prefix?: string; client?: Redis | Cluster; snapshotCacheSize?: number } = {},
): Promise<{ store: RedisStore; client: Redis | Cluster; keys: KeyBuilder; cipher: Cipher }> {
  const connection = options.client
    ? { client: options.client, commandTimeoutMs: 1_000 }
    : createRedisConnection(setup);
  if (!connection) throw new Error('no Redis setting given');
  connection.client.on('error', () => {});
  const keys = new KeyBuilder(options.prefix ?? `t${randomBytes(3).toString('hex')}`);
  const cipher = options.cipher ?? createCipher({ current: testKey() });
  const store = new RedisStore({
    client: connection.client,
    keys,
    cipher,
    clock,
    conversationTtlMs: CONVERSATION_TTL_MS,
    retentionDays: RETENTION_DAYS,
    commandTimeoutMs: connection.commandTimeoutMs,
    ownsClient: !options.client,
    ...(options.snapshotCacheSize === undefined ? {} : { snapshotCacheSize: options.snapshotCacheSize }),
  });
  if (!(await whenReady(connection.client, 15_000))) throw new Error('test Redis did not become ready');
  return { store, client: connection.client, keys, cipher };
}
