import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformAdapter } from '../../src/core/ports.ts';
import { type SlackHarness, startSlackHarness } from '../adapters/slack/harness.ts';
import { blockActions, buttonsOf, slashCommand } from '../fakes/slack/payloads.ts';
import type { RecordedCall } from '../fakes/slack/web-api.ts';
import { type RedisHandle, redisTestMode, startRedis } from '../support/redis-server.ts';
import { type PulseWorld, pulseWorld } from './support.ts';

/**
 * Team pulses on Slack: signed slash commands and block_actions → the real Slack adapter (Bolt) →
 * the real bot core with pulses on Redis → the fake Slack Web API. Admins: CHECKIN_ADMINS, and
 * workspace admins/owners as users.info reports them.
 */
const mode = redisTestMode();
const CHANNEL = 'C1';
let redis: RedisHandle | undefined;
let adapter: PlatformAdapter | undefined;
let h: SlackHarness;
let w: PulseWorld;

beforeAll(async () => {
  if (mode.kind === 'skip') return;
  redis = mode.kind === 'spawn' ? await startRedis() : undefined;
  w = await pulseWorld(
    mode.kind === 'external' ? mode.url : redis!.url,
    { CHECKIN_ADMINS: 'slack:T1:UADMIN' },
    async (address, message) =>
      adapter ? adapter.sendProactive(address, message) : { status: 'failed', reason: 'no adapter' },
  );
  h = await startSlackHarness((event) => w.core.bot.handle(event));
  adapter = h.adapter;
  for (const u of ['UADMIN', 'U1', 'U2', 'U3', 'U4', 'U5'])
    h.fake.users.set(u, { tz: 'Europe/Berlin', locale: 'en-GB' });
  h.fake.users.set('UOWNER', { tz: 'Europe/Berlin', is_owner: true });
}, 30_000);
afterAll(async () => {
  await h?.close();
  await w?.close();
  await redis?.stop();
});

const posts = (): RecordedCall[] =>
  h.fake.callsTo('chat.postMessage').filter((c) => c.params.channel === CHANNEL);
const ephemerals = (user: string) =>
  h.fake.callsTo('chat.postEphemeral').filter((c) => c.params.user === user && c.params.channel === CHANNEL);
const textOf = (c: RecordedCall) =>
  `${String(c.params.text ?? '')}\n${JSON.stringify(c.params.blocks ?? [])}`;

/** A slash command in the channel; resolves once the private answer to it has arrived. */
async function command(user: string, text: string): Promise<void> {
  const seen = ephemerals(user).length;
  const res = await h.command(
    slashCommand({ user, channel: CHANNEL, text, responseUrl: h.fake.responseUrl() }),
  );
  expect(res.status).toBe(200);
  await h.fake.waitFor(() => ephemerals(user).length > seen);
}

async function click(user: string, question: RegExp, label: string): Promise<RecordedCall> {
  const post = posts()
    .filter((c) => question.test(textOf(c)))
    .at(-1);
  const button = post && buttonsOf(post.params.blocks).find((b) => b.label === label);
  if (!post || !button) throw new Error(`no button ${label} for ${question}`);
  const seen = ephemerals(user).length;
  const res = await h.interaction(
    blockActions({
      user,
      channel: CHANNEL,
      messageTs: h.fake.tsOfPost(post),
      actionId: button.actionId,
      value: button.value,
      responseUrl: h.fake.responseUrl(),
    }),
  );
  expect(res.status).toBe(200);
  await h.fake.waitFor(() => ephemerals(user).length > seen);
  return ephemerals(user).at(-1)!;
}

describe.skipIf(mode.kind === 'skip')('team pulses on Slack', () => {
  it('refuses non-admins, posts the prompt in the channel, answers privately, posts results once', async () => {
    await command('U1', 'pulse now');
    expect(textOf(ephemerals('U1').at(-1)!)).toMatch(/only workspace or server admins/);
    expect(posts()).toHaveLength(0);

    await command('UADMIN', 'pulse now for 1h');
    expect(textOf(ephemerals('UADMIN').at(-1)!)).toMatch(/started in this channel/);
    expect(posts()).toHaveLength(5); // intro + four questions, visible to everyone

    const labels: Array<[string, string]> = [
      ['U1', 'Low'],
      ['U2', 'Good'],
      ['U3', 'Full of energy'],
      ['U4', 'Okay'],
      ['U5', 'Good'],
    ];
    for (const [user, label] of labels) {
      const ack = await click(user, /energy been/, label);
      expect(textOf(ack)).toMatch(/your answer to \*Energy\* is \*/);
    }
    expect(textOf(await click('U1', /energy been/, 'Good'))).toMatch(/\*Good\*/);
    // The shared prompt is never rewritten with someone's answer.
    expect(h.fake.callsTo('chat.update')).toHaveLength(0);

    // A workspace owner (users.info is_owner) is an admin too, without being listed.
    const before = posts().length;
    await command('UOWNER', 'pulse close');
    expect(textOf(ephemerals('UOWNER').at(-1)!)).toMatch(/Pulse closed/);
    await h.fake.waitFor(() => posts().length > before);
    const results = posts().slice(before);
    expect(results).toHaveLength(1);
    expect(textOf(results[0]!)).toMatch(/5 people answered/);
    expect(textOf(results[0]!)).toMatch(/Okay 1 · Good 3 · Full of energy 1/);
    // The trend chart goes up as a file to the channel.
    await h.fake.waitFor(() => h.fake.callsTo('files.completeUploadExternal').length > 0);
    expect(JSON.stringify(h.fake.callsTo('files.completeUploadExternal').at(-1)!.params)).toContain(CHANNEL);
  }, 30_000);
});
