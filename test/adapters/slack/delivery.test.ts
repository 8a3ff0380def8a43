import { afterEach, describe, expect, it } from 'vitest';
import { slackAddress } from '../../../adapters/slack/ids.ts';
import { encodeChoice } from '../../../src/core/choice-token.ts';
import { text } from '../../../src/core/outbound.ts';
import type { Logger } from '../../../src/core/ports.ts';
import {
  blockActions,
  buttonsOf,
  dmMessage,
  eventEnvelope,
  slashCommand,
} from '../../fakes/slack/payloads.ts';
import { question, type SlackHarness, scripted, startSlackHarness } from './harness.ts';

/**
 * How the adapter delivers: ephemeral questions replaced through response_url, fallbacks when the
 * bot is not in a channel, draining on stop, log hygiene, and proactive sends with their outcomes.
 */
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Slack adapter: ephemeral questions, shutdown and logs', () => {
  it('asks in an ephemeral message after /checkin in a channel and replaces it through response_url', async () => {
    const s = scripted((event) =>
      event.type === 'turn' && event.input.kind === 'choice'
        ? { messages: [], updateAnswered: text('How are you today?\n→ **😔 Low**') }
        : { messages: question().messages.map((m) => ({ ...m, private: true })) },
    );
    h = await startSlackHarness(s.sink);
    await h.command(slashCommand({ user: 'U1', channel: 'C1', text: '', responseUrl: h.fake.responseUrl() }));
    const [ephemeral] = await h.fake.waitForCalls('chat.postEphemeral');
    const button = buttonsOf(ephemeral!.params.blocks)[1]!;
    const responseUrl = h.fake.responseUrl();
    await h.interaction({
      ...blockActions({
        user: 'U1',
        channel: 'C1',
        messageTs: String(ephemeral!.response?.message_ts),
        actionId: button.actionId,
        value: button.value,
        responseUrl,
        ephemeral: true,
      }),
    });
    const [replaced] = await h.fake.waitForCalls('response_url');
    expect(replaced!.params).toMatchObject({ replace_original: true });
    expect(JSON.stringify(replaced!.params.blocks)).toContain('😔 Low');
    expect(buttonsOf(replaced!.params.blocks)).toEqual([]);
    expect(h.fake.callsTo('chat.update')).toHaveLength(0);
    expect(s.events[1]).toMatchObject({
      input: { kind: 'choice', value: 'low' },
      address: { scope: 'channel' },
    });
  });

  it('falls back to response_url when the bot is not in the channel', async () => {
    const s = scripted(() => ({ messages: [{ ...text('Only for you'), private: true }] }));
    h = await startSlackHarness(s.sink);
    h.fake.fail('chat.postEphemeral', { error: 'not_in_channel' });
    await h.command(
      slashCommand({ user: 'U1', channel: 'C7', text: 'settings', responseUrl: h.fake.responseUrl() }),
    );
    const [responded] = await h.fake.waitForCalls('response_url');
    expect(responded!.params).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(responded!.params.blocks)).toContain('Only for you');
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('sends a private file asked for in a channel to the DM (uploads cannot be ephemeral)', async () => {
    const content = new TextEncoder().encode('{"profile":{}}');
    const s = scripted(() => ({
      messages: [
        {
          blocks: [
            { type: 'text', text: 'Your data:' },
            { type: 'file', name: 'checkin-export.json', mediaType: 'application/json', content },
          ],
          private: true,
        },
      ],
    }));
    h = await startSlackHarness(s.sink);
    await h.command(
      slashCommand({ user: 'U1', channel: 'C1', text: 'export', responseUrl: h.fake.responseUrl() }),
    );
    const [complete] = await h.fake.waitForCalls('files.completeUploadExternal');
    expect(complete!.params.channel_id).toBe('DU1');
    expect(h.fake.callsTo('files.getUploadURLExternal')[0]!.params.filename).toBe('checkin-export.json');
    expect(h.fake.callsTo('chat.postMessage').map((p) => p.params.channel)).toEqual(['DU1']);
    const [pointer] = await h.fake.waitForCalls('chat.postEphemeral');
    expect(pointer!.params).toMatchObject({ channel: 'C1', user: 'U1' });
  });

  it('stop() waits for turns in flight to be delivered', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const s = scripted(async () => {
      await gate;
      return { messages: [text('late but delivered')] };
    });
    h = await startSlackHarness(s.sink);
    await h.event(eventEnvelope(dmMessage('U1', 'hello')));
    await h.fake.waitFor(() => s.events.length === 1);
    let stopped = false;
    const stopping = h.adapter.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    // After stop, new requests are turned away (Slack retries them elsewhere).
    expect((await h.event(eventEnvelope(dmMessage('U1', 'again')))).status).toBe(503);
  });

  it('logs no message text, token or secret', async () => {
    const lines: string[] = [];
    const capture = (level: string) => (bindings: object, message: string) => {
      lines.push(`${level} ${JSON.stringify(bindings)} ${message}`);
    };
    const logger: Logger = {
      debug: capture('debug'),
      info: capture('info'),
      warn: capture('warn'),
      error: capture('error'),
      child: () => logger,
    };
    const s = scripted(() => ({ messages: [text('reply')] }));
    h = await startSlackHarness(s.sink, { logger });
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 0 });
    await h.event(eventEnvelope(dmMessage('U1', 'my secret diary words')));
    await h.event(eventEnvelope(dmMessage('U1', 'forged words')), { signature: 'v0=1' });
    await h.fake.waitForCalls('chat.postMessage', 2);
    await h.adapter.sendProactive(
      slackAddress({ team: 'T1', channel: 'DU1', user: 'U1' }, 'direct'),
      text('x'),
    );
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of ['secret diary', 'forged words', 'xoxb-test-token', 'test-signing-secret']) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('Slack proactive sends', () => {
  const address = slackAddress({ team: 'T1', channel: 'DU1', user: 'U1' }, 'direct');
  const reminder = text('Time for your check-in?');

  it('opens the DM and posts', async () => {
    h = await startSlackHarness(scripted(() => ({ messages: [] })).sink);
    expect(await h.adapter.sendProactive(address, reminder)).toEqual({ status: 'delivered' });
    expect(h.fake.callsTo('conversations.open')[0]!.params.users).toBe('U1');
    expect(h.fake.callsTo('chat.postMessage')[0]!.params.channel).toBe('DU1');
  });

  it('reports a person who left as gone, a 429 as rate_limited and a 5xx as failed', async () => {
    h = await startSlackHarness(scripted(() => ({ messages: [] })).sink);
    h.fake.users.set('U9', { deleted: true });
    const gone = slackAddress({ team: 'T1', channel: 'DU9', user: 'U9' }, 'direct');
    expect(await h.adapter.sendProactive(gone, reminder)).toEqual({
      status: 'gone',
      reason: 'user_not_found',
    });
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 30 });
    const started = Date.now();
    expect(await h.adapter.sendProactive(address, reminder)).toEqual({
      status: 'rate_limited',
      retryAfterMs: 30_000,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    h.fake.fail('chat.postMessage', { status: 500 }, 3);
    expect(await h.adapter.sendProactive(address, reminder)).toEqual({
      status: 'failed',
      reason: 'http_500',
    });
    h.fake.fail('chat.postMessage', { error: 'account_inactive' });
    expect(await h.adapter.sendProactive(address, reminder)).toEqual({
      status: 'gone',
      reason: 'account_inactive',
    });
  });

  it('encodes buttons of proactive messages like replies', async () => {
    h = await startSlackHarness(scripted(() => ({ messages: [] })).sink);
    const target = { flowId: '~cmd', stepId: 'run', version: 0 };
    await h.adapter.sendProactive(address, {
      blocks: [
        {
          type: 'choices',
          prompt: 'Check in now?',
          options: [{ value: 'checkin', label: 'Yes' }],
          answer: target,
        },
      ],
    });
    expect(buttonsOf(h.fake.callsTo('chat.postMessage')[0]!.params.blocks)[0]!.value).toBe(
      encodeChoice(target, 'checkin'),
    );
  });
});

describe('Slack send, update and Home tab buttons', () => {
  it('send() posts and returns a ref that update() edits', async () => {
    h = await startSlackHarness(scripted(() => ({ messages: [] })).sink);
    const address = slackAddress({ team: 'T1', channel: 'C5', thread_ts: '10.1' }, 'channel');
    const sent = await h.adapter.send(address, text('Weekly pulse is open'));
    const [post] = h.fake.callsTo('chat.postMessage');
    expect(post!.params).toMatchObject({ channel: 'C5', thread_ts: '10.1' });
    expect(sent).toEqual({ platform: 'slack', ref: { channel: 'C5', ts: h.fake.tsOfPost(post!) } });
    await h.adapter.update(sent, text('Weekly pulse is closed'));
    const [update] = h.fake.callsTo('chat.update');
    expect(update!.params).toMatchObject({ channel: 'C5', ts: h.fake.tsOfPost(post!) });
    expect(JSON.stringify(update!.params.blocks)).toContain('closed');
  });

  it('send() of a private message to a channel address goes to the person, never the channel', async () => {
    h = await startSlackHarness(scripted(() => ({ messages: [] })).sink);
    const address = slackAddress({ team: 'T1', channel: 'C5', user: 'U1' }, 'channel');
    const sent = await h.adapter.send(address, text('Just for you', { private: true }));
    expect(h.fake.callsTo('chat.postMessage').map((p) => p.params.channel)).toEqual(['DU1']);
    expect(h.fake.callsTo('chat.postEphemeral')).toHaveLength(0);
    expect(sent.ref).toMatchObject({ channel: 'DU1' });
  });

  it("continues a click in the Home tab in the person's DM", async () => {
    const s = scripted(() => ({ messages: [text('Let us check in')] }));
    h = await startSlackHarness(s.sink, {
      adapter: {
        homeView: async () => ({
          blocks: [
            {
              type: 'choices',
              prompt: 'Start',
              options: [{ value: 'checkin', label: 'Check in' }],
              answer: { flowId: '~cmd', stepId: 'run', version: 0 },
            },
          ],
        }),
      },
    });
    await h.event(
      eventEnvelope({ type: 'app_home_opened', user: 'U1', channel: 'DU1', tab: 'home', event_ts: '1.0' }),
    );
    const [publish] = await h.fake.waitForCalls('views.publish');
    const button = buttonsOf((publish!.params.view as { blocks: unknown }).blocks)[0]!;
    const click = blockActions({
      user: 'U1',
      channel: 'unused',
      messageTs: 'unused',
      actionId: button.actionId,
      value: button.value,
      responseUrl: h.fake.responseUrl(),
    });
    const { channel: _channel, message: _message, response_url: _url, ...rest } = click;
    await h.interaction({
      ...rest,
      container: { type: 'view', view_id: 'V1' },
      view: { id: 'V1', type: 'home' },
    });
    const [post] = await h.fake.waitForCalls('chat.postMessage');
    expect(post!.params.channel).toBe('DU1');
    expect(s.events[0]).toMatchObject({
      input: { kind: 'choice', flowId: '~cmd', value: 'checkin' },
      address: { scope: 'direct', id: 'slack:T1:DU1' },
    });
    expect(h.fake.callsTo('chat.update')).toHaveLength(0);
  });
});
