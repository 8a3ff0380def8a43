import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepFreeze } from '../../src/store/redis-snapshot-cache.ts';
import type { RedisStore } from '../../src/store/redis-store.ts';
import { type RedisHandle, startRedis } from '../support/redis-server.ts';
import { ManualClock, Transcript } from '../support/transcript.ts';
import { buildRedisStore, redisMode } from './redis-harness.ts';

describe('deepFreeze', () => {
  it('freezes nested objects and arrays in place and stops at parts already frozen', () => {
    const shared = deepFreeze({ trail: ['a'] });
    const value = { answers: { mood: 3, tags: ['x', { y: 1 }] }, prev: shared };
    expect(deepFreeze(value)).toBe(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.answers)).toBe(true);
    expect(Object.isFrozen(value.answers.tags)).toBe(true);
    expect(Object.isFrozen(value.answers.tags[1])).toBe(true);
    expect(() => {
      (value.answers.tags as unknown[]).push('z');
    }).toThrow(TypeError);
    expect(deepFreeze(null)).toBeNull();
    expect(deepFreeze('text')).toBe('text');
  });
});

// The snapshot cache hands out frozen objects: the bot core and engine must never mutate a
// snapshot. Real turns of the built-in flows through the real bot core prove it (a mutation of a
// frozen object throws a TypeError in these ES modules).
describe.skipIf(redisMode.kind === 'skip')('Redis store: full bot turns on frozen cached snapshots', () => {
  let server: RedisHandle | null = null;
  let store: RedisStore;
  const clock = new ManualClock();

  beforeAll(async () => {
    server = redisMode.kind === 'spawn' ? await startRedis() : null;
    const url = server?.url ?? (redisMode.kind === 'external' ? redisMode.url : '');
    ({ store } = await buildRedisStore({ REDIS_URL: url }, clock));
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('runs onboarding and two daily check-ins with every load after a write served from the cache', async () => {
    const t = await new Transcript({ store, clock, user: 'frozen' }).onboard();
    const before = store.snapshotCacheStats;
    for (let day = 0; day < 2; day++) {
      await t.command('checkin');
      t.expectReply('How’s your mood');
      await t.click('Good');
      await t.click('Full');
      await t.click('Very well');
      await t.send('calm, hopeful');
      await t.send('Had a nice walk.');
      t.expectReply('Good to hear').expectReply('Thanks for checking in');
      clock.advance(86_400_000);
    }
    const after = store.snapshotCacheStats;
    // Turns were really served frozen objects from the cache, not decrypted copies.
    expect(after.hits - before.hits).toBeGreaterThan(10);
    expect(after.misses).toBe(before.misses);

    const snapshot = await store.load(t.user);
    expect(Object.isFrozen(snapshot.profile)).toBe(true);
    expect(snapshot.conversation).toBeNull();
    const entries = await store.history(t.user, 0);
    expect(entries).toHaveLength(2);
    expect(entries[1]?.data).toMatchObject({ mood: 4, feelings: 'calm, hopeful', note: 'Had a nice walk.' });
  });
});
