import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/features.ts';
import { emptyProfile, type Profile } from '../../src/core/state.ts';
import { asUserKey } from '../../src/core/user-key.ts';
import { silentLogger } from '../../src/ops/logger.ts';
import { pauseCommand, remindCommand, syncRemindersOnProfileChange } from '../../src/scheduler/bot-glue.ts';
import { MemoryDueIndex } from '../../src/scheduler/memory-due-index.ts';
import { plainCipher, Scheduler } from '../../src/scheduler/scheduler.ts';
import { MemoryStore } from '../../src/store/memory.ts';
import { directAddress } from './support.ts';

// Friday 2026-02-20 11:00 in Berlin.
const NOW = Date.parse('2026-02-20T10:00:00Z');
const user = asUserKey('local:glue');

function context(argsText: string, profile: Profile): CommandContext {
  return {
    turn: {
      type: 'turn',
      user,
      address: directAddress('glue'),
      eventId: 'e1',
      input: { kind: 'text', text: argsText },
    } as CommandContext['turn'],
    argsText,
    snapshot: { version: 1, conversation: null, profile, records: {} },
    store: new MemoryStore(),
    clock: { now: () => NOW },
    logger: silentLogger,
  };
}

const berlin: Profile = { ...emptyProfile(), timeZone: 'Europe/Berlin', address: directAddress('glue') };

describe('remind and pause commands', () => {
  it('sets the rule in the profile and confirms it in words', () => {
    const out = remindCommand(context('at 8:30 on weekdays', berlin));
    expect(out.change?.profile?.reminder).toEqual({ time: '08:30', days: [1, 2, 3, 4, 5], enabled: true });
    expect(JSON.stringify(out.messages)).toContain('08:30 on weekdays');
  });

  it('sets the time zone', () => {
    const out = remindCommand(context('my time zone is asia/tokyo', berlin));
    expect(out.change?.profile?.timeZone).toBe('Asia/Tokyo');
  });

  it('pause reads its words as a pause, resuming on the named day', () => {
    const out = pauseCommand(context('until March 3', berlin));
    expect(out.change?.profile?.reminder?.pausedUntil).toBe(Date.parse('2026-03-02T23:00:00Z'));
    expect(JSON.stringify(out.messages)).toContain('2026-03-03');
  });

  it('what is not understood changes nothing and shows examples', () => {
    const out = remindCommand(context('whenever you like', berlin));
    expect(out.change).toBeUndefined();
    expect(JSON.stringify(out.messages)).toMatch(/did not understand.*For example/s);
  });
});

describe('syncRemindersOnProfileChange', () => {
  it('schedules from the profile, skips a day already checked in, and unschedules when off', async () => {
    let now = Date.parse('2026-06-01T05:00:00Z'); // Monday 07:00 in Berlin
    const scheduler = new Scheduler({
      index: new MemoryDueIndex(),
      cipher: plainCipher,
      clock: { now: () => now },
      deliver: async () => ({ status: 'delivered' }),
    });
    const sync = syncRemindersOnProfileChange(scheduler);
    const on: Profile = { ...berlin, reminder: { time: '09:00', days: [1, 2, 3, 4, 5], enabled: true } };
    await sync(user, berlin, on);
    expect(await scheduler.nextDue(user)).toBe(Date.parse('2026-06-01T07:00:00Z'));

    now = Date.parse('2026-06-01T06:00:00Z');
    const checkedIn: Profile = { ...on, streak: { count: 1, lastDay: '2026-06-01' } };
    await sync(user, on, checkedIn);
    expect(await scheduler.nextDue(user)).toBe(Date.parse('2026-06-02T07:00:00Z'));

    const inChannel: Profile = { ...checkedIn, address: { ...directAddress('glue'), scope: 'channel' } };
    await sync(user, checkedIn, inChannel);
    expect(await scheduler.nextDue(user)).toBeNull();

    await sync(user, inChannel, checkedIn);
    expect(await scheduler.nextDue(user)).not.toBeNull();
    await sync(user, checkedIn, { ...checkedIn, reminder: { time: '09:00', days: [1], enabled: false } });
    expect(await scheduler.nextDue(user)).toBeNull();
  });
});

describe('metrics wiring', () => {
  it('records lag, deliveries and skips through the ops metrics hooks', async () => {
    const { createMetrics, schedulerMetricHooks } = await import('../../src/ops/metrics.ts');
    const metrics = createMetrics({ defaultMetrics: false });
    let now = Date.parse('2026-06-01T05:00:00Z');
    const replies = [{ status: 'delivered' as const }, { status: 'failed' as const, reason: 'http_500' }];
    const scheduler = new Scheduler({
      index: new MemoryDueIndex(),
      cipher: plainCipher,
      clock: { now: () => now },
      metrics: schedulerMetricHooks(metrics),
      deliver: async () => replies.shift() ?? { status: 'delivered' },
    });
    const rule = { time: '09:00', days: [1, 2, 3, 4, 5], enabled: true };
    await scheduler.schedule({
      owner: 'local:m1',
      rule,
      timeZone: 'Europe/Berlin',
      address: directAddress('m1'),
    });
    await scheduler.schedule({
      owner: 'local:m2',
      rule,
      timeZone: 'Europe/Berlin',
      address: directAddress('m2'),
    });
    now = Date.parse('2026-05-31T20:00:00Z');
    await scheduler.schedule({
      owner: 'local:m3',
      rule,
      timeZone: 'Asia/Tokyo',
      address: directAddress('m3'),
    });
    now = Date.parse('2026-06-01T07:00:30Z'); // 30 s late in Berlin; Tokyo's 09:00 was 7 hours ago
    await scheduler.runOnce();
    const text = await metrics.render();
    expect(text).toContain('checkin_deliveries_total{kind="checkin",status="delivered"} 1');
    expect(text).toContain('checkin_deliveries_total{kind="checkin",status="failed"} 1');
    expect(text).toContain('checkin_deliveries_skipped_total{kind="checkin",reason="stale"} 1');
    expect(text).toContain('checkin_reminder_lag_seconds_count{kind="checkin"} 1');
    expect(text).toContain('checkin_reminder_lag_seconds_bucket{le="30",kind="checkin"} 1');
  });
});
