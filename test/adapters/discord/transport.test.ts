import { afterEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../../src/core/inbound.ts';
import { text } from '../../../src/core/outbound.ts';
import type { PlatformAdapter, TurnSink } from '../../../src/core/ports.ts';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord/index.ts';
import { startAdapter } from './harness.ts';

/**
 * The gateway side with the real discord.js client: handshake, intents, heartbeats, a forced
 * reconnect with RESUME, and shards split between two adapters. The sink here only records and
 * answers; the end-to-end tests put the real bot core behind it.
 */
const echo: TurnSink = async (event) => ({
  messages: event.type === 'turn' ? [text(`got ${event.eventId}`)] : [],
});

const turnIds = (events: InboundEvent[]) => events.filter((e) => e.type === 'turn').map((e) => e.eventId);

describe('Discord gateway (real discord.js against the fake)', () => {
  let fake: FakeDiscord;
  const adapters: PlatformAdapter[] = [];
  afterEach(async () => {
    await Promise.all(adapters.splice(0).map((a) => a.stop()));
    await fake?.close();
  });

  it('identifies with Guilds + DirectMessages only, and its heartbeats are acknowledged', async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 50 });
    const { adapter } = await startAdapter(fake, echo);
    adapters.push(adapter);
    const identify = fake.gateway.received.find((r) => r.op === 2);
    // Guilds (1 << 0) | DirectMessages (1 << 12), as documented; nothing privileged.
    expect(identify?.d.intents).toBe((1 << 0) | (1 << 12));
    expect(identify?.d.token).toBe(fake.token);
    await fake.gateway.until(() => fake.gateway.heartbeatAcks >= 3);
    expect(fake.rest.callsTo('GET', /^\/gateway\/bot$/)).toHaveLength(1);
  });

  it('resumes after op 7 RECONNECT: an event sent meanwhile arrives once, nothing is repeated', async () => {
    fake = await startFakeDiscord();
    const { adapter, events } = await startAdapter(fake, echo);
    adapters.push(adapter);
    const { user, dmChannelId } = fake.addUser();
    const first = fake.dm({ user, dmChannelId, content: 'one' });
    await fake.rest.waitFor((c) => c.method === 'POST' && c.path === `/channels/${dmChannelId}/messages`);

    fake.gateway.requestReconnect(0);
    // Sent while the shard is away: Discord keeps it and replays it on RESUME.
    const second = fake.dm({ user, dmChannelId, content: 'two' });
    await fake.gateway.until(() => fake.gateway.received.some((r) => r.op === 6));
    await fake.rest.waitFor((c) => c.body?.content === `got discord:msg:${second.id}`);

    const resume = fake.gateway.received.find((r) => r.op === 6)!;
    expect(resume.d.session_id).toBe(fake.gateway.sessions[0]!.id);
    expect(fake.gateway.sessions).toHaveLength(1); // resumed, not re-identified
    expect(fake.gateway.connections).toEqual([
      '/gateway?v=10&encoding=json',
      '/gateway-resume?v=10&encoding=json',
    ]);
    expect(turnIds(events)).toEqual([`discord:msg:${first.id}`, `discord:msg:${second.id}`]);
  });

  it('resumes after the connection drops without a close frame, replaying what was missed', async () => {
    fake = await startFakeDiscord();
    const { adapter, events } = await startAdapter(fake, echo);
    adapters.push(adapter);
    const { user, dmChannelId } = fake.addUser();
    fake.gateway.dropConnection(0);
    const missed = fake.dm({ user, dmChannelId, content: 'sent while offline' });
    await fake.rest.waitFor((c) => c.body?.content === `got discord:msg:${missed.id}`, 15_000);
    expect(fake.gateway.received.filter((r) => r.op === 6)).toHaveLength(1);
    expect(fake.gateway.sessions).toHaveLength(1);
    expect(turnIds(events)).toEqual([`discord:msg:${missed.id}`]);
  });

  it('splits shards between two processes: every event is handled by exactly one of them', async () => {
    fake = await startFakeDiscord();
    const a = await startAdapter(fake, echo, { shardIds: [0, 1], shardCount: 4 });
    const b = await startAdapter(fake, echo, { shardIds: [2, 3], shardCount: 4 });
    adapters.push(a.adapter, b.adapter);
    expect(fake.gateway.liveShards().sort()).toEqual(['0/4', '1/4', '2/4', '3/4']);

    const { user } = fake.addUser();
    const sent: Array<{ id: string; shard: number }> = [];
    for (let shard = 0; shard < 4; shard++) {
      const place = fake.addGuild(shard);
      for (let n = 0; n < 3; n++) {
        const i = fake.command({ user, place, name: 'help' });
        sent.push({ id: `discord:int:${i.id}`, shard });
      }
    }
    await fake.gateway.until(() => fake.rest.callsTo('POST', /\/callback$/).length === sent.length);
    expect(turnIds(a.events).sort()).toEqual(
      sent
        .filter((s) => s.shard < 2)
        .map((s) => s.id)
        .sort(),
    );
    expect(turnIds(b.events).sort()).toEqual(
      sent
        .filter((s) => s.shard >= 2)
        .map((s) => s.id)
        .sort(),
    );
    // Each interaction answered once, by whichever process received it.
    const callbacks = fake.rest.callsTo('POST', /\/callback$/).map((c) => c.path);
    expect(new Set(callbacks).size).toBe(sent.length);
  });

  it('reports a server removal as a lifecycle event for that guild scope', async () => {
    fake = await startFakeDiscord();
    const { adapter, events } = await startAdapter(fake, echo);
    adapters.push(adapter);
    const { guildId } = fake.addGuild(0);
    fake.gateway.dispatch('GUILD_DELETE', { id: guildId, unavailable: true }, 0); // an outage: not a removal
    fake.gateway.dispatch('GUILD_DELETE', { id: guildId }, 0);
    await fake.gateway.until(() => events.some((e) => e.type === 'lifecycle' && e.event === 'removed'));
    const lifecycle = events.filter((e) => e.type === 'lifecycle');
    expect(lifecycle.map((e) => e.type === 'lifecycle' && [e.event, e.scope])).toEqual([
      ['installed', `discord-guild:${guildId}`],
      ['removed', `discord-guild:${guildId}`],
    ]);
  });
});
