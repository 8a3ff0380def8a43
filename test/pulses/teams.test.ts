import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../adapters/teams/index.ts';
import type { PlatformAdapter } from '../../src/core/ports.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { silentLogger } from '../../src/ops/logger.ts';
import { actionsOf, type TeamsBot, TeamsChat, textOf } from '../adapters/teams/driver.ts';
import * as A from '../fakes/teams/activities.ts';
import { type FakeConnector, startFakeConnector, type Wire } from '../fakes/teams/connector.ts';
import { type RedisHandle, redisTestMode, startRedis } from '../support/redis-server.ts';
import { type PulseWorld, pulseWorld } from './support.ts';

/**
 * Team pulses on Teams: activities POSTed to the real Teams adapter (CloudAdapter, dev mode) → the
 * real bot core with pulses on Redis → the fake connector. Teams has no admin flag a bot can read,
 * so admins are CHECKIN_ADMINS; answers come back in the Action.Execute invoke response, which only
 * the clicker sees.
 */
const mode = redisTestMode();
const ADMIN = A.person(1);
let redis: RedisHandle | undefined;
let connector: FakeConnector;
let adapter: PlatformAdapter | undefined;
let http: HttpServer;
let w: PulseWorld;
let tb: TeamsBot;
const channel = A.channelPlace();

beforeAll(async () => {
  if (mode.kind === 'skip') return;
  redis = mode.kind === 'spawn' ? await startRedis() : undefined;
  connector = await startFakeConnector();
  w = await pulseWorld(
    mode.kind === 'external' ? mode.url : redis!.url,
    { CHECKIN_ADMINS: `teams:${A.TENANT}:${ADMIN.aadObjectId}` },
    async (address, message) =>
      adapter ? adapter.sendProactive(address, message) : { status: 'failed', reason: 'no adapter' },
  );
  http = createHttpServer({ logger: silentLogger, maxBodyBytes: 1_000_000 });
  adapter = createTeamsAdapter({ devMode: true });
  await adapter.start({ sink: (event) => w.core.bot.handle(event), http, logger: silentLogger });
  const endpoint = `http://127.0.0.1:${await http.listen('127.0.0.1', 0)}/api/messages`;
  tb = {
    connector,
    adapter,
    bot: w.core.bot,
    store: w.core.store,
    http,
    endpoint,
    events: [],
    async post(activity) {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Wire) : null };
    },
    async stop() {},
  };
}, 30_000);
afterAll(async () => {
  await adapter?.stop();
  await http?.close(100);
  await connector?.close();
  await w?.close();
  await redis?.stop();
});

/** Clicks `label` on the channel card asking `question`; resolves the invoke response body. */
async function answer(chat: TeamsChat, question: RegExp, label: string): Promise<Wire> {
  const card = chat
    .messages(channel.conversationId)
    .filter((m) => question.test(textOf(m.body)))
    .at(-1);
  const action = card && actionsOf(card.body).find((a) => a.title === label);
  if (!card || !action) throw new Error(`no card/button for ${question} ${label}`);
  const activity = A.execute(connector.url, chat.who, channel, card.id, action.verb ?? '', action.data);
  return (await tb.post(activity)).body;
}

describe.skipIf(mode.kind === 'skip')('team pulses on Teams', () => {
  it('admins from CHECKIN_ADMINS run a pulse; answers are private; results are posted once', async () => {
    const admin = new TeamsChat(tb, ADMIN, channel);
    const other = new TeamsChat(tb, A.person(2), channel);
    await other.say('pulse now');
    const personal = other
      .messages(connector.personalConversationId(other.who.id))
      .map((m) => textOf(m.body));
    expect(personal.join('\n')).toMatch(/only workspace or server admins can manage team pulses/);
    expect(other.messages(channel.conversationId).filter((m) => actionsOf(m.body).length > 0)).toHaveLength(
      0,
    );
    const channelTexts = () => other.messages(channel.conversationId).map((m) => textOf(m.body));
    // The refusal is personal, so it never stays in the channel.
    expect(channelTexts().join('\n')).not.toMatch(/only workspace or server admins/);
    expect(channelTexts().some((t) => /Energy|energy/.test(t))).toBe(false);

    await admin.say('pulse now for 1h');
    const cards = admin.messages(channel.conversationId).filter((m) => actionsOf(m.body).length > 0);
    expect(cards).toHaveLength(4);
    expect(actionsOf(cards[0]!.body).every((a) => a.type === 'Action.Execute')).toBe(true);

    const people = [2, 3, 4, 5, 6].map((n) => new TeamsChat(tb, A.person(n), channel));
    const labels = ['Low', 'Good', 'Full of energy', 'Okay', 'Good'];
    for (const [i, chat] of people.entries()) {
      const body = await answer(chat, /energy been/, labels[i]!);
      expect(body.type).toBe('application/vnd.microsoft.activity.message');
      expect(String(body.value)).toMatch(/your answer to \*?\*?Energy/);
    }
    const changed = await answer(people[0]!, /energy been/, 'Good');
    expect(String(changed.value)).toMatch(/Good/);
    // Nobody's answer was written onto the shared cards.
    expect(connector.calls.filter((c) => c.kind === 'update')).toHaveLength(0);

    const before = connector.calls.length;
    await admin.say('pulse close');
    const results = connector.calls
      .slice(before)
      .filter((c) => c.conversationId === channel.conversationId && /people answered/.test(textOf(c.body)));
    expect(results).toHaveLength(1);
    expect(textOf(results[0]!.body)).toMatch(/5 people answered/);
    expect(textOf(results[0]!.body)).toMatch(/Okay 1 · Good 3 · Full of energy 1/);
  }, 30_000);
});
