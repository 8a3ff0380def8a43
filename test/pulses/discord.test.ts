import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformAdapter } from '../../src/core/ports.ts';
import { startAdapter } from '../adapters/discord/harness.ts';
import { type FakeDiscord, type FakeUser, startFakeDiscord } from '../fakes/discord/index.ts';
import { commandInteraction } from '../fakes/discord/payloads.ts';
import type { RecordedCall } from '../fakes/discord/rest.ts';
import { type RedisHandle, redisTestMode, startRedis } from '../support/redis-server.ts';
import { type PulseWorld, pulseWorld } from './support.ts';

/**
 * Team pulses on Discord: the fake Discord (gateway + REST) → real discord.js → our adapter → the
 * real bot core with pulses on Redis; results go out through the adapter's sendProactive.
 */
const mode = redisTestMode();
let redis: RedisHandle | undefined;
let fake: FakeDiscord;
let adapter: PlatformAdapter | undefined;
let w: PulseWorld;
let place: { guildId: string; channelId: string };

beforeAll(async () => {
  if (mode.kind === 'skip') return;
  redis = mode.kind === 'spawn' ? await startRedis() : undefined;
  fake = await startFakeDiscord();
  w = await pulseWorld(mode.kind === 'external' ? mode.url : redis!.url, {}, async (address, message) =>
    adapter ? adapter.sendProactive(address, message) : { status: 'failed', reason: 'no adapter' },
  );
  adapter = (await startAdapter(fake, (event) => w.core.bot.handle(event))).adapter;
  place = fake.addGuild();
}, 30_000);
afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await w?.close();
  await redis?.stop();
});

const callback = (i: { id: string; token: string }) =>
  fake.rest.waitFor((c) => c.path === `/interactions/${i.id}/${i.token}/callback`);
const EPHEMERAL = 64;
const pulseButtons = () =>
  [...fake.rest.messages.values()].flatMap((m) =>
    ((m.components ?? []) as Array<{ components: Array<{ custom_id?: string }> }>).flatMap((row) =>
      row.components
        .filter((b) => b.custom_id?.startsWith('c1|~pulse|'))
        .map((b) => ({ message: m, id: b.custom_id! })),
    ),
  );
const channelPosts = (): RecordedCall[] =>
  fake.rest.callsTo('POST', new RegExp(`^/channels/${place.channelId}/messages$`));

/** `/pulse what:<args>` by someone without Manage Server (the fake's members have every permission). */
function commandWithoutManageServer(user: FakeUser, what: string) {
  const payload = commandInteraction({
    applicationId: fake.applicationId,
    user,
    place,
    name: 'pulse',
    options: [{ name: 'what', value: what }],
  });
  // A member without Manage Server (Discord sends the member's resolved permissions).
  (payload as { member: { permissions: string } }).member.permissions = '0';
  fake.rest.expectInteraction(payload.token, {
    id: payload.id,
    channelId: place.channelId,
    acknowledged: false,
  });
  fake.gateway.dispatch('INTERACTION_CREATE', payload, 0);
  return { id: payload.id, token: payload.token };
}

async function answer(user: FakeUser, question: string, value: string): Promise<RecordedCall> {
  const button = pulseButtons().find((b) => b.id.includes(`.${question}|`) && b.id.endsWith(`|${value}`));
  if (!button) throw new Error(`no pulse button ${question}=${value}`);
  return callback(fake.click({ user, place, messageId: button.message.id, customId: button.id }));
}

describe.skipIf(mode.kind === 'skip')('team pulses on Discord', () => {
  it('refuses members without Manage Server, runs a pulse with private answers, and posts results once', async () => {
    const admin = fake.addUser().user;
    const members = Array.from({ length: 5 }, () => fake.addUser().user);

    const refused = await callback(commandWithoutManageServer(members[0]!, 'now'));
    expect(refused.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(refused.body.data.content).toMatch(/only workspace or server admins/);
    expect(pulseButtons()).toHaveLength(0);

    const started = await callback(
      fake.command({ user: admin, place, name: 'pulse', options: [{ name: 'what', value: 'now for 1h' }] }),
    );
    // The admin is told privately; the prompt is posted to the channel for everyone.
    expect(started.body.type).toBe(4);
    expect(started.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(started.body.data.content).toMatch(/started in this channel/);
    expect(channelPosts()).toHaveLength(5);
    expect(pulseButtons()).toHaveLength(20);

    const values = ['2', '4', '5', '3', '4'];
    for (const [i, user] of members.entries()) {
      const ack = await answer(user, 'energy', values[i]!);
      expect(ack.body.type).toBe(4); // a new private message, not an update of the shared prompt
      expect(ack.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(ack.body.data.content).toMatch(/your answer to \*\*Energy\*\* is/);
    }
    const changed = await answer(members[0]!, 'energy', '4');
    expect(changed.body.data.content).toMatch(/is \*\*Good\*\*/);
    expect(fake.rest.calls.filter((c) => /\/callback$/.test(c.path) && c.body?.type === 7)).toHaveLength(0);

    const before = channelPosts().length;
    const closed = await callback(
      fake.command({ user: admin, place, name: 'pulse', options: [{ name: 'what', value: 'close' }] }),
    );
    expect(closed.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    const posts = channelPosts().slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.content).toMatch(/5 people answered/);
    expect(posts[0]!.body.content).toMatch(/Okay 1 · Good 3 · Full of energy 1/);
    expect(posts[0]!.files.some((f) => f.type === 'image/png')).toBe(true);

    // Closing again posts nothing more.
    await callback(
      fake.command({ user: admin, place, name: 'pulse', options: [{ name: 'what', value: 'close' }] }),
    );
    expect(channelPosts().length).toBe(before + 1);
  }, 30_000);

  it('posts only a note when too few answered', async () => {
    const admin = fake.addUser().user;
    const started = await callback(
      fake.command({ user: admin, place, name: 'pulse', options: [{ name: 'what', value: 'now quick' }] }),
    );
    expect(started.body.type).toBe(4);
    expect(pulseButtons()).toHaveLength(30);
    const voter = fake.addUser().user;
    const newest = pulseButtons().slice(-10);
    const button = newest.find((b) => b.id.includes('.energy|') && b.id.endsWith('|1'))!;
    await callback(fake.click({ user: voter, place, messageId: button.message.id, customId: button.id }));
    const before = channelPosts().length;
    await callback(
      fake.command({ user: admin, place, name: 'pulse', options: [{ name: 'what', value: 'close' }] }),
    );
    const posts = channelPosts().slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.content).toMatch(/Fewer than 5 people answered/);
    expect(posts[0]!.files).toHaveLength(0);
  }, 30_000);
});
