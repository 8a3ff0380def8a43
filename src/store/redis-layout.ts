/**
 * Conventions shared by the Redis store's read, write, export and rotation paths: the AAD each
 * kind of value is sealed with, the record field prefix, and the sharding of the user registry.
 */

/** AAD of each kind of value: binds a ciphertext to its person and field (see crypto.ts). */
export const aad = {
  profile: (user: string) => `${user}|profile`,
  conversation: (user: string) => `${user}|conversation`,
  record: (user: string, name: string) => `${user}|r:${name}`,
  history: (user: string) => `${user}|history`,
};

/** Main-hash fields holding records are `r:<record name>`; `v` is the version, `p` the profile. */
export const RECORD_PREFIX = 'r:';

/** Number of registry shards: spreads the list of everyone over Cluster nodes, no KEYS/SCAN. */
export const REGISTRY_SHARDS = 16;

/** Which registry shard a person is listed in (FNV-1a of the user key). */
export function registryShardOf(user: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < user.length; i++) {
    h ^= user.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % REGISTRY_SHARDS;
}
