import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MOVED_TO_DM_TEXT } from '../../../adapters/discord/reply.ts';
import { text } from '../../../src/core/outbound.ts';
import { asUserKey } from '../../../src/core/user-key.ts';
import { MemoryDueIndex } from '../../../src/scheduler/memory-due-index.ts';
import { plainCipher, Scheduler } from '../../../src/scheduler/scheduler.ts';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord/index.ts';
import { ManualClock } from '../../support/transcript.ts';
import { buttonsOf, type DiscordBot, DmConversation, isDelivery, startDiscordBot } from './driver.ts';

/**
 * End to end: Discord traffic from the fake gateway → real discord.js → the adapter → the real bot
 * core (built-in flows, content library, memory store) → native replies recorded by the fake REST.
 */
const ONBOARDING_PREFS = [/Yes, save/, /18 or older/, /^Yes$/, /9:00/];
const CHECKIN_PREFS = [/Good/, /Well/, /Not now/];
const TEXTS: Array<[RegExp, string]> = [
  [/country/i, 'DE'],
  [/feeling/i, 'calm'],
  [/on your mind/i, 'skip'],
  [/time zone/i, 'Europe/Berlin'],
];

let fake: FakeDiscord | undefined;
let b: DiscordBot | undefined;
let page: Server | undefined;
afterEach(async () => {
  await b?.adapter.stop();
  await fake?.close();
  page?.close();
  b = fake = page = undefined;
});

/** A person who has finished onboarding in DMs (the core onboards before most commands). */
async function onboarded(bot: DiscordBot): Promise<DmConversation> {
  const me = new DmConversation(bot);
  const user = asUserKey(`discord:${me.user.id}`);
  await me.say('hello');
  await me.driveUntil(async () => (await bot.store.load(user)).profile.onboarded, ONBOARDING_PREFS, TEXTS);
  return me;
}

async function start(options: Parameters<typeof startDiscordBot>[1] = {}): Promise<DiscordBot> {
  fake = await startFakeDiscord();
  b = await startDiscordBot(fake, options);
  return b;
}

const callbackOf = (f: FakeDiscord, i: { id: string; token: string }) =>
  f.rest.waitFor((c) => c.path === `/interactions/${i.id}/${i.token}/callback`);

describe('Discord end to end', () => {
  it('runs onboarding and a daily check-in in DMs by button clicks, updating each answered question', async () => {
    const bot = await start();
    const me = new DmConversation(bot);
    const user = asUserKey(`discord:${me.user.id}`);
    await me.say('hello');
    let clicks = await me.driveUntil(
      async () => (await bot.store.load(user)).profile.onboarded,
      ONBOARDING_PREFS,
      TEXTS,
    );
    await me.command('checkin');
    clicks += await me.driveUntil(
      async () =>
        (await bot.store.history(user, 0)).some((e) => e.kind === 'mood') &&
        !(await bot.store.load(user)).conversation,
      CHECKIN_PREFS,
      TEXTS,
    );
    const moods = (await bot.store.history(user, 0)).filter((e) => e.kind === 'mood');
    expect(moods).toHaveLength(1);
    expect(clicks).toBeGreaterThanOrEqual(6);

    // Every click answered its message in place: type 7, buttons gone, the answer shown.
    const updates = fake!.rest.calls.filter((c) => /\/callback$/.test(c.path) && c.body?.type === 7);
    expect(updates).toHaveLength(clicks);
    for (const u of updates) {
      expect(u.body.data.components).toEqual([]);
      expect(u.body.data.content).toMatch(/→ \*\*/);
    }
    // The DM is where reminders will go.
    const { profile } = await bot.store.load(user);
    expect(profile.address).toMatchObject({
      platform: 'discord',
      scope: 'direct',
      id: `discord:dm:${me.user.id}`,
    });
    expect(fake!.rest.calls.filter((c) => c.status >= 400)).toEqual([]);
  });

  it('/summary of a library article in a server is public; autocomplete suggests articles', async () => {
    const bot = await start();
    const { user } = await onboarded(bot);
    const place = bot.fake.addGuild(0);
    const ac = bot.fake.autocomplete({
      user,
      place,
      name: 'summary',
      options: [{ name: 'topic', value: 'slep', focused: true }],
    });
    const suggestions = await callbackOf(bot.fake, ac);
    expect(suggestions.body.type).toBe(8);
    expect(suggestions.body.data.choices[0].value).toBe('sleep-and-mood');

    const cmd = bot.fake.command({
      user,
      place,
      name: 'summary',
      options: [{ name: 'topic', value: 'sleep-and-mood' }],
    });
    const reply = await callbackOf(bot.fake, cmd);
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.flags ?? 0).toBe(0);
    expect(reply.body.data.content).toMatch(/min read/);
    expect(reply.body.data.allowed_mentions).toEqual({ parse: [] });
    const sources = await bot.fake.rest.waitFor(
      (c) => c.method === 'POST' && c.path.endsWith(`/${cmd.token}`),
    );
    expect(sources.body.content).toMatch(/Sources/);
  });

  it('/summary of a web page (local server) is deferred at once, then the summary edits the reply', async () => {
    page = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const para = (n: number) =>
        `<p>Regular sleep helps mood in many ways, and point ${n} explains why a steady wake time matters for energy during the day.</p>`;
      res.end(
        `<!doctype html><html><head><title>Sleep and mood</title></head><body><article><h1>Sleep and mood</h1>${Array.from({ length: 12 }, (_, n) => para(n)).join('')}</article></body></html>`,
      );
    });
    await new Promise<void>((resolve) => page!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/sleep`;
    const bot = await start();
    const { user } = await onboarded(bot);
    const place = bot.fake.addGuild(0);
    const cmd = bot.fake.command({ user, place, name: 'summary', options: [{ name: 'url', value: url }] });
    const deferred = await callbackOf(bot.fake, cmd);
    expect(deferred.body.type).toBe(5);
    const edit = await bot.fake.rest.waitFor(
      (c) => c.method === 'PATCH' && c.path.includes(cmd.token),
      10_000,
    );
    expect(edit.body.content).toMatch(/Sleep and mood/);
    expect(edit.body.content).toMatch(/steady wake time/);
  });

  it('/sos in a server answers ephemerally and marked urgent', async () => {
    const bot = await start();
    const { user } = bot.fake.addUser();
    const place = bot.fake.addGuild(0);
    const cmd = bot.fake.command({ user, place, name: 'sos' });
    const reply = await callbackOf(bot.fake, cmd);
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.flags).toBe(64);
    expect(reply.body.data.content.startsWith('⚠️')).toBe(true);
    // Nothing was posted into the channel itself.
    expect(bot.fake.rest.callsTo('POST', new RegExp(`^/channels/${place.channelId}/messages$`))).toEqual([]);
    expect(await bot.store.usersIn(`discord-guild:${place.guildId}`)).toEqual([`discord:${user.id}`]);
  });

  it('/checkin in a server continues privately in DMs', async () => {
    const bot = await start();
    const { user } = bot.fake.addUser();
    const place = bot.fake.addGuild(0);
    const cmd = bot.fake.command({ user, place, name: 'checkin' });
    const notice = await callbackOf(bot.fake, cmd);
    expect(notice.body.data).toMatchObject({ flags: 64, content: MOVED_TO_DM_TEXT });
    const dm = await bot.fake.rest.waitFor(
      (c) =>
        c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path) && buttonsOf(c.body).length > 0,
    );
    const channel = bot.fake.rest.channels.get(dm.path.split('/')[2]!);
    expect(channel.type).toBe(1);
    expect(channel.recipients[0].id).toBe(user.id);
    // Every private message of the reply went to the DM; only the pointer stayed in the server.
    expect(bot.fake.rest.callsTo('POST', /^\/webhooks\//)).toEqual([]);
  });

  it('answers a duplicated interaction once, and a RESUME replay repeats no turn', async () => {
    const bot = await start();
    const me = new DmConversation(bot);
    const first = bot.fake.command({ user: me.user, place: me.place, name: 'help' });
    bot.fake.gateway.dispatch('INTERACTION_CREATE', first.payload, 0);
    await bot.fake.gateway.until(() => bot.turns.length === 2 && bot.pending() === 0);
    await callbackOf(bot.fake, first);

    // A reconnect whose RESUME replays the last delivered event (an interaction) once more.
    // (A replayed MESSAGE_CREATE is already dropped by discord.js's message cache.)
    bot.fake.gateway.replayOverlap = 1;
    await me.command('help');
    bot.fake.gateway.requestReconnect(0);
    await bot.fake.gateway.until(() => bot.turns.length === 4 && bot.pending() === 0);
    await me.settle();

    const ids = bot.turns.map((t) => t.eventId);
    expect(ids[0]).toBe(`discord:int:${first.id}`);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[3]).toBe(ids[2]);
    expect(fake!.gateway.received.filter((r) => r.op === 6)).toHaveLength(1);
    // Two distinct interactions, each answered exactly once.
    const callbacks = bot.fake.rest.callsTo('POST', /\/callback$/);
    expect(callbacks).toHaveLength(2);
    expect(callbacks.every((c) => c.status === 204)).toBe(true);
  });

  it('waits out a 429 on a reply and still delivers everything once', async () => {
    const bot = await start();
    const me = new DmConversation(bot);
    bot.fake.rest.inject({
      method: 'POST',
      path: new RegExp(`^/channels/${me.dmChannelId}/messages$`),
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 0.1, global: false },
      headers: {
        'retry-after': '0.1',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '0.1',
      },
    });
    await me.say('hello');
    const posts = bot.fake.rest.callsTo('POST', new RegExp(`^/channels/${me.dmChannelId}/messages$`));
    expect(posts[0]!.status).toBe(429);
    expect(posts.filter(isDelivery)).toHaveLength(bot.expectedDeliveries());
  });

  it('sends a reminder DM through the scheduler, and reports a person with closed DMs as gone', async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 7, 0)); // Monday 08:00 in Berlin
    const bot = await start({ clock });
    const reminder = text('Time for your check-in? Type /checkin when you have a minute.');
    const outcomes: string[] = [];
    const scheduler = new Scheduler({
      index: new MemoryDueIndex(),
      cipher: plainCipher,
      clock,
      deliver: async (job) => {
        const result = await bot.adapter.sendProactive(job.address, reminder);
        outcomes.push(`${job.owner} ${result.status}`);
        return result;
      },
    });
    const open = bot.fake.addUser().user;
    const closed = bot.fake.addUser().user;
    bot.fake.rest.closedDms.add(closed.id);
    for (const u of [open, closed]) {
      // The address the core stores from a DM turn: the person's DM, made by the adapter.
      await bot.bot.handle({
        type: 'turn',
        user: asUserKey(`discord:${u.id}`),
        address: {
          platform: 'discord',
          id: `discord:dm:${u.id}`,
          scope: 'direct',
          ref: { kind: 'dm', userId: u.id },
        },
        eventId: `seed:${u.id}`,
        input: { kind: 'command', name: 'help', argsText: '' },
      });
      const { profile } = await bot.store.load(asUserKey(`discord:${u.id}`));
      await scheduler.schedule({
        owner: `discord:${u.id}`,
        rule: { time: '09:00', days: [1, 2, 3, 4, 5], enabled: true },
        timeZone: 'Europe/Berlin',
        address: profile.address!,
      });
    }
    clock.advance(60 * 60_000);
    await scheduler.runOnce();
    expect(outcomes.sort()).toEqual([`discord:${closed.id} gone`, `discord:${open.id} delivered`].sort());
    const sent = bot.fake.rest.calls.filter(
      (c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path),
    );
    expect(sent.filter((c) => c.status === 200).map((c) => c.body.content)).toEqual([
      'Time for your check-in? Type /checkin when you have a minute.',
    ]);
    expect(await scheduler.nextDue(`discord:${closed.id}`)).toBeNull();
  });
});
