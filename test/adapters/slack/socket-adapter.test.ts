import { afterEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../../src/core/inbound.ts';
import { type TurnReply, text } from '../../../src/core/outbound.ts';
import { dmMessage, eventEnvelope, slashCommand } from '../../fakes/slack/payloads.ts';
import { type SlackHarness, startSlackHarness } from './harness.ts';

/** Socket Mode transport: the same listeners behind Bolt's SocketModeReceiver and the fake server. */
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function recording(reply: TurnReply) {
  const events: InboundEvent[] = [];
  return {
    events,
    sink: async (event: InboundEvent) => {
      events.push(event);
      return reply;
    },
  };
}

describe('Slack adapter in Socket Mode', () => {
  it('connects with the app token, acks envelopes and answers a DM', async () => {
    const s = recording({ messages: [text('Hello!')] });
    h = await startSlackHarness(s.sink, { socket: true });
    await h.fake.socket.waitForConnections(1);
    expect(h.fake.callsTo('apps.connections.open')[0]!.token).toBe('xapp-test-token');
    await h.fake.socket.send('events_api', eventEnvelope(dmMessage('U1', 'hi')));
    const [post] = await h.fake.waitForCalls('chat.postMessage');
    expect(post!.params.channel).toBe('DU1');
    expect(post!.token).toBe('xoxb-test-token');
    expect(s.events[0]).toMatchObject({ user: 'slack:T1:U1', input: { kind: 'text', text: 'hi' } });
  });

  it('gives a redelivered envelope the same event id, and reconnects when Slack asks', async () => {
    const s = recording({ messages: [] });
    h = await startSlackHarness(s.sink, { socket: true });
    await h.fake.socket.waitForConnections(1);
    const body = eventEnvelope(dmMessage('U1', 'hi'), 'EvS1');
    await h.fake.socket.send('events_api', body);
    await h.fake.socket.send('events_api', body, { retryAttempt: 1 });
    await h.fake.waitFor(() => s.events.length === 2);
    expect(s.events[0]!.eventId).toBe(s.events[1]!.eventId);

    h.fake.socket.disconnectAll();
    await h.fake.socket.waitForConnections(2);
    expect(h.fake.callsTo('apps.connections.open').length).toBeGreaterThanOrEqual(2);
    await h.fake.socket.send(
      'slash_commands',
      slashCommand({ user: 'U1', channel: 'DU1', text: '', responseUrl: h.fake.responseUrl() }),
    );
    await h.fake.waitFor(() => s.events.length === 3);
    expect(s.events[2]).toMatchObject({
      input: { kind: 'command', name: 'checkin' },
      address: { scope: 'direct' },
    });
  });
});
