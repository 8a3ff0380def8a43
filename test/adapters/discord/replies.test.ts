import { afterEach, describe, expect, it } from 'vitest';
import { MOVED_TO_DM_TEXT } from '../../../adapters/discord/reply.ts';
import { encodeChoice } from '../../../src/core/choice-token.ts';
import type { InboundEvent } from '../../../src/core/inbound.ts';
import { type OutboundMessage, type TurnReply, text } from '../../../src/core/outbound.ts';
import { type DiscordHarness, startHarness } from './harness.ts';

/**
 * Interaction mechanics with the real discord.js client: what the fake REST receives for replies,
 * deferrals, button updates, ephemeral and DM routing, autocomplete, rate limits and proactive sends.
 * The sink is scripted per test; end-to-end.test.ts runs the real bot core instead.
 */
const target = { flowId: 'checkin', stepId: 'mood', version: 1 };
const question: OutboundMessage = {
  blocks: [
    { type: 'text', text: 'How are you?' },
    {
      type: 'choices',
      prompt: 'How are you?',
      options: [
        { value: 'ok', label: 'OK' },
        { value: 'low', label: 'Low' },
      ],
      answer: target,
    },
  ],
};
const callbackOf = (h: DiscordHarness, i: { id: string; token: string }) =>
  h.fake.rest.waitFor((c) => c.path === `/interactions/${i.id}/${i.token}/callback`);
const turns = (h: DiscordHarness) => h.events.filter((e) => e.type === 'turn');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Discord replies', () => {
  let h: DiscordHarness;
  afterEach(async () => h?.stop());

  it('answers a DM message in the DM channel, never parsing mentions', async () => {
    h = await startHarness(async () => ({ messages: [text('Hi @everyone <@1>')] }));
    const { user, dmChannelId } = h.fake.addUser();
    const m = h.fake.dm({ user, dmChannelId, content: 'hello' });
    const call = await h.fake.rest.waitFor((c) => c.path === `/channels/${dmChannelId}/messages`);
    expect(call.body).toMatchObject({
      content: 'Hi @\u200beveryone \\<@1>',
      allowed_mentions: { parse: [] },
    });
    expect(h.events[0]).toMatchObject({
      type: 'turn',
      user: `discord:${user.id}`,
      eventId: `discord:msg:${m.id}`,
      address: { scope: 'direct', id: `discord:dm:${user.id}` },
      input: { kind: 'text', text: 'hello' },
    });
  });

  it('a click updates the clicked message (type 7, buttons removed) and follows up with the next step', async () => {
    h = await startHarness(
      async (e: InboundEvent): Promise<TurnReply> =>
        e.type === 'turn' && e.input.kind === 'choice'
          ? { updateAnswered: text(`How are you? → **${e.input.value}**`), messages: [text('Thanks.')] }
          : { messages: [question] },
    );
    const { user, dmChannelId } = h.fake.addUser();
    const place = { dmChannelId };
    const cmd = h.fake.command({ user, place, name: 'checkin' });
    const asked = await callbackOf(h, cmd);
    expect(asked.body.data.components[0].components).toHaveLength(2);
    const messageId = h.fake.rest.interactions.get(cmd.token)!.original!.id;

    const click = h.fake.click({ user, place, messageId, customId: encodeChoice(target, 'low') });
    const update = await callbackOf(h, click);
    expect(update.body).toMatchObject({
      type: 7,
      data: { content: 'How are you? → **low**', components: [] },
    });
    const follow = await h.fake.rest.waitFor(
      (c) => c.method === 'POST' && c.path.endsWith(`/${click.token}`),
    );
    expect(follow.query.wait).toBe('true');
    expect(follow.body.content).toBe('Thanks.');
    expect(h.events.at(-1)).toMatchObject({ input: { kind: 'choice', ...target, value: 'low' } });
  });

  it('defers a slow turn before the deadline, then edits the deferred reply', async () => {
    h = await startHarness(
      async () => {
        await sleep(300);
        return { messages: [text('Done slowly.')] };
      },
      { deferAfterMs: 50 },
    );
    const { user, dmChannelId } = h.fake.addUser();
    const cmd = h.fake.command({ user, place: { dmChannelId }, name: 'history' });
    const deferred = await callbackOf(h, cmd);
    expect(deferred.body.type).toBe(5);
    const edit = await h.fake.rest.waitFor(
      (c) => c.method === 'PATCH' && c.path.endsWith(`/${cmd.token}/messages/@original`),
    );
    expect(edit.body.content).toBe('Done slowly.');
    expect(edit.at - deferred.at).toBeGreaterThan(100);
  });

  it('defers /summary with a link at once (a web fetch follows), publicly in a server', async () => {
    h = await startHarness(async () => ({ messages: [text('Summary.')] }));
    const { user } = h.fake.addUser();
    const place = h.fake.addGuild(0);
    const cmd = h.fake.command({
      user,
      place,
      name: 'summary',
      options: [{ name: 'url', value: 'https://example.org/a' }],
    });
    const deferred = await callbackOf(h, cmd);
    expect(deferred.body).toMatchObject({ type: 5 });
    expect(deferred.body.data?.flags ?? 0).toBe(0);
    await h.fake.rest.waitFor((c) => c.method === 'PATCH' && c.body?.content === 'Summary.');
    expect(turns(h)[0]).toMatchObject({
      input: { kind: 'command', name: 'summary', argsText: 'https://example.org/a' },
    });
  });

  it('in a server: private replies are ephemeral, private flows move to DMs, the member is indexed', async () => {
    const indexed: string[] = [];
    h = await startHarness(
      async (e) =>
        e.type === 'turn' && e.input.kind === 'command' && e.input.name === 'sos'
          ? { messages: [{ ...text('Call 116 123 now.'), private: true, urgent: true }] }
          : { messages: [{ ...question, private: true }] },
      { indexMember: async (scope, u) => void indexed.push(`${scope} ${u}`) },
    );
    const { user } = h.fake.addUser();
    const place = h.fake.addGuild(0);
    const sos = h.fake.command({ user, place, name: 'sos' });
    const crisis = await callbackOf(h, sos);
    expect(crisis.body).toMatchObject({ type: 4, data: { flags: 64, content: '⚠️ Call 116 123 now.' } });

    const checkin = h.fake.command({ user, place, name: 'checkin' });
    const notice = await callbackOf(h, checkin);
    expect(notice.body).toMatchObject({ type: 4, data: { flags: 64, content: MOVED_TO_DM_TEXT } });
    const opened = h.fake.rest.callsTo('POST', /^\/users\/@me\/channels$/);
    expect(opened.map((c) => c.body.recipient_id)).toEqual([user.id]);
    const dm = await h.fake.rest.waitFor(
      (c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path),
    );
    expect(dm.body.components[0].components).toHaveLength(2);
    expect(turns(h)[0]).toMatchObject({
      address: { scope: 'channel' },
      hints: { directAddress: { scope: 'direct' } },
    });
    expect(indexed).toEqual([`discord-guild:${place.guildId} discord:${user.id}`]);
  });

  it('keeps a private flow ephemeral in the server when the person has closed DMs', async () => {
    h = await startHarness(async () => ({ messages: [{ ...question, private: true }] }));
    const { user } = h.fake.addUser();
    h.fake.rest.closedDms.add(user.id);
    const place = h.fake.addGuild(0);
    const cmd = h.fake.command({ user, place, name: 'checkin' });
    const reply = await callbackOf(h, cmd);
    expect(reply.body).toMatchObject({ type: 4, data: { flags: 64, content: 'How are you?' } });
  });

  it('answers autocomplete with at most 25 suggestions, without a turn', async () => {
    const queries: string[] = [];
    h = await startHarness(async () => ({ messages: [] }), {
      autocomplete: (q) => {
        queries.push(q);
        return Array.from({ length: 30 }, (_, i) => ({ name: `Sleep ${i}`, value: `sleep-${i}` }));
      },
    });
    const { user, dmChannelId } = h.fake.addUser();
    const ac = h.fake.autocomplete({
      user,
      place: { dmChannelId },
      name: 'summary',
      options: [{ name: 'topic', value: 'sle', focused: true }],
    });
    const call = await callbackOf(h, ac);
    expect(call.body.type).toBe(8);
    expect(call.body.data.choices).toHaveLength(25);
    expect(call.body.data.choices[0]).toEqual({ name: 'Sleep 0', value: 'sleep-0' });
    expect(queries).toEqual(['sle']);
    expect(h.events).toHaveLength(0);
  });

  it('waits out a short 429 (Retry-After + X-RateLimit headers) and then delivers', async () => {
    h = await startHarness(async () => ({ messages: [text('after the limit')] }));
    const { user, dmChannelId } = h.fake.addUser();
    h.fake.rest.inject({
      method: 'POST',
      path: new RegExp(`^/channels/${dmChannelId}/messages$`),
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 0.2, global: false },
      headers: {
        'retry-after': '0.2',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '0.2',
        'x-ratelimit-bucket': 'dm-bucket',
        'x-ratelimit-scope': 'user',
      },
    });
    h.fake.dm({ user, dmChannelId, content: 'hi' });
    const ok = await h.fake.rest.waitFor(
      (c) => c.status === 200 && c.path === `/channels/${dmChannelId}/messages`,
    );
    const attempts = h.fake.rest.callsTo('POST', new RegExp(`^/channels/${dmChannelId}/messages$`));
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(ok.at - attempts[0]!.at).toBeGreaterThanOrEqual(150);
  });

  it('proactive DMs: delivered, gone when DMs are closed, rate_limited on a long 429, failed on 5xx', async () => {
    h = await startHarness(async () => ({ messages: [] }), { maxRateLimitWaitMs: 1000 });
    const reminder = text('Time for your check-in?');
    const address = (id: string) => ({
      platform: 'discord' as const,
      id: `discord:dm:${id}`,
      scope: 'direct' as const,
      ref: { kind: 'dm', userId: id },
    });
    const a = h.fake.addUser().user;
    expect(await h.adapter.sendProactive(address(a.id), reminder)).toEqual({ status: 'delivered' });
    const order = h.fake.rest.calls
      .filter((c) => c.method === 'POST')
      .map((c) => c.path.replace(/\d+/g, 'N'));
    expect(order).toEqual(['/users/@me/channels', '/channels/N/messages']);

    const b = h.fake.addUser().user;
    h.fake.rest.closedDms.add(b.id);
    expect(await h.adapter.sendProactive(address(b.id), reminder)).toEqual({
      status: 'gone',
      reason: 'discord_dm_closed',
    });

    // A 5xx first: after the 429 below, discord.js rightly holds the whole bucket for 30 s.
    const d = h.fake.addUser().user;
    h.fake.rest.inject({
      path: /^\/users\/@me\/channels$/,
      status: 502,
      body: { message: 'Bad Gateway', code: 0 },
    });
    expect(await h.adapter.sendProactive(address(d.id), reminder)).toMatchObject({ status: 'failed' });
    const c = h.fake.addUser().user;
    h.fake.rest.inject({
      path: /^\/users\/@me\/channels$/,
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 30, global: false },
      headers: {
        'retry-after': '30',
        'x-ratelimit-limit': '1',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '30',
      },
    });
    const limited = await h.adapter.sendProactive(address(c.id), reminder);
    expect(limited).toMatchObject({ status: 'rate_limited' });
    expect(limited.status === 'rate_limited' && limited.retryAfterMs).toBeGreaterThanOrEqual(29_000);
  });

  it('refuses to post a private message into a server channel', async () => {
    h = await startHarness(async () => ({ messages: [] }));
    const place = h.fake.addGuild(0);
    const channel = {
      platform: 'discord' as const,
      id: 'x',
      scope: 'channel' as const,
      ref: { kind: 'channel', ...place },
    };
    await expect(h.adapter.send(channel, { ...text('secret'), private: true })).rejects.toThrow(
      /Refusing to post a private message/,
    );
    const sent = await h.adapter.send(channel, text('public note'));
    await h.adapter.update(sent, text('edited note'));
    const edit = await h.fake.rest.waitFor((c) => c.method === 'PATCH');
    expect(edit.body).toMatchObject({ content: 'edited note', components: [] });
  });

  it('replaces a deferral of the wrong visibility: ephemeral "thinking" deleted, public answer followed up', async () => {
    h = await startHarness(
      async () => {
        await sleep(200);
        return { messages: [text('For everyone.')] };
      },
      { deferAfterMs: 30 },
    );
    const { user } = h.fake.addUser();
    const place = h.fake.addGuild(0);
    const cmd = h.fake.command({ user, place, name: 'checkin' });
    const deferred = await callbackOf(h, cmd);
    expect(deferred.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const follow = await h.fake.rest.waitFor((c) => c.method === 'POST' && c.path.endsWith(`/${cmd.token}`));
    expect(follow.body.content).toBe('For everyone.');
    expect(follow.body.flags ?? 0).toBe(0);
    expect(h.fake.rest.callsTo('DELETE', /@original$/)).toHaveLength(1);
  });

  it('a slow interaction delivered twice is deferred and answered once (the second deferral is refused)', async () => {
    h = await startHarness(
      async () => {
        await sleep(150);
        return { messages: [text('Once.')] };
      },
      { deferAfterMs: 20 },
    );
    const { user, dmChannelId } = h.fake.addUser();
    const cmd = h.fake.command({ user, place: { dmChannelId }, name: 'history' });
    h.fake.gateway.dispatch('INTERACTION_CREATE', cmd.payload, 0);
    await h.fake.rest.waitFor((c) => c.method === 'PATCH' && c.path.includes(cmd.token));
    await sleep(250);
    const callbacks = h.fake.rest.callsTo('POST', /\/callback$/);
    expect(callbacks.map((c) => c.status).sort()).toEqual([204, 400]);
    expect(h.fake.rest.callsTo('PATCH', /@original$/)).toHaveLength(1);
    expect(h.fake.rest.callsTo('POST', /^\/webhooks\//)).toHaveLength(0);
  });

  it('apologises privately when the turn fails, and quietly acknowledges a button it did not make', async () => {
    h = await startHarness(async () => {
      throw new Error('boom');
    });
    const { user } = h.fake.addUser();
    const place = h.fake.addGuild(0);
    const cmd = h.fake.command({ user, place, name: 'history' });
    const apology = await callbackOf(h, cmd);
    expect(apology.body).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringMatching(/went wrong/) },
    });

    const channelMessage = await h.adapter.send(
      { platform: 'discord', id: 'c', scope: 'channel', ref: { kind: 'channel', ...place } },
      text('A post'),
    );
    const messageId = (channelMessage.ref as { messageId: string }).messageId;
    const click = h.fake.click({ user, place, messageId, customId: 'someone-elses-button' });
    const ack = await callbackOf(h, click);
    expect(ack.body.type).toBe(6);
    expect(h.events.filter((e) => e.type === 'turn')).toHaveLength(1);
  });
});
