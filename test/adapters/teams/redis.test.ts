import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { text } from '../../../src/core/outbound.ts';
import type { StateStore } from '../../../src/core/ports.ts';
import { asUserKey } from '../../../src/core/user-key.ts';
import { createStore } from '../../../src/store/index.ts';
import * as A from '../../fakes/teams/activities.ts';
import { type FakeConnector, startFakeConnector } from '../../fakes/teams/connector.ts';
import { type RedisHandle, redisTestMode, startRedis } from '../../support/redis-server.ts';
import { startTeamsBot, type TeamsBot, TeamsChat } from './driver.ts';

/**
 * Two bot processes' worth of Teams adapter and bot core sharing one real Redis (a throwaway
 * redis-server): an activity Teams delivers to both is answered once, and the stored conversation
 * reference is encrypted at rest, exported and forgotten with the person.
 */
const redis = redisTestMode();
const KEY = Buffer.alloc(32, 9).toString('base64');
const prefix = `teams${Date.now() % 100000}`;

describe.skipIf(redis.kind === 'skip')('Teams on Redis', () => {
  let server: RedisHandle | undefined;
  let url = '';
  const stores: StateStore[] = [];
  const bots: TeamsBot[] = [];
  let connector: FakeConnector | undefined;

  beforeAll(async () => {
    if (redis.kind === 'external') url = redis.url;
    else {
      server = await startRedis();
      url = server.url;
    }
  });
  afterEach(async () => {
    for (const b of bots.splice(0)) await b.stop();
    for (const s of stores.splice(0)) await s.close();
    await connector?.close();
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function instance(): Promise<TeamsBot> {
    const config = loadConfig({ REDIS_URL: url, CHECKIN_ENCRYPTION_KEY: KEY, CHECKIN_REDIS_PREFIX: prefix });
    const { store } = await createStore(config);
    stores.push(store);
    const bot = await startTeamsBot(connector!, { store });
    bots.push(bot);
    return bot;
  }

  it('answers an activity delivered to two instances at once exactly once', async () => {
    connector = await startFakeConnector();
    const [one, two] = [await instance(), await instance()];
    const who = A.person(21);
    const activity = A.message(connector.url, who, A.personalPlace(who), 'hello');
    const [a, b] = await Promise.all([one.post(activity), two.post(activity)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(one.events.length + two.events.length).toBe(2);
    const consent = connector.calls.filter((c) => /May I save/.test(JSON.stringify(c.body)));
    expect(consent).toHaveLength(1);
  });

  it('keeps the conversation reference encrypted at rest, in export, and gone after forget', async () => {
    connector = await startFakeConnector();
    const bot = await instance();
    const who = A.person(22);
    const me = new TeamsChat(bot, who);
    await me.say('help');
    const user = asUserKey(`teams:${A.TENANT}:${who.aadObjectId}`);
    const exported = JSON.stringify(await bot.store.exportUser(user));
    expect(exported).toContain(me.conversationId);
    expect(exported).toContain(connector.url);

    const raw = new Redis(url);
    try {
      const keys = await raw.keys(`${prefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        const type = await raw.type(key);
        const dump =
          type === 'string'
            ? await raw.get(key)
            : type === 'hash'
              ? JSON.stringify(await raw.hgetall(key))
              : type === 'zset'
                ? JSON.stringify(await raw.zrange(key, '0', '-1'))
                : type === 'set'
                  ? JSON.stringify(await raw.smembers(key))
                  : JSON.stringify(await raw.lrange(key, '0', '-1'));
        expect(dump ?? '').not.toContain(me.conversationId);
        expect(dump ?? '').not.toContain('127.0.0.1');
      }
    } finally {
      raw.disconnect();
    }

    // A second instance reads the reference back and reaches the person proactively.
    const other = await instance();
    const { profile } = await other.store.load(user);
    expect(await other.adapter.sendProactive(profile.address!, text('Reminder'))).toEqual({
      status: 'delivered',
    });

    await bot.store.forgetUser(user);
    expect((await bot.store.load(user)).profile.address).toBeUndefined();
    expect(JSON.stringify(await bot.store.exportUser(user))).not.toContain(me.conversationId);
  });
});
