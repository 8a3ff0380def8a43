import { Redis } from 'ioredis';
import type { ConversationAddress } from '../../src/core/address.ts';
import type { Logger } from '../../src/core/ports.ts';
import type { DueIndex } from '../../src/scheduler/due-index.ts';
import { MemoryDueIndex } from '../../src/scheduler/memory-due-index.ts';
import { RedisDueIndex } from '../../src/scheduler/redis-due-index.ts';
import { KeyBuilder } from '../../src/store/keys.ts';
import { type RedisHandle, redisTestMode, startRedis } from '../support/redis-server.ts';

/** A throwaway Redis for the scheduler suites (or a visible skip), and both index implementations. */
export function redisFixture() {
  const mode = redisTestMode();
  let server: RedisHandle | undefined;
  let client: Redis | undefined;
  return {
    skip: mode.kind === 'skip',
    async start(): Promise<void> {
      if (mode.kind === 'skip') return;
      if (mode.kind === 'spawn') server = await startRedis();
      client = new Redis(server?.url ?? (mode.kind === 'external' ? mode.url : ''));
    },
    async stop(): Promise<void> {
      await client?.quit();
      await server?.stop();
    },
    get url(): string {
      return server?.url ?? (mode.kind === 'external' ? mode.url : '');
    },
    get client(): Redis {
      if (!client) throw new Error('redis fixture not started');
      return client;
    },
  };
}

export type RedisFixture = ReturnType<typeof redisFixture>;

/** The index implementations a scheduler suite runs against. */
export function indexes(redis: RedisFixture, shards = 4) {
  return [
    { name: 'memory', skip: false, make: async (): Promise<DueIndex> => new MemoryDueIndex() },
    {
      name: 'redis',
      skip: redis.skip,
      make: async (): Promise<DueIndex> => {
        await redis.client.flushdb();
        return new RedisDueIndex({ client: redis.client, keys: new KeyBuilder('t'), shards });
      },
    },
  ];
}

export function directAddress(id: string): ConversationAddress {
  return { platform: 'local', id, scope: 'direct', ref: { to: id } };
}

/** A Logger that keeps every line, so a test can check what was (and was not) logged. */
export function recordingLogger(): Logger & {
  lines: { level: string; bindings: object; message: string }[];
} {
  const lines: { level: string; bindings: object; message: string }[] = [];
  const make = (base: object): Logger => ({
    debug: (b, m) => lines.push({ level: 'debug', bindings: { ...base, ...b }, message: m }),
    info: (b, m) => lines.push({ level: 'info', bindings: { ...base, ...b }, message: m }),
    warn: (b, m) => lines.push({ level: 'warn', bindings: { ...base, ...b }, message: m }),
    error: (b, m) => lines.push({ level: 'error', bindings: { ...base, ...b }, message: m }),
    child: (b) => make({ ...base, ...b }),
  });
  return Object.assign(make({}), { lines });
}
