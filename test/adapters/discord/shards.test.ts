import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOVED_TO_DM_TEXT } from '../../../adapters/discord/reply.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { asUserKey } from '../../../src/core/user-key.ts';
import { createStore, type StoreBundle } from '../../../src/store/index.ts';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord/index.ts';
import { type RedisHandle, redisTestMode, startRedis } from '../../support/redis-server.ts';
import { type DiscordBot, DmConversation, startDiscordBot } from './driver.ts';

/**
 * Two bot processes (two discord.js clients, two bot cores, two Redis connections) split four
 * gateway shards and share one Redis: every event is handled by exactly one of them, a duplicate
 * delivered to both is answered once, and a person's state follows them across processes.
 */
const mode = redisTestMode();
const BOT_PROCESS = fileURLToPath(new URL('./fixtures/bot-process.ts', import.meta.url));

describe.skipIf(mode.kind === 'skip')('Discord shards across two processes sharing Redis', () => {
  let redis: RedisHandle | null = null;
  let fake: FakeDiscord;
  const stores: StoreBundle[] = [];
  let a: DiscordBot;
  let b: DiscordBot;

  beforeAll(async () => {
    redis = mode.kind === 'spawn' ? await startRedis() : null;
    const config = loadConfig({
      REDIS_URL: mode.kind === 'external' ? mode.url : redis!.url,
      CHECKIN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      CHECKIN_REDIS_PREFIX: `dshard${Date.now()}`,
    });
    fake = await startFakeDiscord();
    for (let n = 0; n < 2; n++) stores.push(await createStore(config));
    a = await startDiscordBot(fake, {
      store: stores[0]!.store,
      adapter: { shardIds: [0, 1], shardCount: 4 },
    });
    b = await startDiscordBot(fake, {
      store: stores[1]!.store,
      adapter: { shardIds: [2, 3], shardCount: 4 },
    });
  });
  afterAll(async () => {
    await a?.adapter.stop();
    await b?.adapter.stop();
    await fake?.close();
    for (const s of stores) await s.store.close();
    await redis?.stop();
  });

  it('hands every event to exactly one process and answers a cross-shard duplicate once', async () => {
    expect(fake.gateway.liveShards().sort()).toEqual(['0/4', '1/4', '2/4', '3/4']);
    const users = [fake.addUser().user, fake.addUser().user];
    const guilds = [0, 1, 2, 3].map((shard) => ({ shard, place: fake.addGuild(shard) }));
    const sent: Array<{ id: string; shard: number }> = [];
    for (const { shard, place } of guilds) {
      for (const user of users) {
        const i = fake.command({ user, place, name: 'help' });
        sent.push({ id: `discord:int:${i.id}`, shard });
      }
    }
    // The same interaction delivered on a shard of each process (e.g. during a resharding).
    const twice = fake.command({ user: users[0]!, place: guilds[0]!.place, name: 'sos' });
    fake.gateway.dispatch('INTERACTION_CREATE', twice.payload, 3);

    const turnIds = (x: DiscordBot) => x.turns.filter((t) => t.type === 'turn').map((t) => t.eventId);
    await fake.gateway.until(
      () => turnIds(a).length + turnIds(b).length === sent.length + 2 && !a.pending() && !b.pending(),
    );
    expect(
      turnIds(a)
        .filter((id) => id !== `discord:int:${twice.id}`)
        .sort(),
    ).toEqual(
      sent
        .filter((s) => s.shard < 2)
        .map((s) => s.id)
        .sort(),
    );
    expect(
      turnIds(b)
        .filter((id) => id !== `discord:int:${twice.id}`)
        .sort(),
    ).toEqual(
      sent
        .filter((s) => s.shard >= 2)
        .map((s) => s.id)
        .sort(),
    );
    await fake.rest.waitFor((c) => c.path === `/interactions/${twice.id}/${twice.token}/callback`);
    await fake.gateway.until(() => fake.rest.callsTo('POST', /\/callback$/).length >= sent.length + 1);
    const callbacks = fake.rest.callsTo('POST', /\/callback$/).map((c) => c.path);
    expect(callbacks).toHaveLength(sent.length + 1);
    expect(new Set(callbacks).size).toBe(sent.length + 1);
  });

  it("keeps a person's state across processes: onboarded via one, /checkin in a server of the other", async () => {
    // DMs arrive on shard 0 (process a); the server below is on shard 3 (process b).
    const me = new DmConversation(a);
    const user = asUserKey(`discord:${me.user.id}`);
    await me.say('hello');
    await me.driveUntil(
      async () => (await a.store.load(user)).profile.onboarded,
      [/Yes, save/, /18 or older/, /^Yes$/, /9:00/],
      [
        [/country/i, 'DE'],
        [/time zone/i, 'Europe/Berlin'],
      ],
    );
    const place = fake.addGuild(3);
    const cmd = fake.command({ user: me.user, place, name: 'checkin' });
    const notice = await fake.rest.waitFor((c) => c.path === `/interactions/${cmd.id}/${cmd.token}/callback`);
    expect(notice.body.data).toMatchObject({ flags: 64, content: MOVED_TO_DM_TEXT });
    expect(b.turns.some((t) => t.eventId === `discord:int:${cmd.id}`)).toBe(true);
    // Process b knew the person was onboarded (shared Redis), so the check-in itself started.
    await fake.gateway.until(() => b.pending() === 0);
    const state = await b.store.load(user);
    expect(state.conversation?.flowId).toBe('daily-checkin');
    expect(await b.store.usersIn(`discord-guild:${place.guildId}`)).toContain(user);
  });
});

describe.skipIf(mode.kind === 'skip')('Discord shards across two OS processes', () => {
  let redis: RedisHandle | null = null;
  let fake: FakeDiscord;
  const children: ChildProcess[] = [];
  const handled: Array<{ child: number; id: string; messages: number }> = [];

  beforeAll(async () => {
    redis = mode.kind === 'spawn' ? await startRedis() : null;
    fake = await startFakeDiscord();
    const env = {
      ...process.env,
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_SHARD_COUNT: '4',
      REDIS_URL: mode.kind === 'external' ? mode.url : redis!.url,
      CHECKIN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      CHECKIN_REDIS_PREFIX: `dproc${Date.now()}`,
    };
    const ready = ['0,1', '2,3'].map((shards, n) => {
      const child = fork(BOT_PROCESS, [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: { ...env, DISCORD_SHARD_IDS: shards },
      });
      children.push(child);
      return new Promise<void>((resolve, reject) => {
        child.on('message', (m: { ready?: boolean; handled?: string; messages?: number }) => {
          if (m.ready) resolve();
          if (m.handled) handled.push({ child: n, id: m.handled, messages: m.messages ?? 0 });
        });
        child.once('exit', (code) => reject(new Error(`bot process ${n} exited with ${code}`)));
      });
    });
    await Promise.all(ready);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(
      children.map((c) =>
        c.exitCode === null && c.signalCode === null
          ? new Promise((resolve) => {
              c.once('exit', resolve);
              c.kill('SIGTERM');
            })
          : null,
      ),
    );
    await fake?.close();
    await redis?.stop();
  });

  it('each process runs half of the shards and every event is handled by exactly one of them', async () => {
    expect(fake.gateway.liveShards().sort()).toEqual(['0/4', '1/4', '2/4', '3/4']);
    const users = [fake.addUser(), fake.addUser()];
    const expected = new Map<string, number>();
    for (let shard = 0; shard < 4; shard++) {
      const place = fake.addGuild(shard);
      for (const { user } of users) {
        const i = fake.command({ user, place, name: 'help' });
        expected.set(`discord:int:${i.id}`, shard < 2 ? 0 : 1);
      }
    }
    for (const { user, dmChannelId } of users) {
      const m = fake.dm({ user, dmChannelId, content: 'help' });
      expected.set(`discord:msg:${m.id}`, 0); // DMs arrive on shard 0
    }
    // One interaction delivered to both processes: answered once, through the shared Redis.
    const place0 = fake.addGuild(0);
    const twice = fake.command({ user: users[0]!.user, place: place0, name: 'sos' });
    fake.gateway.dispatch('INTERACTION_CREATE', twice.payload, 2);

    // Server joins are reported too (lifecycle `installed`); count the turns.
    const turns = () => handled.filter((h) => /^discord:(int|msg):/.test(h.id));
    await fake.gateway.until(() => turns().length === expected.size + 2, 20_000);
    for (const [id, child] of expected) {
      expect(
        turns()
          .filter((h) => h.id === id)
          .map((h) => h.child),
      ).toEqual([child]);
    }
    const both = handled.filter((h) => h.id === `discord:int:${twice.id}`);
    expect(both.map((h) => h.child).sort()).toEqual([0, 1]);
    expect(both.map((h) => h.messages).sort()).toEqual([0, 1]); // the second delivery was a duplicate
    await fake.gateway.until(() => fake.rest.callsTo('POST', /\/callback$/).length >= 9, 10_000);
    expect(fake.rest.callsTo('POST', new RegExp(`^/interactions/${twice.id}/`))).toHaveLength(1);
  });
});
