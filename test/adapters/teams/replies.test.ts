import { afterEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../../adapters/teams/index.ts';
import { encodeChoice } from '../../../src/core/choice-token.ts';
import type { InboundEvent } from '../../../src/core/inbound.ts';
import { type TurnReply, text } from '../../../src/core/outbound.ts';
import { createHttpServer, type HttpServer } from '../../../src/http/server.ts';
import { silentLogger } from '../../../src/ops/logger.ts';
import * as A from '../../fakes/teams/activities.ts';
import { type FakeConnector, startFakeConnector } from '../../fakes/teams/connector.ts';
import { textOf } from './driver.ts';

/**
 * The reply path with a scripted sink (the core's port), for replies the built-in flows rarely
 * produce: an answered card in a channel, and urgent help asked for in a channel.
 */
let connector: FakeConnector | undefined;
let http: HttpServer | undefined;
afterEach(async () => {
  await http?.close(50);
  await connector?.close();
  http = connector = undefined;
});

async function serve(reply: TurnReply, actions: 'submit' | 'execute' = 'submit') {
  connector = await startFakeConnector();
  http = createHttpServer({ logger: silentLogger, maxBodyBytes: 1_000_000 });
  const events: InboundEvent[] = [];
  const adapter = createTeamsAdapter({ devMode: true, actions });
  const sink = async (event: InboundEvent) => {
    events.push(event);
    return reply;
  };
  await adapter.start({ sink, http, logger: silentLogger });
  const port = await http.listen('127.0.0.1', 0);
  const post = async (activity: A.ActivityJson) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    return { status: res.status, body: await res.text() };
  };
  return { post, events, connector };
}

const token = encodeChoice({ flowId: 'pulse', stepId: 'q1', version: 1 }, '4');
const answered = text('How was your week?\n→ **4**');

describe('Teams replies', () => {
  it('never writes one person’s answer onto a card in a channel', async () => {
    const { post, events, connector: c } = await serve({ messages: [], updateAnswered: answered });
    const who = A.person(1);
    const channel = A.channelPlace();
    expect((await post(A.submit(c.url, who, channel, 'card-1', { ck: token }))).status).toBe(200);
    expect(events).toHaveLength(1);
    expect(c.callsOf('update')).toEqual([]);

    // In the person's own chat the same reply does update the card.
    expect((await post(A.submit(c.url, who, A.personalPlace(who), 'card-2', { ck: token }))).status).toBe(
      200,
    );
    expect(c.callsOf('update').map((u) => u.activityId)).toEqual(['card-2']);
  });

  it('answers an Action.Execute in a channel with a plain acknowledgement, not the answered card', async () => {
    const { post, connector: c } = await serve({ messages: [], updateAnswered: answered }, 'execute');
    const res = await post(
      A.execute(c.url, A.person(2), A.channelPlace(), 'card-1', 'checkin.answer', { ck: token }),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'OK',
    });
  });

  it('answers a channel card click privately: in the invoke response, or in the 1:1 chat without a channel pointer', async () => {
    const thanks = text('Thanks — your answer is **4**. Only you see this.', { private: true });
    const { post, connector: c } = await serve({ messages: [thanks] }, 'execute');
    const who = A.person(4);
    const res = await post(
      A.execute(c.url, who, A.channelPlace(), 'card-1', 'checkin.answer', { ck: token }),
    );
    expect(JSON.parse(res.body)).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Thanks — your answer is 4. Only you see this.',
    });
    expect(c.calls).toEqual([]);

    // Action.Submit has no private answer in the channel: the 1:1 chat gets it, the channel nothing.
    await post(A.submit(c.url, who, A.channelPlace(), 'card-1', { ck: token }));
    expect(c.calls.map((x) => [x.kind, x.conversationId])).toEqual([
      ['create', undefined],
      ['reply', c.personalConversationId(who.id)],
    ]);
  });

  it('sends urgent help asked for in a channel to the 1:1 chat, framed as urgent', async () => {
    const urgent = { ...text('Call **112** now.'), urgent: true, private: true };
    const { post, connector: c } = await serve({ messages: [urgent] });
    const who = A.person(3);
    await post(A.message(c.url, who, A.channelPlace(), 'sos'));
    const personal = c.calls.filter(
      (x) => x.conversationId === c.personalConversationId(who.id) && x.status === 200,
    );
    expect(personal).toHaveLength(1);
    expect(personal[0]!.body.attachments[0].content.body[0]).toMatchObject({
      type: 'Container',
      style: 'attention',
    });
    const inChannel = c.calls.filter((x) => x.conversationId === A.channelPlace().conversationId);
    expect(inChannel.map((x) => textOf(x.body).trim())).toEqual([
      'I’ve sent you a private message — let’s continue there.',
    ]);
    expect(JSON.stringify(inChannel)).not.toContain('112');
  });
});
