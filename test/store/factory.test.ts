import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { hasCode } from '../../src/core/errors.ts';
import { createStore } from '../../src/store/index.ts';
import { MemoryStore } from '../../src/store/memory.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import { freePort, startRedis } from '../support/redis-server.ts';
import { newUser, profile } from './contract.ts';
import { canSpawn, testKey } from './redis-harness.ts';

describe('createStore', () => {
  it('keeps state in memory when no Redis is configured', async () => {
    const bundle = await createStore(loadConfig({}));
    expect(bundle.mode).toBe('memory');
    expect(bundle.store).toBeInstanceOf(MemoryStore);
    expect(bundle.redis).toBeNull();
    const user = newUser();
    expect(await bundle.store.commit(user, 0, { profile: profile() })).toBe(true);
    expect((await bundle.store.load(user)).version).toBe(1);
  });

  it('refuses Redis without an encryption key, naming the setting and the fix', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:1' })).toThrow(
      /CHECKIN_ENCRYPTION_KEY.*checkin gen-key/s,
    );
  });

  it.skipIf(!canSpawn)('uses REDIS_URL with the prefix, and exposes the shared client', async () => {
    const server = await startRedis();
    const bundle = await createStore(
      loadConfig({ REDIS_URL: server.url, CHECKIN_ENCRYPTION_KEY: testKey(), CHECKIN_REDIS_PREFIX: 'fx' }),
    );
    try {
      expect(bundle.mode).toBe('single');
      expect(bundle.store).toBeInstanceOf(RedisStore);
      const user = newUser();
      expect(await bundle.store.commit(user, 0, { profile: profile() })).toBe(true);
      expect(await bundle.redis?.exists(`fx:{u:${user}}:main`)).toBe(1);
      expect(bundle.cipher?.keyId).toMatch(/^[0-9a-f]{8}$/);
    } finally {
      await bundle.store.close();
      await server.stop();
    }
  });

  it.skipIf(!canSpawn)('starts degraded when Redis is down, fails fast, and recovers by itself', async () => {
    const port = await freePort();
    const started = Date.now();
    const bundle = await createStore(
      loadConfig({ REDIS_URL: `redis://127.0.0.1:${port}`, CHECKIN_ENCRYPTION_KEY: testKey() }),
      { readyTimeoutMs: 300 },
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    const pinged = Date.now();
    const error = await bundle.store.ping().then(
      () => null,
      (e: unknown) => e,
    );
    expect(hasCode(error, 'store_unavailable')).toBe(true);
    expect(Date.now() - pinged).toBeLessThan(1_000);
    const server = await startRedis([], { port });
    try {
      const deadline = Date.now() + 15_000;
      let ok = false;
      while (!ok && Date.now() < deadline) {
        ok = await bundle.store.ping().then(
          () => true,
          () => false,
        );
        if (!ok) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ok).toBe(true);
    } finally {
      await bundle.store.close();
      await server?.stop();
    }
  });
});
