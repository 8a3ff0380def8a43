import { describe, it } from 'vitest';
import { type ClusterHandle, startCluster } from '../support/redis-cluster.ts';
import { storeContract } from './contract.ts';
import { buildRedisStore, canSpawn } from './redis-harness.ts';

if (!canSpawn) {
  describe.skip('StateStore contract: Redis Cluster (redis-server not available)', () =>
    it('skipped', () => {}));
} else {
  storeContract('three-node Redis Cluster', async (clock) => {
    const cluster: ClusterHandle = await startCluster();
    const { store } = await buildRedisStore({ REDIS_CLUSTER_NODES: cluster.nodes }, clock);
    return {
      store,
      async cleanup() {
        await store.close();
        await cluster.stop();
      },
    };
  });
}
