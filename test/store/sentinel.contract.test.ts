import { describe, it } from 'vitest';
import { type SentinelHandle, startSentinel } from '../support/redis-cluster.ts';
import { storeContract } from './contract.ts';
import { buildRedisStore, canSpawn } from './redis-harness.ts';

if (!canSpawn) {
  describe.skip('StateStore contract: Redis via Sentinel (redis-server not available)', () =>
    it('skipped', () => {}));
} else {
  storeContract('Redis reached through a Sentinel', async (clock) => {
    const sentinel: SentinelHandle = await startSentinel();
    const { store } = await buildRedisStore(
      { REDIS_SENTINELS: sentinel.sentinels, REDIS_SENTINEL_NAME: sentinel.name },
      clock,
    );
    return {
      store,
      async cleanup() {
        await store.close();
        await sentinel.stop();
      },
    };
  });
}
