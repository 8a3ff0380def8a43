import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasCode } from '../../src/core/errors.ts';
import { asUserKey } from '../../src/core/user-key.ts';
import { createCipher } from '../../src/store/crypto.ts';
import type { KeyBuilder } from '../../src/store/keys.ts';
import { batchWritesThisTick } from '../../src/store/redis-client.ts';
import {
  type CachedValue,
  FINGERPRINT_CHARS,
  fingerprint,
  SnapshotCache,
} from '../../src/store/redis-snapshot-cache.ts';
import type { RedisStore } from '../../src/store/redis-store.ts';
import { type RedisHandle, startRedis } from '../support/redis-server.ts';
import { CONVERSATION_TTL_MS, conversation, ManualClock, newUser, profile } from './contract.ts';
import { buildRedisStore, redisMode, testKey } from './redis-harness.ts';

describe('SnapshotCache: bounded, least recently used first out', () => {
  const value = (fp: string) => ({ fp, value: fp });

  it('evicts the least recently used person beyond capacity', () => {
    const cache = new SnapshotCache(2);
    const [a, b, c] = ['slack:T1:Ua', 'slack:T1:Ub', 'slack:T1:Uc'].map(asUserKey) as [
      ReturnType<typeof asUserKey>,
      ReturnType<typeof asUserKey>,
      ReturnType<typeof asUserKey>,
    ];
    cache.set(a, { profile: value('pa') });
    cache.set(b, { profile: value('pb') });
    expect(cache.get(a)?.profile?.fp).toBe('pa'); // a is now the most recent
    cache.set(c, { profile: value('pc') });
    expect(cache.get(b)).toBeUndefined();
    expect(cache.get(a)?.profile?.fp).toBe('pa');
    expect(cache.get(c)?.profile?.fp).toBe('pc');
    expect(cache.stats().size).toBe(2);
  });

  it('decodes a value sent in full, serves "unchanged" as the same frozen object; capacity 0 keeps nothing', () => {
    const cache = new SnapshotCache(4);
    let decoded = 0;
    const decode = (raw: string) => {
      decoded += 1;
      return { from: raw };
    };
    let held: CachedValue | undefined;
    const remember = (v: CachedValue) => {
      held = v;
    };
    const sealed = `abcd1234.${'x'.repeat(40)}tag-of-this-write-123456`;
    const first = cache.value(sealed, held, decode, remember);
    expect(held?.fp).toBe(sealed.slice(-FINGERPRINT_CHARS));
    const second = cache.value(1, held, decode, remember);
    expect(second).toEqual(first);
    // The cached object itself, deep-frozen, instead of a copy (snapshots are immutable).
    expect(second).toBe(first);
    expect(Object.isFrozen(second)).toBe(true);
    expect(decoded).toBe(1);
    expect(cache.value(`${sealed}-other`, held, decode, remember)).toEqual({ from: `${sealed}-other` });
    expect(decoded).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2 });
    // "Unchanged" for something never held is a protocol error, not a silent empty value.
    expect(() => cache.value(1, undefined, decode, remember)).toThrow(/does not hold/);

    const off = new SnapshotCache(0);
    off.set(asUserKey('slack:T1:Ua'), { profile: value('p') });
    expect(off.stats().size).toBe(0);
  });

  it('fingerprints a value by its tail, short values whole', () => {
    expect(fingerprint('short')).toBe('short');
    const long = `${'a'.repeat(100)}${'0123456789'.repeat(3)}`;
    expect(fingerprint(long)).toBe(long.slice(-FINGERPRINT_CHARS));
    expect(fingerprint(long)).toHaveLength(FINGERPRINT_CHARS);
  });
});

describe.skipIf(redisMode.kind === 'skip')('Redis store: snapshot cache across processes', () => {
  let server: RedisHandle | null = null;
  let url = '';
  let raw: Redis;
  const clock = new ManualClock();
  const cipher = createCipher({ current: testKey() });
  let a: RedisStore;
  let b: RedisStore;
  let keys: KeyBuilder;

  beforeAll(async () => {
    server = redisMode.kind === 'spawn' ? await startRedis() : null;
    url = server?.url ?? (redisMode.kind === 'external' ? redisMode.url : '');
    const first = await buildRedisStore({ REDIS_URL: url }, clock, { cipher });
    ({ store: a, keys } = first);
    // A second "process": its own client and cache, same data.
    ({ store: b } = await buildRedisStore({ REDIS_URL: url }, clock, { cipher, prefix: keys.prefix }));
    raw = new Redis(url);
  });
  beforeEach(() => clock.set(Date.now()));
  afterAll(async () => {
    await a?.close();
    await b?.close();
    raw?.disconnect();
    await server?.stop();
  });

  it('serves an unchanged person from the cache and sees what another process wrote in between', async () => {
    const user = newUser();
    expect(await a.commit(user, 0, { conversation: conversation(clock.now()), profile: profile() })).toBe(
      true,
    );
    const before = a.snapshotCacheStats;
    const mine = await a.load(user);
    const after = a.snapshotCacheStats;
    // Conversation and profile: both what this process wrote, so neither is decrypted.
    expect(after.hits - before.hits).toBe(2);
    expect(after.misses).toBe(before.misses);
    expect(mine.conversation?.stepId).toBe('mood');

    // The other process moves the person on.
    const theirs = await b.load(user);
    expect(
      await b.commit(user, theirs.version, {
        conversation: conversation(clock.now(), { stepId: 'note' }),
        records: { plan: { steps: ['walk'] } },
      }),
    ).toBe(true);

    const seen = await a.load(user);
    expect(seen.version).toBe(2);
    expect(seen.conversation?.stepId).toBe('note');
    expect(seen.records).toEqual({ plan: { steps: ['walk'] } });
    expect(seen.profile).toEqual(profile());
    // A's stale write is still refused by the version check.
    expect(await a.commit(user, mine.version, { conversation: null })).toBe(false);
  });

  it('hands out frozen snapshots, so mutating one fails loudly and changes nothing', async () => {
    const user = newUser();
    await a.commit(user, 0, { conversation: conversation(clock.now()), profile: profile() });
    const first = await a.load(user);
    expect(() => {
      first.conversation!.answers.note = 'changed in memory only';
    }).toThrow(TypeError);
    expect(() => {
      first.profile.country = 'FR';
    }).toThrow(TypeError);
    const second = await a.load(user);
    expect(second.conversation?.answers.note).toBe(conversation(0).answers.note);
    expect(second.profile.country).toBe('DE');
  });

  it('does not confuse a forgotten and re-created person at the same version', async () => {
    const user = newUser();
    await a.commit(user, 0, { conversation: conversation(clock.now()), profile: profile() });
    expect((await a.load(user)).version).toBe(1);
    await b.forgetUser(user);
    expect(
      await b.commit(user, 0, {
        conversation: conversation(clock.now(), { stepId: 'again' }),
        profile: profile({ country: 'AT' }),
      }),
    ).toBe(true);
    const seen = await a.load(user);
    expect(seen.version).toBe(1);
    expect(seen.conversation?.stepId).toBe('again');
    expect(seen.profile.country).toBe('AT');
  });

  it('still refuses a tampered value and expires a cached conversation on time', async () => {
    const user = newUser();
    const other = newUser();
    await a.commit(user, 0, { conversation: conversation(clock.now()), profile: profile() });
    await a.commit(other, 0, { profile: profile() });
    await a.load(user);
    // Someone swaps in another person's sealed profile without touching the version.
    const k = keys.user(user);
    await raw.hset(k.main, 'p', (await raw.hget(keys.user(other).main, 'p'))!);
    const error = await a.load(user).catch((e: unknown) => e);
    expect(hasCode(error, 'encryption')).toBe(true);

    const fresh = newUser();
    await a.commit(fresh, 0, { conversation: conversation(clock.now()) });
    clock.advance(CONVERSATION_TTL_MS + 1);
    expect((await a.load(fresh)).conversation).toBeNull();
  });

  it('stays correct with a tiny cache under 4 processes of concurrent turns', async () => {
    const small = await buildRedisStore({ REDIS_URL: url }, clock, {
      cipher,
      prefix: keys.prefix,
      snapshotCacheSize: 2,
    });
    try {
      const users = [newUser(), newUser(), newUser()];
      const stores = [a, b, small.store];
      await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          const store = stores[i % 3]!;
          // Each person is served by all three processes in turn.
          const user = users[Math.floor(i / 3) % users.length]!;
          for (;;) {
            const s = await store.load(user);
            const list = (s.records.list as number[] | undefined) ?? [];
            if (await store.commit(user, s.version, { records: { list: [...list, i] } })) return;
          }
        }),
      );
      expect(small.store.snapshotCacheStats.size).toBeLessThanOrEqual(2);
      for (const [n, user] of users.entries()) {
        const list = (await small.store.load(user)).records.list as number[];
        const expected = Array.from({ length: 60 }, (_, i) => i).filter((i) => Math.floor(i / 3) % 3 === n);
        expect([...list].sort((x, y) => x - y)).toEqual(expected);
      }
    } finally {
      await small.store.close();
    }
  });
});

describe.skipIf(redisMode.kind === 'skip')('batchWritesThisTick: one write for a tick of commands', () => {
  let server: RedisHandle | null = null;
  let client: Redis;

  beforeAll(async () => {
    server = redisMode.kind === 'spawn' ? await startRedis() : null;
    client = new Redis(server?.url ?? (redisMode.kind === 'external' ? redisMode.url : ''));
    await client.ping();
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });

  it('holds the socket until the end of the tick, then every reply arrives in order', async () => {
    const stream = client.stream;
    batchWritesThisTick(client);
    expect(stream.writableCorked).toBe(1);
    batchWritesThisTick(client); // a second call in the same tick neither corks again nor uncorks
    expect(stream.writableCorked).toBe(1);
    const key = `batch:${Date.now()}`;
    const replies = Array.from({ length: 200 }, (_, i) => client.rpush(key, String(i)));
    // Nothing has left yet: the commands wait in the corked socket's buffer.
    expect(stream.writableLength).toBeGreaterThan(0);
    await new Promise<void>((resolve) => process.nextTick(resolve));
    expect(stream.writableCorked).toBe(0);
    expect(await Promise.all(replies)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await client.lrange(key, 0, -1)).toEqual(Array.from({ length: 200 }, (_, i) => String(i)));
  });

  it('sends what it holds every maxCommands commands, so Redis works while the tick goes on', async () => {
    const stream = client.stream;
    const key = `batch-cap:${Date.now()}`;
    const sends: Array<Promise<number>> = [];
    const held: number[] = [];
    for (let i = 0; i < 25; i++) {
      batchWritesThisTick(client, 10);
      sends.push(client.rpush(key, String(i)));
      held.push(stream.writableLength);
    }
    // The buffer grows for ten commands, empties when the eleventh arrives, and so on.
    expect(held[9]).toBeGreaterThan(held[0]!);
    expect(held[10]).toBeLessThan(held[9]!);
    expect(held[20]).toBeLessThan(held[19]!);
    expect(stream.writableCorked).toBe(1);
    expect((await Promise.all(sends)).at(-1)).toBe(25);
    expect(stream.writableCorked).toBe(0);
  });
});
