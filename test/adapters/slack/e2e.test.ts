import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { text } from '../../../src/core/outbound.ts';
import type { StateStore } from '../../../src/core/ports.ts';
import { createStore } from '../../../src/store/index.ts';
import { buttonsOf, dmMessage, eventEnvelope, mention } from '../../fakes/slack/payloads.ts';
import { type RedisHandle, redisTestMode, startRedis } from '../../support/redis-server.ts';
import { type Conversation, driveUntil, postText, startConversation } from './driver.ts';

/**
 * End to end: Slack traffic (signed HTTP, real Bolt) → the adapter → the real bot core with its
 * flows and store → Block Kit back to the fake Slack. The daily check-in also runs on Redis.
 */
const ONBOARDING_PREFS = [/Yes, save/, /18 or older/, /^Yes$/, /9:00/];
const CHECKIN_PREFS = [/Good/, /Well/, /Not now/];
const TEXTS: Array<[RegExp, string]> = [
  [/country/i, 'DE'],
  [/feeling/i, 'calm'],
  [/on your mind/i, 'skip'],
  [/time zone/i, 'Europe/Berlin'],
];

let c: Conversation | undefined;
afterEach(async () => {
  await c?.h.close();
  c = undefined;
});

/** Onboarding by DM, then `/checkin` and the daily check-in, all by clicks; returns clicks made. */
async function fullCheckin(conversation: Conversation): Promise<number> {
  const user = 'slack:T1:U1' as Parameters<StateStore['load']>[0];
  await conversation.say('hello');
  let clicks = await driveUntil(
    conversation,
    async () => (await conversation.store.load(user)).profile.onboarded,
    ONBOARDING_PREFS,
    TEXTS,
  );
  await conversation.command('');
  clicks += await driveUntil(
    conversation,
    async () =>
      (await conversation.store.history(user, 0)).some((e) => e.kind === 'mood') &&
      !(await conversation.store.load(user)).conversation,
    CHECKIN_PREFS,
    TEXTS,
  );
  return clicks;
}

async function expectCheckinDone(conversation: Conversation, clicks: number) {
  const user = 'slack:T1:U1' as Parameters<StateStore['load']>[0];
  const { profile } = await conversation.store.load(user);
  const moods = (await conversation.store.history(user, 0)).filter((e) => e.kind === 'mood');
  expect(moods).toHaveLength(1);
  expect(moods[0]!.data).toMatchObject({ mood: 4, energy: 4, sleep: 4 });
  // The time zone came from the Slack profile: onboarding only asked to confirm it.
  expect(profile.timeZone).toBe('Europe/Berlin');
  const posts = conversation.h.fake.callsTo('chat.postMessage');
  expect(posts.some((p) => postText(p).includes('What’s your time zone'))).toBe(false);
  expect(posts.some((p) => postText(p).includes('Europe/Berlin'))).toBe(true);
  expect(profile.address).toMatchObject({ id: 'slack:T1:DU1', scope: 'direct' });
  // Everything went to the DM, and every clicked question was replaced by its answer, buttons gone.
  expect(new Set(posts.map((p) => p.params.channel))).toEqual(new Set(['DU1']));
  const updates = conversation.h.fake.callsTo('chat.update');
  expect(updates).toHaveLength(clicks);
  for (const update of updates) expect(buttonsOf(update.params.blocks)).toEqual([]);
  expect(clicks).toBeGreaterThanOrEqual(7);
}

describe('Slack end to end over HTTP (memory store)', () => {
  it('runs onboarding and a full daily check-in in a DM by button clicks', async () => {
    c = await startConversation();
    const clicks = await fullCheckin(c);
    await expectCheckinDone(c, clicks);

    // The App Home tab then shows the settings and the mood just recorded.
    await c.sendEvent(
      eventEnvelope({ type: 'app_home_opened', user: 'U1', channel: 'DU1', tab: 'home', event_ts: '1.0' }),
    );
    const [publish] = await c.h.fake.waitForCalls('views.publish');
    const home = JSON.stringify(publish!.params.view);
    expect(home).toContain('Your settings');
    expect(home).toContain('Europe/Berlin');
    expect(home).toContain('🙂 4/5');
  });

  it('answers a retried event once, and duplicate button clicks once', async () => {
    c = await startConversation();
    const body = eventEnvelope(dmMessage('U1', 'hello'), 'EvRetry');
    await c.sendEvent(body);
    await c.sendEvent(body, 1);
    await c.sendEvent(eventEnvelope(body.event as Record<string, unknown>, 'EvOther'));
    await c.h.fake.waitFor(() => c!.turns.length === 3);
    await c.settle();
    const afterHello = c.h.fake.callsTo('chat.postMessage').length;
    expect(afterHello).toBeGreaterThan(0);
    // Three deliveries, one answer: the same posts a single delivery makes.
    expect(
      c.h.fake.callsTo('chat.postMessage').filter((p) => postText(p).includes('May I save')),
    ).toHaveLength(1);

    await c.click(/Yes, save/);
    const posted = c.h.fake.callsTo('chat.postMessage').length;
    const updated = c.h.fake.callsTo('chat.update').length;
    const click = c.clicks.at(-1)!;
    await Promise.all([c.sendClick(click), c.sendClick(click)]);
    await c.h.fake.waitFor(() => c!.turns.length === 6);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.h.fake.callsTo('chat.postMessage')).toHaveLength(posted);
    expect(c.h.fake.callsTo('chat.update')).toHaveLength(updated);
  });

  it('answers /checkin help in a channel privately, with the subcommands from the registry', async () => {
    c = await startConversation();
    await c.command('help', 'C1');
    const ephemerals = await c.h.fake.waitForCalls('chat.postEphemeral', 2);
    expect(ephemerals.every((e) => e.params.channel === 'C1' && e.params.user === 'U1')).toBe(true);
    const all = ephemerals.map(postText).join('\n');
    expect(all).toContain('/checkin breathe');
    expect(all).toContain('/checkin forget');
    expect(c.h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('answers crisis words typed in a channel only privately: the DM and an ephemeral note', async () => {
    c = await startConversation();
    await c.sendEvent(eventEnvelope(mention('U1', 'C1', '<@UBOT> sos')));
    await c.h.fake.waitFor((calls) => calls.some((x) => x.method === 'chat.postEphemeral'));
    await c.settle();
    const posts = c.h.fake.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((p) => p.params.channel === 'DU1')).toBe(true);
    expect(postText(posts[0]!)).toContain(':warning:');
    expect(c.h.fake.callsTo('chat.postEphemeral').every((e) => e.params.user === 'U1')).toBe(true);

    // Crisis words typed in the channel: whatever the core's detector makes of them, the reply is
    // private (the core marks channel replies private) and so nothing reaches the channel.
    const before = c.h.fake.calls.length;
    await c.sendEvent(eventEnvelope(mention('U1', 'C1', '<@UBOT> I want to end my life tonight')));
    await c.h.fake.waitFor((calls) => calls.slice(before).some((x) => x.method === 'chat.postMessage'));
    await c.settle();
    const later = c.h.fake.calls.slice(before);
    expect(
      later.filter((x) => x.method === 'chat.postMessage').every((p) => p.params.channel === 'DU1'),
    ).toBe(true);
    expect(later.filter((x) => x.method === 'chat.postEphemeral').every((e) => e.params.user === 'U1')).toBe(
      true,
    );
  });

  it('waits out a 429 and delivers the reply once; rejects bad and stale signatures', async () => {
    c = await startConversation();
    c.h.fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await c.say('hello');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const consent = c.h.fake.callsTo('chat.postMessage').filter((p) => postText(p).includes('May I save'));
    expect(consent).toHaveLength(1);

    const forged = eventEnvelope(dmMessage('U2', 'hello'));
    expect((await c.h.event(forged, { signature: 'v0=00' })).status).toBe(401);
    expect((await c.h.event(forged, { timestampSec: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401);
    expect((await c.store.load('slack:T1:U2' as Parameters<StateStore['load']>[0])).version).toBe(0);
  });

  it('delivers a reminder proactively to the address the core stored', async () => {
    c = await startConversation();
    await c.say('hello');
    const { profile } = await c.store.load('slack:T1:U1' as Parameters<StateStore['load']>[0]);
    expect(profile.address).toBeDefined();
    const result = await c.h.adapter.sendProactive(profile.address!, text('Time for your check-in?'));
    expect(result).toEqual({ status: 'delivered' });
    expect(c.h.fake.callsTo('conversations.open').at(-1)!.params.users).toBe('U1');
    expect(postText(c.h.fake.callsTo('chat.postMessage').at(-1)!)).toContain('Time for your check-in?');
  });
});

describe('Slack end to end in Socket Mode', () => {
  it('runs the DM check-in, the slash command, a redelivered envelope and a reconnect', async () => {
    c = await startConversation({ socket: true });
    const clicks = await fullCheckin(c);
    await expectCheckinDone(c, clicks);

    const before = c.h.fake.callsTo('chat.postMessage').length;
    const body = eventEnvelope(dmMessage('U1', 'help'), 'EvSock');
    await c.sendEvent(body);
    await c.sendEvent(body, 1);
    await c.h.fake.waitFor(() => c!.turns.filter((t) => t.eventId === c!.turns.at(-1)!.eventId).length === 2);
    await c.settle();
    const helpPosts = c.h.fake.callsTo('chat.postMessage').length - before;
    expect(helpPosts).toBeGreaterThan(0);
    // Two deliveries of one envelope, one answer.
    const helpAnswers = c.h.fake
      .callsTo('chat.postMessage')
      .slice(before)
      .filter((p) => postText(p).includes('what I can do'));
    expect(helpAnswers).toHaveLength(1);

    c.h.fake.socket.disconnectAll();
    await c.h.fake.socket.waitForConnections(2);
    await c.command('breathe');
    expect(c.h.fake.callsTo('chat.postMessage').length).toBeGreaterThan(before + helpPosts);
    expect(c.turns.at(-1)).toMatchObject({
      input: { kind: 'command', name: 'breathe' },
      address: { scope: 'direct' },
    });
  });
});

const redis = redisTestMode();
describe.skipIf(redis.kind === 'skip')('Slack end to end on Redis', () => {
  let server: RedisHandle | undefined;
  let store: StateStore | undefined;
  let redisUrl = '';
  const KEY = Buffer.alloc(32, 7).toString('base64');
  const prefix = `slack${Date.now() % 100000}`;
  beforeAll(async () => {
    let url: string;
    if (redis.kind === 'external') url = redis.url;
    else {
      server = await startRedis();
      url = server.url;
    }
    redisUrl = url;
    const config = loadConfig({ REDIS_URL: url, CHECKIN_ENCRYPTION_KEY: KEY, CHECKIN_REDIS_PREFIX: prefix });
    ({ store } = await createStore(config));
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('answers an event once when Slack retries it to another instance sharing the Redis', async () => {
    const config = loadConfig({
      REDIS_URL: redisUrl,
      CHECKIN_ENCRYPTION_KEY: KEY,
      CHECKIN_REDIS_PREFIX: prefix,
    });
    const other = await createStore(config);
    // Another person than the check-in below, so the two tests share no state.
    c = await startConversation({ store: store!, user: 'U7' });
    const second = await startConversation({ store: other.store, fake: c.h.fake, user: 'U7' });
    try {
      const body = eventEnvelope(dmMessage('U7', 'hello'), 'EvTwoInstances');
      // The first delivery and Slack's retry land on different instances at the same moment.
      await Promise.all([c.sendEvent(body), second.sendEvent(body, 1)]);
      await c.h.fake.waitFor(() => c!.turns.length + second.turns.length === 2);
      await c.settle();
      await second.settle();
      const consent = c.h.fake.callsTo('chat.postMessage').filter((p) => postText(p).includes('May I save'));
      expect(consent).toHaveLength(1);
    } finally {
      await second.h.close();
      await other.store.close();
    }
  });

  it('runs the daily check-in by button clicks with state in Redis', async () => {
    c = await startConversation({ store: store! });
    const clicks = await fullCheckin(c);
    await expectCheckinDone(c, clicks);
  });
});
