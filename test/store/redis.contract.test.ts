import { describe, it } from 'vitest';
import { type RedisHandle, startRedis } from '../support/redis-server.ts';
import { storeContract } from './contract.ts';
import { buildRedisStore, redisMode } from './redis-harness.ts';

if (redisMode.kind === 'skip') {
  describe.skip(`StateStore contract: single Redis (${redisMode.reason})`, () => it('skipped', () => {}));
} else {
  storeContract('single Redis', async (clock) => {
    const server: RedisHandle | null = redisMode.kind === 'spawn' ? await startRedis() : null;
    const url = server?.url ?? (redisMode.kind === 'external' ? redisMode.url : '');
    const { store } = await buildRedisStore({ REDIS_URL: url }, clock);
    return {
      store,
      async cleanup() {
        await store.close();
        await server?.stop();
      },
    };
  });
  // The same contract with every load decrypting and validating (no snapshot cache).
  storeContract('single Redis, snapshot cache off', async (clock) => {
    const server: RedisHandle | null = redisMode.kind === 'spawn' ? await startRedis() : null;
    const url = server?.url ?? (redisMode.kind === 'external' ? redisMode.url : '');
    const { store } = await buildRedisStore({ REDIS_URL: url }, clock, { snapshotCacheSize: 0 });
    return {
      store,
      async cleanup() {
        await store.close();
        await server?.stop();
      },
    };
  });
}
