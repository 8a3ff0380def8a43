import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasCode } from '../../src/core/errors.ts';
import type { UserKey } from '../../src/core/user-key.ts';
import { type Cipher, createCipher } from '../../src/store/crypto.ts';
import { bucketOf } from '../../src/store/history-buckets.ts';
import { type KeyBuilder, USER_KEY_FAMILIES } from '../../src/store/keys.ts';
import { aad } from '../../src/store/redis-layout.ts';
import type { RedisStore } from '../../src/store/redis-store.ts';
import { FAMILY_SECTIONS } from '../../src/store/redis-user-data.ts';
import { type RedisHandle, startRedis } from '../support/redis-server.ts';
import {
  applyWithRetry,
  CONVERSATION_TTL_MS,
  conversation,
  DAY,
  ManualClock,
  mood,
  newUser,
  profile,
  RETENTION_DAYS,
} from './contract.ts';
import { buildRedisStore, redisMode, testKey } from './redis-harness.ts';

const oldKey = testKey();
const SECRETS = ['worried about rent', 'argued with my sister', 'Europe/Berlin', 'call Sam on 0151'];

describe.skipIf(redisMode.kind === 'skip')('Redis store: privacy, key families, concurrency', () => {
  let server: RedisHandle | null = null;
  let url = '';
  let raw: Redis;
  let store: RedisStore;
  let keys: KeyBuilder;
  let cipher: Cipher;
  const clock = new ManualClock();

  beforeAll(async () => {
    server = redisMode.kind === 'spawn' ? await startRedis() : null;
    url = server?.url ?? (redisMode.kind === 'external' ? redisMode.url : '');
    ({ store, keys, cipher } = await buildRedisStore({ REDIS_URL: url }, clock, {
      cipher: createCipher({ current: oldKey }),
    }));
    raw = new Redis(url);
  });
  beforeEach(() => clock.set(Date.now()));
  afterAll(async () => {
    await store?.close();
    raw?.disconnect();
    await server?.stop();
  });

  async function seed(user: UserKey): Promise<void> {
    const now = clock.now();
    await store.commit(user, 0, {
      conversation: conversation(now, { answers: { note: SECRETS[0]!, score: 7 } }),
      profile: profile(),
      records: { safetyPlan: { steps: [SECRETS[3]!] } },
      history: [mood(now - 40 * DAY, 1, SECRETS[1]!), { at: now, kind: 'screener', data: { phq9: 17 } }],
    });
    await store.indexUser('slack:Tprivacy', user);
  }

  /** Every raw value of one person, read over the known key families (not by scanning). */
  async function rawValues(user: UserKey): Promise<string[]> {
    const k = keys.user(user);
    const values = [...Object.entries(await raw.hgetall(k.main)).flat()];
    values.push((await raw.get(k.conversation)) ?? '');
    for (const bucket of await raw.zrange(k.historyIndex, 0, '-1')) {
      values.push(bucket, ...(await raw.zrange(k.history(bucket), 0, '-1', 'WITHSCORES')));
    }
    values.push(...(await raw.smembers(k.scopes)));
    return values;
  }

  it('stores no plaintext answer, note, score or address; the key shows them', async () => {
    const user = newUser();
    await seed(user);
    const values = await rawValues(user);
    expect(values.length).toBeGreaterThan(8);
    const joined = values.join('\n');
    for (const secret of [...SECRETS, 'phq9', 'slack:T1:D1', '"score"']) expect(joined).not.toContain(secret);

    const k = keys.user(user);
    const main = await raw.hgetall(k.main);
    expect(cipher.decrypt(main.p!, aad.profile(user))).toContain('Europe/Berlin');
    expect(cipher.decrypt(main['r:safetyPlan']!, aad.record(user, 'safetyPlan'))).toContain(SECRETS[3]);
    const conv = (await raw.get(k.conversation))!;
    expect(cipher.decrypt(conv.slice(conv.indexOf('|') + 1), aad.conversation(user))).toContain(SECRETS[0]);
    const members = await raw.zrange(k.history(bucketOf(clock.now())), 0, '-1');
    expect(cipher.decrypt(members[0]!, aad.history(user))).toContain('"phq9":17');
  });

  it('refuses a value copied from one person to another', async () => {
    const [a, b] = [newUser(), newUser()];
    await seed(a);
    await seed(b);
    await raw.hset(keys.user(b).main, 'p', (await raw.hget(keys.user(a).main, 'p'))!);
    const error = await store.load(b).catch((e: unknown) => e);
    expect(hasCode(error, 'encryption')).toBe(true);
  });

  it('expires the conversation with the idle TTL and history buckets after retention; never the profile', async () => {
    const user = newUser();
    await seed(user);
    const k = keys.user(user);
    expect(await raw.pttl(k.main)).toBe(-1);
    const convTtl = await raw.pttl(k.conversation);
    expect(convTtl).toBeGreaterThan(CONVERSATION_TTL_MS - 5_000);
    expect(convTtl).toBeLessThanOrEqual(CONVERSATION_TTL_MS);
    const bucket = bucketOf(clock.now());
    const [y, m] = [Number(bucket.slice(0, 4)), Number(bucket.slice(4))];
    const expected = Date.UTC(y, m, 1) + RETENTION_DAYS * DAY - clock.now();
    const bucketTtl = await raw.pttl(k.history(bucket));
    expect(Math.abs(bucketTtl - expected)).toBeLessThan(5_000);
    expect(await raw.pttl(k.historyIndex)).toBeGreaterThan(0);
  });

  it('reports a key of the wrong type as store_corrupt, not as an outage', async () => {
    const user = newUser();
    await raw.set(keys.user(user).main, 'not a hash');
    const error = await store.load(user).catch((e: unknown) => e);
    expect(hasCode(error, 'store_corrupt')).toBe(true);
    expect((error as Error).message).toContain('WRONGTYPE');
  });

  it("drops a scope from its members' own scope lists too", async () => {
    const user = newUser();
    await store.indexUser('slack:Tkeep', user);
    await store.indexUser('slack:Tgone', user);
    await store.dropScope('slack:Tgone');
    expect((await raw.smembers(keys.user(user).scopes)).sort()).toEqual(['slack:Tkeep']);
    expect(await store.usersIn('slack:Tgone')).toEqual([]);
  });

  it('trims entries past retention from Redis itself on the next write, whatever it writes', async () => {
    const user = newUser();
    // Mid-month, so the old entry and the cut-off two days later share a month bucket.
    clock.set(Date.UTC(2026, 5, 15, 12));
    const start = clock.now();
    const old = mood(start - (RETENTION_DAYS - 1) * DAY, 1, 'nearly a year ago');
    expect(bucketOf(old.at)).toBe(bucketOf(start + 2 * DAY - RETENTION_DAYS * DAY));
    await store.commit(user, 0, { history: [old, mood(start, 4)] });
    const oldBucket = keys.user(user).history(bucketOf(old.at));
    expect(await raw.zcard(oldBucket)).toBe(1);
    clock.advance(2 * DAY);
    // A commit without history still enforces retention on the bucket straddling the cut-off.
    await store.commit(user, 1, { profile: profile() });
    expect(await raw.zcard(oldBucket)).toBe(0);
    expect((await store.history(user, 0)).map((e) => e.at)).toEqual([start]);
  });

  it('covers every key family in export and forget, leaving no key of the person', async () => {
    const user = newUser();
    await seed(user);
    const k = keys.user(user);
    const buckets = await raw.zrange(k.historyIndex, 0, '-1');
    expect(buckets.length).toBe(2);
    // Every family has data now; a family without a seed here fails this line.
    const familyKeys: Record<(typeof USER_KEY_FAMILIES)[number], string[]> = {
      main: [k.main],
      conversation: [k.conversation],
      history: buckets.map((b) => k.history(b)),
      historyIndex: [k.historyIndex],
      scopes: [k.scopes],
    };
    for (const family of USER_KEY_FAMILIES) {
      expect(familyKeys[family].length, family).toBeGreaterThan(0);
      expect(await raw.exists(...familyKeys[family]), family).toBe(familyKeys[family].length);
    }
    const exported = (await store.exportUser(user)) as Record<string, unknown>;
    for (const family of USER_KEY_FAMILIES) {
      expect(FAMILY_SECTIONS[family].length, family).toBeGreaterThan(0);
      for (const section of FAMILY_SECTIONS[family]) {
        const value = exported[section];
        expect(value, `${family}.${section}`).toBeTruthy();
        if (typeof value === 'object')
          expect(Object.keys(value as object).length, section).toBeGreaterThan(0);
      }
    }

    const report = await store.forgetUser(user);
    expect(report.deleted).toMatchObject({ conversation: 1, profile: 1, records: 1, history: 2, scopes: 1 });
    for (const family of USER_KEY_FAMILIES) expect(await raw.exists(...familyKeys[family]), family).toBe(0);
    // Belt and braces (tests may scan; the store never does): nothing under the person's hash tag.
    const [, left] = await raw.scan('0', 'MATCH', `*{u:${user}}*`, 'COUNT', 100_000);
    expect(left).toEqual([]);
    expect(await store.usersIn('slack:Tprivacy')).not.toContain(user);
    const registered: UserKey[] = [];
    for await (const u of store.allUsers()) registered.push(u);
    expect(registered).not.toContain(user);
  });

  it('applies 50 concurrent turns of one person from 4 clients exactly once each', async () => {
    const user = newUser();
    const stores = await Promise.all(
      Array.from({ length: 4 }, () =>
        buildRedisStore({ REDIS_URL: url }, clock, { cipher, prefix: keys.prefix }),
      ),
    );
    try {
      const attempts = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          applyWithRetry(stores[i % 4]!.store, user, (s) => ({
            records: { answers: [...((s.records.answers as string[] | undefined) ?? []), `answer-${i}`] },
            history: [mood(clock.now() - i, i % 5)],
          })),
        ),
      );
      const snapshot = await store.load(user);
      const answers = snapshot.records.answers as string[];
      expect(answers).toHaveLength(50);
      expect(new Set(answers).size).toBe(50);
      expect(snapshot.version).toBe(50);
      expect(await store.history(user, 0)).toHaveLength(50);
      // Real contention happened: some turns had to reload and retry.
      expect(attempts.some((n) => n > 1)).toBe(true);
    } finally {
      await Promise.all(stores.map((s) => s.store.close()));
    }
  });

  it('lets only one of 50 concurrent clicks on the same question win', async () => {
    const user = newUser();
    await store.commit(user, 0, { conversation: conversation(clock.now()) });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.commit(user, 1, { history: [mood(clock.now(), i % 5)], conversation: null }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.history(user, 0)).toHaveLength(1);
  });

  it('rotates every value of every registered person to the current key', async () => {
    const [a, b] = [newUser(), newUser()];
    await seed(a);
    await seed(b);
    const newKey = testKey();
    const rotated = await buildRedisStore({ REDIS_URL: url }, clock, {
      cipher: createCipher({ current: newKey, old: [oldKey] }),
      prefix: keys.prefix,
    });
    try {
      let count = 0;
      let unreadable = 0;
      for await (const user of rotated.store.allUsers()) {
        const result = await rotated.store.rotateUser(user);
        count += result.rotated;
        unreadable += result.unreadable;
      }
      expect(count).toBeGreaterThanOrEqual(2 * 5);
      // The profile copied between people in an earlier test stays unreadable, and is reported.
      expect(unreadable).toBe(1);
      for (const user of [a, b]) {
        const values = (await rawValues(user)).filter((v) => /^[0-9a-f]{8}\./.test(v) || v.includes('|'));
        const sealed = values.map((v) => (v.includes('|') ? v.slice(v.indexOf('|') + 1) : v));
        expect(sealed.length).toBeGreaterThanOrEqual(5);
        for (const value of sealed) expect(value.startsWith(`${rotated.cipher.keyId}.`), value).toBe(true);
      }
      // Only the new key is needed now; a second run finds nothing left to do.
      const fresh = await buildRedisStore({ REDIS_URL: url }, clock, {
        cipher: createCipher({ current: newKey }),
        prefix: keys.prefix,
      });
      expect(JSON.stringify(await fresh.store.exportUser(a))).toContain(SECRETS[1]);
      expect((await fresh.store.load(b)).profile.timeZone).toBe('Europe/Berlin');
      expect(await fresh.store.rotateUser(a)).toEqual({ rotated: 0, unreadable: 0 });
      await fresh.store.close();
    } finally {
      await rotated.store.close();
    }
  });
});
