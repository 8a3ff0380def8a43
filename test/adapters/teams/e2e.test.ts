import { afterEach, describe, expect, it } from 'vitest';
import { MOVED_TO_CHAT_TEXT } from '../../../adapters/teams/index.ts';
import { PRIVATE_FALLBACK_NOTICE, text } from '../../../src/core/outbound.ts';
import { asUserKey } from '../../../src/core/user-key.ts';
import { MemoryDueIndex } from '../../../src/scheduler/memory-due-index.ts';
import { plainCipher, Scheduler } from '../../../src/scheduler/scheduler.ts';
import * as A from '../../fakes/teams/activities.ts';
import { type FakeConnector, startFakeConnector } from '../../fakes/teams/connector.ts';
import { ManualClock } from '../../support/transcript.ts';
import { actionsOf, startTeamsBot, type TeamsBot, TeamsChat, textOf } from './driver.ts';

/**
 * End to end: activities POSTed to /api/messages on the bot's HTTP server → the real CloudAdapter →
 * the Teams adapter → the real bot core (built-in flows, memory store) → replies, card updates and
 * proactive messages recorded by the fake connector.
 */
const ONBOARDING_PREFS = [/Yes, save/, /18 or older/, /^Yes$/, /9:00/];
const CHECKIN_PREFS = [/Good/, /Well/, /Not now/];
const TEXTS: Array<[RegExp, string]> = [
  [/country/i, 'DE'],
  [/feeling/i, 'calm'],
  [/on your mind/i, 'skip'],
  [/time zone/i, 'Europe/Berlin'],
];

let connector: FakeConnector | undefined;
let b: TeamsBot | undefined;
afterEach(async () => {
  await b?.stop();
  await connector?.close();
  b = connector = undefined;
});

async function start(options: Parameters<typeof startTeamsBot>[1] = {}): Promise<TeamsBot> {
  connector = await startFakeConnector();
  b = await startTeamsBot(connector, options);
  return b;
}

const keyOf = (p: A.TeamsPerson) => asUserKey(`teams:${A.TENANT}:${p.aadObjectId}`);

async function onboard(bot: TeamsBot, chat: TeamsChat): Promise<number> {
  await chat.say('hello');
  return chat.driveUntil(
    async () => (await bot.store.load(keyOf(chat.who))).profile.onboarded,
    ONBOARDING_PREFS,
    TEXTS,
  );
}

describe('Teams end to end', () => {
  it('runs onboarding and a check-in in a personal chat by Action.Submit clicks, updating each answered card', async () => {
    const bot = await start({ adapter: { actions: 'submit' } });
    const me = new TeamsChat(bot, A.person(1));
    let clicks = await onboard(bot, me);
    await me.say('checkin');
    clicks += await me.driveUntil(
      async () =>
        (await bot.store.history(keyOf(me.who), 0)).some((e) => e.kind === 'mood') &&
        !(await bot.store.load(keyOf(me.who))).conversation,
      CHECKIN_PREFS,
      TEXTS,
    );
    expect(clicks).toBeGreaterThanOrEqual(6);
    expect((await bot.store.history(keyOf(me.who), 0)).filter((e) => e.kind === 'mood')).toHaveLength(1);

    // Every click replaced its card (PUT on the clicked activity): answer shown, buttons gone.
    const updates = connector!.callsOf('update', me.conversationId);
    expect(updates).toHaveLength(clicks);
    for (const u of updates) {
      expect(actionsOf(u.body)).toEqual([]);
      expect(textOf(u.body)).toMatch(/→ \*\*/);
    }
    // Replies went to the activity that caused them; every call succeeded.
    expect(connector!.calls.every((c) => c.status < 300)).toBe(true);
    // The personal chat, as a conversation reference, is where reminders will go.
    const { profile } = await bot.store.load(keyOf(me.who));
    expect(profile.address).toMatchObject({
      platform: 'teams',
      scope: 'direct',
      id: `teams:dm:${A.TENANT}:${me.who.aadObjectId}`,
      ref: {
        kind: 'reference',
        reference: { conversation: { id: me.conversationId }, serviceUrl: connector!.url },
      },
    });
    expect(profile.timeZone).toBe('Europe/Berlin');
  });

  it('runs onboarding by Action.Execute clicks (the Teams default), each answered card in the invoke response', async () => {
    const bot = await start();
    const me = new TeamsChat(bot, A.person(14));
    const clicks = await onboard(bot, me);
    expect(clicks).toBeGreaterThanOrEqual(3);
    expect(me.clickResponses).toHaveLength(clicks);
    for (const r of me.clickResponses) {
      expect(r.status).toBe(200);
      expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(textOf({ attachments: [{ content: r.body.value }] })).toMatch(/→ \*\*/);
    }
    // The invoke response replaced each card; nothing was PUT.
    expect(connector!.callsOf('update')).toEqual([]);
  });

  it('answers an Action.Execute invoke with the answered card as the HTTP body', async () => {
    const bot = await start(); // Teams default: Universal Actions
    const me = new TeamsChat(bot, A.person(2));
    await me.say('hello');
    const card = me.lastMessage()!;
    const buttons = actionsOf(card.body);
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.every((a) => a.type === 'Action.Execute' && a.verb === 'checkin.answer')).toBe(true);
    const before = connector!.calls.length;
    const { response } = await me.click(/Yes, save/);
    expect(response.status).toBe(200);
    expect(response.body.statusCode).toBe(200);
    expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(textOf({ attachments: [{ content: response.body.value }] })).toMatch(/→/);
    expect(actionsOf({ attachments: [{ content: response.body.value }] })).toEqual([]);
    // The next question follows as a new message; the card itself was not PUT (the invoke replaced it).
    const after = connector!.calls.slice(before);
    expect(after.some((c) => c.kind === 'reply' && actionsOf(c.body).length > 0)).toBe(true);
    expect(after.filter((c) => c.kind === 'update')).toEqual([]);
    const event = bot.events.at(-1)!;
    expect(event.type === 'turn' && event.input.kind).toBe('choice');
  });

  it('moves personal content from a channel @mention to the 1:1 chat, or posts only the notice', async () => {
    const bot = await start();
    const channel = A.channelPlace();
    const alice = new TeamsChat(bot, A.person(3), channel);
    const res = await alice.say('checkin');
    expect(res.status).toBe(200);
    const event = bot.events.at(-1)!;
    expect(event).toMatchObject({
      type: 'turn',
      input: { kind: 'text', text: 'checkin' },
      address: { scope: 'channel' },
    });

    const personalId = connector!.personalConversationId(alice.who.id);
    const created = connector!.callsOf('create');
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({
      isGroup: false,
      members: [{ id: alice.who.id }],
      tenantId: A.TENANT,
    });
    // The onboarding question went to the 1:1 chat; the channel only got a pointer.
    expect(alice.messages(personalId).some((m) => actionsOf(m.body).length > 0)).toBe(true);
    const inChannel = alice.messages(channel.conversationId);
    expect(inChannel.map((m) => textOf(m.body).trim())).toEqual([MOVED_TO_CHAT_TEXT]);
    expect(await bot.store.usersIn(`teams-team:${channel.conversationId}`)).toEqual([keyOf(alice.who)]);

    // Someone without the app installed personally: the channel gets only the neutral notice.
    const bob = new TeamsChat(bot, A.person(4), channel);
    connector!.notInstalled.add(bob.who.id);
    await bob.say('checkin');
    const notices = bob.messages(channel.conversationId).slice(1);
    expect(notices.map((m) => textOf(m.body).trim())).toEqual([PRIVATE_FALLBACK_NOTICE]);
    expect(bob.messages(connector!.personalConversationId(bob.who.id))).toEqual([]);
  });

  it('answers a duplicate delivery of the same activity once', async () => {
    const bot = await start();
    const me = new TeamsChat(bot, A.person(5));
    const activity = A.message(connector!.url, me.who, me.place, 'help');
    const [first, second] = await Promise.all([bot.post(activity), bot.post(activity)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const replies = connector!.callsOf('reply', me.conversationId);
    expect(replies.length).toBeGreaterThan(0);
    expect(new Set(replies.map((r) => r.activityId))).toEqual(new Set([activity.id]));
    const again = await bot.post(activity);
    expect(again.status).toBe(200);
    expect(connector!.callsOf('reply', me.conversationId)).toHaveLength(replies.length);
  });

  it('waits out a 429 on a reply and still delivers once', async () => {
    const bot = await start();
    const me = new TeamsChat(bot, A.person(6));
    connector!.inject({ path: /\/activities\//, status: 429, headers: { 'retry-after': '0.2' } });
    const started = Date.now();
    await me.say('help');
    const replies = connector!.callsOf('reply', me.conversationId);
    expect(replies[0]!.status).toBe(429);
    expect(replies.slice(1).every((r) => r.status === 200)).toBe(true);
    expect(replies.length).toBeGreaterThanOrEqual(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('sends a reminder through the scheduler; 403 → gone (unscheduled), 429 → rate limited', async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 7, 0)); // Monday 08:00 in Berlin
    const bot = await start({ clock });
    const reminder = text('Time for your check-in? Say **checkin** when you have a minute.');
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
    const open = new TeamsChat(bot, A.person(7));
    const removed = new TeamsChat(bot, A.person(8));
    for (const chat of [open, removed]) {
      await chat.say('help');
      const { profile } = await bot.store.load(keyOf(chat.who));
      await scheduler.schedule({
        owner: keyOf(chat.who),
        rule: { time: '09:00', days: [1, 2, 3, 4, 5], enabled: true },
        timeZone: 'Europe/Berlin',
        address: profile.address!,
      });
    }
    connector!.forbidden.add(removed.conversationId);
    clock.advance(60 * 60_000);
    await scheduler.runOnce();
    expect(outcomes.sort()).toEqual([`${keyOf(open.who)} delivered`, `${keyOf(removed.who)} gone`].sort());
    const sent = connector!.calls
      .filter((c) => c.conversationId === open.conversationId && c.status === 200)
      .at(-1)!;
    expect(textOf(sent.body)).toMatch(/Time for your check-in\? Say \*\*checkin\*\* when/);
    expect(await scheduler.nextDue(keyOf(removed.who))).toBeNull();

    // A throttled reminder is reported with Teams' Retry-After for the scheduler to honour.
    const { profile } = await bot.store.load(keyOf(open.who));
    connector!.inject({ path: /\/activities/, status: 429, headers: { 'retry-after': '7' } });
    expect(await bot.adapter.sendProactive(profile.address!, reminder)).toEqual({
      status: 'rate_limited',
      retryAfterMs: 7000,
    });
    connector!.inject({ path: /\/activities/, status: 503 });
    expect(await bot.adapter.sendProactive(profile.address!, reminder)).toMatchObject({ status: 'failed' });
    connector!.missing.add(open.conversationId);
    expect(await bot.adapter.sendProactive(profile.address!, reminder)).toMatchObject({ status: 'gone' });
  });
});

describe('Teams lifecycle', () => {
  it('turns a personal install and uninstall into lifecycle events for the person', async () => {
    const bot = await start();
    const who = A.person(9);
    const place = A.personalPlace(who);
    expect((await bot.post(A.installation(connector!.url, who, place, 'add'))).status).toBe(200);
    expect((await bot.post(A.installation(connector!.url, who, place, 'remove'))).status).toBe(200);
    const team = A.channelPlace('19:other-team@thread.tacv2');
    const removed = A.base(connector!.url, who, team, {
      type: 'conversationUpdate',
      membersRemoved: [A.BOT],
    });
    // Teams sends conversationUpdate (bot removed) along with installationUpdate: counted once.
    expect((await bot.post(removed)).status).toBe(200);
    expect((await bot.post(A.installation(connector!.url, who, team, 'remove'))).status).toBe(200);
    expect(bot.events).toMatchObject([
      {
        type: 'lifecycle',
        event: 'installed',
        scope: `teams:${A.TENANT}`,
        user: keyOf(who),
        address: { scope: 'direct', id: `teams:dm:${A.TENANT}:${who.aadObjectId}` },
      },
      { type: 'lifecycle', event: 'uninstalled', scope: `teams:${A.TENANT}`, user: keyOf(who) },
      { type: 'lifecycle', event: 'removed', scope: `teams-team:${team.conversationId}` },
    ]);
    expect((bot.events[2] as { user?: unknown }).user).toBeUndefined();
    // Lifecycle events are acknowledged without posting anything.
    expect(connector!.calls).toEqual([]);
  });
});

describe('Teams port methods', () => {
  it('send and update a message at a stored address; private content never lands in a channel', async () => {
    const bot = await start();
    const me = new TeamsChat(bot, A.person(10));
    await me.say('help');
    const { profile } = await bot.store.load(keyOf(me.who));
    const sent = await bot.adapter.send(profile.address!, text('Your weekly summary is ready.'));
    expect(sent).toMatchObject({ platform: 'teams', ref: { activityId: expect.any(String) } });
    await bot.adapter.update(sent, text('Your weekly summary (updated).'));
    const put = connector!.callsOf('update', me.conversationId).at(-1)!;
    expect(put.activityId).toBe((sent.ref as { activityId: string }).activityId);
    expect(textOf(put.body)).toContain('Your weekly summary (updated).');
    await expect(bot.adapter.update({ platform: 'teams', ref: { nope: 1 } }, text('x'))).rejects.toThrow(
      /Not a Teams message reference/,
    );

    // A channel address (a team prompt) with a private message: only the neutral notice is posted.
    const channel = new TeamsChat(bot, A.person(11), A.channelPlace());
    await channel.say('help');
    const turn = bot.events.at(-1)!;
    if (turn.type !== 'turn') throw new Error('expected a turn');
    await bot.adapter.send(turn.address, text('Your mood was low this week.', { private: true }));
    const posted = channel.messages(channel.conversationId).at(-1)!;
    expect(textOf(posted.body).trim()).toBe(PRIVATE_FALLBACK_NOTICE);
  });

  it('stops taking activities on stop() with 503 and lets turns in flight finish', async () => {
    const bot = await start();
    const me = new TeamsChat(bot, A.person(12));
    const inFlight = me.say('help');
    // Stop once the turn has reached the bot core, i.e. while its request is being served.
    while (bot.events.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await bot.adapter.stop();
    // stop() resolved only after the turn's replies went out.
    expect(connector!.callsOf('reply', me.conversationId).length).toBeGreaterThan(0);
    expect((await inFlight).status).toBe(200);
    expect((await me.say('help')).status).toBe(503);
  });
});

describe('Teams bad input', () => {
  it('answers a body that is not an activity with 400 and runs no turn', async () => {
    const bot = await start();
    const post = (body: string) =>
      fetch(bot.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post('[1,2]')).status).toBe(400);
    expect((await post(JSON.stringify({ text: 'no type' }))).status).toBe(400);
    expect((await post('{not json')).status).toBe(400);
    // Another app's card data, or an activity without identity: acknowledged, nothing happens.
    const me = new TeamsChat(bot, A.person(13));
    const foreign = A.submit(connector!.url, me.who, me.place, 'card-x', { other: 'app' });
    expect((await bot.post(foreign)).status).toBe(200);
    const anonymous = A.message(connector!.url, me.who, me.place, 'hi');
    anonymous.from = { id: '29:no-aad' };
    expect((await bot.post(anonymous)).status).toBe(200);
    expect(bot.events).toEqual([]);
    expect(connector!.calls).toEqual([]);
  });
});

describe('Teams files', () => {
  it('sends the export as a file through Teams’ consent flow in the 1:1 chat', async () => {
    const bot = await start();
    const me = new TeamsChat(bot, A.person(15));
    await me.say('help'); // first contact stores the 1:1 chat reference
    await me.say('export');
    const offer = me
      .messages()
      .find((m) =>
        m.body.attachments?.some((a: { contentType: string }) => /file\.consent/.test(a.contentType)),
      )!;
    expect(offer).toBeDefined();
    const consent = offer.body.attachments.find((a: { contentType: string }) =>
      /file\.consent/.test(a.contentType),
    );
    expect(consent.name).toBe('checkin-export.json');
    const uploadInfo = {
      uploadUrl: `${connector!.url}upload/item-1`,
      contentUrl: 'https://contoso.sharepoint.test/personal/checkin-export.json',
      name: 'checkin-export.json',
      uniqueId: 'item-1',
      fileType: 'json',
    };
    const accept = A.base(connector!.url, me.who, me.place, {
      type: 'invoke',
      name: 'fileConsent/invoke',
      replyToId: offer.id,
      value: { type: 'fileUpload', action: 'accept', context: consent.content.acceptContext, uploadInfo },
    });
    expect((await bot.post(accept)).status).toBe(200);
    const upload = connector!.callsOf('upload')[0]!;
    expect(upload.method).toBe('PUT');
    const exported = upload.body;
    expect(JSON.stringify(exported)).toContain(me.conversationId); // the stored 1:1 chat reference
    const info = me.lastMessage()!.body.attachments[0];
    expect(info).toMatchObject({
      contentType: 'application/vnd.microsoft.teams.card.file.info',
      contentUrl: uploadInfo.contentUrl,
      content: { uniqueId: 'item-1', fileType: 'json' },
    });

    const decline = A.base(connector!.url, me.who, me.place, {
      type: 'invoke',
      name: 'fileConsent/invoke',
      value: { type: 'fileUpload', action: 'decline', context: { name: 'checkin-export.json' } },
    });
    expect((await bot.post(decline)).status).toBe(200);
    expect(textOf(me.lastMessage()!.body)).toMatch(/haven’t sent the file/);
    expect(connector!.callsOf('upload')).toHaveLength(1);
  });

  it('asked for in a channel, the export goes to the 1:1 chat, never into the channel', async () => {
    const bot = await start();
    const channel = A.channelPlace();
    const me = new TeamsChat(bot, A.person(16), channel);
    await me.say('export');
    const personal = me.messages(connector!.personalConversationId(me.who.id));
    expect(
      personal.some((m) =>
        m.body.attachments?.some((a: { contentType: string }) => /file\.consent/.test(a.contentType)),
      ),
    ).toBe(true);
    const inChannel = me.messages(channel.conversationId).map((m) => m.body.attachments);
    expect(inChannel.map((a) => a.map((x: { contentType: string }) => x.contentType))).toEqual([
      ['application/vnd.microsoft.card.adaptive'],
    ]);
    expect(textOf(me.messages(channel.conversationId)[0]!.body).trim()).toBe(MOVED_TO_CHAT_TEXT);
  });
});
