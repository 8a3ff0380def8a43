import { afterEach, describe, expect, it } from 'vitest';
import type { InboundTurn } from '../../../src/core/inbound.ts';
import { text } from '../../../src/core/outbound.ts';
import {
  blockActions,
  buttonsOf,
  dmMessage,
  eventEnvelope,
  mention,
  slashCommand,
  ts,
} from '../../fakes/slack/payloads.ts';
import { question, type SlackHarness, scripted, startSlackHarness } from './harness.ts';

/**
 * The adapter alone, in HTTP mode, against the fake Slack: what it hands the core for each kind of
 * Slack traffic, and what it sends Slack for each kind of reply. The core is replaced by a sink that
 * records events and answers from a script (the TurnSink port; no module of ours is mocked).
 */
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Slack adapter over HTTP', () => {
  it('turns a DM into a text turn with ids, address and the profile time zone, and replies in the DM', async () => {
    const s = scripted(() => question());
    h = await startSlackHarness(s.sink);
    h.fake.users.set('U1', { tz: 'Europe/Berlin', locale: 'de-DE' });
    const message = dmMessage('U1', 'hi &lt;there&gt;');
    expect((await h.event(eventEnvelope(message, 'Ev1'))).status).toBe(200);
    const [post] = await h.fake.waitForCalls('chat.postMessage');
    const turn = s.events[0] as InboundTurn;
    expect(turn).toMatchObject({
      type: 'turn',
      user: 'slack:T1:U1',
      address: {
        platform: 'slack',
        id: 'slack:T1:DU1',
        scope: 'direct',
        ref: { team: 'T1', channel: 'DU1', user: 'U1' },
      },
      eventId: `slack:msg:T1:DU1:${message.ts}`,
      input: { kind: 'text', text: 'hi <there>' },
      locale: 'de-DE',
      hints: { timeZone: 'Europe/Berlin' },
    });
    expect(post!.params.channel).toBe('DU1');
    expect(post!.token).toBe('xoxb-test-token');
    expect(buttonsOf(post!.params.blocks).map((b) => b.label)).toEqual(['🙂 Good', '😔 Low']);
  });

  it('acknowledges before the work is done (Slack allows 3 seconds)', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const s = scripted(async () => {
      await gate;
      return { messages: [text('done')] };
    });
    h = await startSlackHarness(s.sink);
    const started = Date.now();
    const response = await h.event(eventEnvelope(dmMessage('U1', 'hello')));
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
    release();
    await h.fake.waitForCalls('chat.postMessage');
  });

  it('gives a retried event and the same message under another event id one event id', async () => {
    const s = scripted(() => ({ messages: [] }));
    h = await startSlackHarness(s.sink);
    const message = dmMessage('U1', 'hello');
    await h.event(eventEnvelope(message, 'EvA'));
    await h.event(eventEnvelope(message, 'EvA'), { retryNum: 1 });
    await h.event(eventEnvelope(message, 'EvB'));
    await h.fake.waitFor(() => s.events.length === 3);
    expect(new Set(s.events.map((e) => e.eventId))).toEqual(new Set([`slack:msg:T1:DU1:${message.ts}`]));
    // Edits and the bot's own posts are not turns; a file shared with a caption is.
    await h.event(eventEnvelope({ ...dmMessage('U1', 'edited'), subtype: 'message_changed' }));
    await h.event(eventEnvelope({ ...dmMessage('UBOT', 'my own post'), bot_id: 'BBOT' }));
    await h.event(eventEnvelope({ ...dmMessage('U1', 'with a photo'), subtype: 'file_share' }));
    await h.fake.waitFor(() => s.events.length === 4);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.events.map((e) => (e.type === 'turn' && e.input.kind === 'text' ? e.input.text : ''))).toEqual([
      'hello',
      'hello',
      'hello',
      'with a photo',
    ]);
    // The bot's identity is looked up once, not per event.
    expect(h.fake.callsTo('auth.test')).toHaveLength(1);
  });

  it('recovers when auth.test failed on the first event instead of remembering the failure', async () => {
    const s = scripted(() => ({ messages: [] }));
    h = await startSlackHarness(s.sink);
    h.fake.fail('auth.test', { error: 'fatal_error' });
    await h.event(eventEnvelope(dmMessage('U1', 'first')));
    await h.fake.waitForCalls('auth.test', 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.events).toHaveLength(0);
    await h.event(eventEnvelope(dmMessage('U1', 'second')));
    await h.fake.waitFor(() => s.events.length === 1);
    expect(h.fake.callsTo('auth.test')).toHaveLength(2);
  });

  it('rejects a bad signature, a stale timestamp and missing headers with 401, and never calls the core', async () => {
    const s = scripted(() => ({ messages: [] }));
    h = await startSlackHarness(s.sink);
    const body = eventEnvelope(dmMessage('U1', 'hello'));
    expect((await h.event(body, { signature: 'v0=deadbeef' })).status).toBe(401);
    expect((await h.event(body, { timestampSec: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    const bare = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(bare.status).toBe(401);
    // The same body correctly signed goes through, so the 401s above were the signature's doing.
    expect((await h.event(body)).status).toBe(200);
    await h.fake.waitFor(() => s.events.length === 1);
  });

  it('answers the url_verification challenge and SSL checks without calling the core', async () => {
    const s = scripted(() => ({ messages: [] }));
    h = await startSlackHarness(s.sink);
    const challenge = await h.event({ token: 't', challenge: 'abc123', type: 'url_verification' });
    expect(challenge).toEqual({ status: 200, text: JSON.stringify({ challenge: 'abc123' }) });
    const ssl = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=x&payload=%7B%7D',
    });
    expect(ssl.status).toBe(200);
    // An unsigned challenge is refused like any other unsigned request.
    const unsigned = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ challenge: 'x', type: 'url_verification' }),
    });
    expect(unsigned.status).toBe(401);
    expect(s.events).toHaveLength(0);
  });

  it('decodes a button click into a choice and replaces the question with the answer, buttons removed', async () => {
    const s = scripted((event) =>
      event.type === 'turn' && event.input.kind === 'choice'
        ? { messages: [text('Thanks!')], updateAnswered: text('How are you today?\n→ **🙂 Good**') }
        : question(),
    );
    h = await startSlackHarness(s.sink);
    await h.event(eventEnvelope(dmMessage('U1', 'checkin')));
    const [post] = await h.fake.waitForCalls('chat.postMessage');
    const button = buttonsOf(post!.params.blocks)[0]!;
    const messageTs = h.fake.tsOfPost(post!);
    const click = blockActions({
      user: 'U1',
      channel: 'DU1',
      messageTs,
      actionId: button.actionId,
      value: button.value,
      responseUrl: h.fake.responseUrl(),
    });
    expect((await h.interaction(click)).status).toBe(200);
    const [update] = await h.fake.waitForCalls('chat.update');
    expect(update!.params).toMatchObject({ channel: 'DU1', ts: messageTs });
    expect(JSON.stringify(update!.params.blocks)).toContain('*🙂 Good*');
    expect(buttonsOf(update!.params.blocks)).toEqual([]);
    const turn = s.events[1] as InboundTurn;
    expect(turn.input).toEqual({
      kind: 'choice',
      flowId: 'daily',
      stepId: 'mood',
      version: 1,
      value: 'good',
    });
    // A double click on the same button carries the same event id, so the core drops it.
    await h.interaction({ ...click, actions: [{ ...(click.actions as object[])[0], action_ts: '2.0' }] });
    await h.fake.waitFor(() => s.events.length === 3);
    expect(s.events[2]!.eventId).toBe(turn.eventId);
  });

  it('answers /checkin in a channel privately, and an unknown subcommand with the usage', async () => {
    const s = scripted(() => ({ messages: [{ ...text('Breathe in…'), private: true }] }));
    h = await startSlackHarness(s.sink);
    const ok = await h.command(
      slashCommand({ user: 'U1', channel: 'C1', text: 'breathing', responseUrl: h.fake.responseUrl() }),
    );
    expect(ok).toEqual({ status: 200, text: '' });
    const [ephemeral] = await h.fake.waitForCalls('chat.postEphemeral');
    expect(ephemeral!.params).toMatchObject({ channel: 'C1', user: 'U1' });
    expect(s.events[0]).toMatchObject({
      input: { kind: 'command', name: 'breathe', argsText: '' },
      address: { scope: 'channel' },
      hints: { directAddress: { id: 'slack:T1:DU1', scope: 'direct' } },
    });
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);

    const unknown = await h.command(
      slashCommand({ user: 'U1', channel: 'C1', text: 'dance', responseUrl: h.fake.responseUrl() }),
    );
    expect(unknown.status).toBe(200);
    const body = JSON.parse(unknown.text) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('dance');
    expect(body.text).toContain('/checkin breathe');
    expect(s.events).toHaveLength(1);
  });

  it('moves private replies to a mention into the DM, with a pointer only the person sees', async () => {
    const s = scripted(() => ({
      messages: [
        { ...text('Your check-in'), private: true },
        { ...text('Call 112'), private: true, urgent: true },
      ],
    }));
    h = await startSlackHarness(s.sink);
    await h.event(eventEnvelope(mention('U1', 'C1', '<@UBOT> I want to check in')));
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'chat.postEphemeral').length >= 2);
    const posts = h.fake.callsTo('chat.postMessage');
    expect(posts.map((p) => p.params.channel)).toEqual(['DU1', 'DU1']);
    expect(JSON.stringify(posts[1]!.params.blocks)).toContain(':warning:');
    const ephemerals = h.fake.callsTo('chat.postEphemeral').map((c) => JSON.stringify(c.params.blocks));
    expect(ephemerals.some((b) => b.includes('Call 112'))).toBe(true);
    expect(ephemerals.some((b) => b.includes('direct message'))).toBe(true);
    expect((s.events[0] as InboundTurn).input).toEqual({ kind: 'text', text: 'I want to check in' });
  });

  it('never posts urgent messages in a channel, even when the core did not mark them private', async () => {
    const s = scripted(() => ({ messages: [text('Call 112 now', { urgent: true })] }));
    // SLACK_API_URL given without its trailing slash still works.
    h = await startSlackHarness(s.sink, { adapter: (fake) => ({ apiUrl: fake.apiUrl.replace(/\/$/, '') }) });
    await h.command(
      slashCommand({ user: 'U1', channel: 'C1', text: 'sos', responseUrl: h.fake.responseUrl() }),
    );
    await h.fake.waitForCalls('chat.postEphemeral');
    const [dm] = await h.fake.waitForCalls('chat.postMessage');
    expect(dm!.params.channel).toBe('DU1');
    expect(h.fake.callsTo('chat.postMessage').every((p) => p.params.channel === 'DU1')).toBe(true);
  });

  it('shows crisis resources ephemerally when the DM is closed to apps', async () => {
    const s = scripted(() => ({ messages: [text('Call 112 now', { urgent: true, private: true })] }));
    h = await startSlackHarness(s.sink);
    h.fake.fail('conversations.open', { error: 'cannot_dm_bot' }, 5);
    await h.event(eventEnvelope(mention('U1', 'C1', '<@UBOT> sos')));
    const [ephemeral] = await h.fake.waitForCalls('chat.postEphemeral');
    expect(ephemeral!.params).toMatchObject({ channel: 'C1', user: 'U1' });
    expect(JSON.stringify(ephemeral!.params.blocks)).toContain('Call 112 now');
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('waits out a 429 Retry-After and then delivers', async () => {
    const s = scripted(() => ({ messages: [text('Hello!')] }));
    h = await startSlackHarness(s.sink);
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    await h.event(eventEnvelope(dmMessage('U1', 'hello')));
    const started = Date.now();
    const posts = await h.fake.waitForCalls('chat.postMessage', 2, 5000);
    expect(posts).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('uploads images with the external upload flow', async () => {
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
    const s = scripted(() => ({
      messages: [
        { blocks: [{ type: 'image', png, alt: 'Mood chart', width: 2, height: 2, fallback: '▁▃' }] },
      ],
    }));
    h = await startSlackHarness(s.sink);
    await h.event(eventEnvelope(dmMessage('U1', 'history')));
    const [complete] = await h.fake.waitForCalls('files.completeUploadExternal');
    const [ticket] = h.fake.callsTo('files.getUploadURLExternal');
    expect(ticket!.params).toMatchObject({
      filename: 'image.png',
      length: String(png.length),
      alt_text: 'Mood chart',
    });
    expect(complete!.params).toMatchObject({
      channel_id: 'DU1',
      files: [{ id: expect.any(String), title: 'Mood chart' }],
    });
    const id = (complete!.params.files as Array<{ id: string }>)[0]!.id;
    expect([...h.fake.uploads.get(id)!]).toEqual([...png]);
  });

  it('publishes the Home tab from the home view, and reports uninstalls as lifecycle events', async () => {
    const s = scripted(() => ({ messages: [] }));
    h = await startSlackHarness(s.sink, {
      adapter: {
        homeView: async (user) => ({
          blocks: [
            { type: 'card', title: `Settings of ${user}`, fields: [{ label: 'Reminder', value: '08:30' }] },
          ],
        }),
      },
    });
    await h.event(
      eventEnvelope({ type: 'app_home_opened', user: 'U1', channel: 'DU1', tab: 'home', event_ts: ts() }),
    );
    const [publish] = await h.fake.waitForCalls('views.publish');
    expect(publish!.params.user_id).toBe('U1');
    expect(JSON.stringify(publish!.params.view)).toContain('Settings of slack:T1:U1');
    await h.event(eventEnvelope({ type: 'app_uninstalled', event_ts: ts() }, 'EvU'));
    await h.event(
      eventEnvelope({ type: 'tokens_revoked', tokens: { oauth: ['U1'] }, event_ts: ts() }, 'EvR1'),
    );
    await h.event(
      eventEnvelope({ type: 'tokens_revoked', tokens: { bot: ['UBOT'] }, event_ts: ts() }, 'EvR2'),
    );
    await h.fake.waitFor(() => s.events.length === 2);
    expect(s.events).toEqual([
      { type: 'lifecycle', eventId: 'slack:ev:EvU', event: 'uninstalled', scope: 'slack:T1' },
      { type: 'lifecycle', eventId: 'slack:ev:EvR2', event: 'uninstalled', scope: 'slack:T1' },
    ]);
  });
});
