import { describe, expect, it } from 'vitest';
import { buildCore, type Core, deliverDueJob } from '../../src/compose.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { TurnInput } from '../../src/core/inbound.ts';
import type { DeliveryResult } from '../../src/core/ports.ts';
import { asUserKey } from '../../src/core/user-key.ts';
import { silentLogger } from '../../src/ops/logger.ts';
import { createScheduler } from '../../src/scheduler/create.ts';
import type { DueJob } from '../../src/scheduler/scheduler.ts';
import { ManualClock, Transcript } from '../support/transcript.ts';

const DAY = 86_400_000;

/** The composed core with the in-memory scheduler; deliveries are recorded like a platform would. */
function setup() {
  // Monday 2 March 2026, 08:00 UTC.
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 8, 0));
  const config = loadConfig({ CHECKIN_UNINSTALL_GRACE_DAYS: '30' });
  const delivered: DueJob[] = [];
  let outcome: DeliveryResult = { status: 'delivered' };
  let core: Core | undefined;
  const scheduler = createScheduler({
    config,
    clock,
    // The same path main.ts takes, with a platform that records what it is sent.
    deliver: (job) =>
      deliverDueJob(core!, job, async (): Promise<DeliveryResult> => {
        delivered.push(job);
        return outcome;
      }),
  });
  core = buildCore({ config, logger: silentLogger, clock, scheduler });
  const people = new Map<string, Transcript>();
  /** The conversation of one person (a Slack user), on the composed core. */
  const person = (user: string) => {
    const t = people.get(user) ?? new Transcript({ user, bot: core!.bot, store: core!.store, clock });
    people.set(user, t);
    return t;
  };
  const say = (user: string, input: TurnInput) => person(user).deliver(person(user).turn(input));
  /** Onboards an adult in New York who wants a 9:00 weekday reminder. */
  const onboard = (user: string) => person(user).onboard('US', 'America/New_York', 'At 9:00');
  const failWith = (result: DeliveryResult) => {
    outcome = result;
  };
  return { clock, core, scheduler, delivered, say, onboard, failWith };
}

describe('reminders follow the profile', () => {
  it('schedules the onboarding choice at 9:00 New York time and delivers it there', async () => {
    const { clock, scheduler, delivered, onboard } = setup();
    await onboard('slack:T1:U1');
    // 9:00 EST on Monday 2 March 2026 is 14:00 UTC.
    expect(await scheduler.nextDue('slack:T1:U1')).toBe(Date.UTC(2026, 2, 2, 14, 0));
    clock.ms = Date.UTC(2026, 2, 2, 14, 0, 5);
    await scheduler.runOnce();
    expect(delivered.map((j) => [j.owner, j.address.id])).toEqual([['slack:T1:U1', 'slack:T1:U1:dm']]);
  });

  it('export includes the schedule and forget removes it', async () => {
    const { core, scheduler, say, onboard } = setup();
    await onboard('slack:T1:U1');
    const exported = (await core.store.exportUser(asUserKey('slack:T1:U1'))) as Record<string, unknown>;
    // The bot's own export (the `export` command) goes through the joined store.
    const reply = await say('slack:T1:U1', { kind: 'command', name: 'export', argsText: '' });
    const file = reply.messages.flatMap((m) => m.blocks).find((b) => b.type === 'file');
    const json = JSON.parse(
      new TextDecoder().decode(file?.type === 'file' ? file.content : new Uint8Array()),
    );
    expect(json.reminders.checkin.rule).toMatchObject({ time: '09:00', days: [1, 2, 3, 4, 5] });
    expect(exported.profile).toBeDefined();
    let r = await say('slack:T1:U1', { kind: 'text', text: 'forget' });
    for (const m of r.messages)
      for (const b of m.blocks)
        if (b.type === 'choices') r = await say('slack:T1:U1', { kind: 'choice', ...b.answer, value: 'yes' });
    expect(r.messages.map((m) => JSON.stringify(m)).join()).toContain('reminders (1)');
    expect(await scheduler.nextDue('slack:T1:U1')).toBeNull();
  });
});

describe('a reminder that cannot be delivered', () => {
  it('unschedules, turns reminders off and tells the person privately at their next turn', async () => {
    const { clock, core, scheduler, say, onboard, failWith } = setup();
    await onboard('slack:T1:U1');
    failWith({ status: 'gone', reason: 'cannot_dm_bot' });
    clock.ms = Date.UTC(2026, 2, 2, 14, 0, 5);
    await scheduler.runOnce();
    expect(await scheduler.nextDue('slack:T1:U1')).toBeNull();
    expect((await core.store.load(asUserKey('slack:T1:U1'))).profile.reminder?.enabled).toBe(false);
    const reply = await say('slack:T1:U1', { kind: 'text', text: 'hello' });
    const first = reply.messages[0];
    expect(first?.private).toBe(true);
    expect(JSON.stringify(first)).toContain('couldn’t reach you privately');
    const again = await say('slack:T1:U1', { kind: 'text', text: 'hello' });
    expect(JSON.stringify(again.messages)).not.toContain('couldn’t reach you');
  });
});

describe('uninstall and reinstall', () => {
  it('stops reminders at once and deletes everyone after the grace period', async () => {
    const { clock, core, scheduler, delivered, onboard } = setup();
    await onboard('slack:T1:U1');
    await onboard('slack:T1:U2');
    await core.bot.handle({ type: 'lifecycle', eventId: 'un-1', event: 'uninstalled', scope: 'slack:T1' });
    expect(await scheduler.nextDue('slack:T1:U1')).toBeNull();
    expect(await scheduler.nextDue('slack:T1:U2')).toBeNull();
    // Slack can report one uninstall twice (app_uninstalled and tokens_revoked): harmless.
    await core.bot.handle({ type: 'lifecycle', eventId: 'un-2', event: 'uninstalled', scope: 'slack:T1' });

    clock.advance(29 * DAY);
    await scheduler.runOnce();
    expect((await core.store.load(asUserKey('slack:T1:U1'))).profile.onboarded).toBe(true);

    clock.advance(1 * DAY + 60_000);
    await scheduler.runOnce();
    for (const user of ['slack:T1:U1', 'slack:T1:U2']) {
      expect((await core.store.load(asUserKey(user))).version).toBe(0);
    }
    expect(await core.store.usersIn('slack:T1')).toEqual([]);
    expect(delivered).toEqual([]);
    // The one-shot purge is gone too.
    expect(await scheduler.nextDue('scope:slack:T1', 'purge')).toBeNull();
  });

  it('keeps the data when the app is installed again within the grace period', async () => {
    const { clock, core, scheduler, onboard } = setup();
    await onboard('slack:T1:U1');
    await core.bot.handle({ type: 'lifecycle', eventId: 'un', event: 'uninstalled', scope: 'slack:T1' });
    clock.advance(10 * DAY);
    await core.bot.handle({ type: 'lifecycle', eventId: 'in', event: 'installed', scope: 'slack:T1' });
    clock.advance(30 * DAY);
    await scheduler.runOnce();
    expect((await core.store.load(asUserKey('slack:T1:U1'))).profile.onboarded).toBe(true);
  });

  it('a personal uninstall concerns only that person', async () => {
    const { clock, core, scheduler, onboard } = setup();
    await onboard('slack:T1:U1');
    await onboard('slack:T1:U2');
    await core.bot.handle({
      type: 'lifecycle',
      eventId: 'p',
      event: 'uninstalled',
      scope: 'slack:T1',
      user: asUserKey('slack:T1:U1'),
    });
    clock.advance(31 * DAY);
    await scheduler.runOnce();
    expect((await core.store.load(asUserKey('slack:T1:U1'))).version).toBe(0);
    expect((await core.store.load(asUserKey('slack:T1:U2'))).profile.onboarded).toBe(true);
  });
});
