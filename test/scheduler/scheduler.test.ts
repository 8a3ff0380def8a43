import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasCode } from '../../src/core/errors.ts';
import type { DeliveryResult } from '../../src/core/ports.ts';
import type { ReminderRule } from '../../src/core/state.ts';
import type { DueIndex } from '../../src/scheduler/due-index.ts';
import { type DueJob, plainCipher, Scheduler, type SchedulerOptions } from '../../src/scheduler/scheduler.ts';
import { createCipher } from '../../src/store/crypto.ts';
import { directAddress, indexes, recordingLogger, redisFixture } from './support.ts';

const redis = redisFixture();
beforeAll(() => redis.start());
afterAll(() => redis.stop());

// Berlin in June is UTC+2: 09:00 local is 07:00Z. 2026-06-01 is a Monday.
const MON_0900 = Date.parse('2026-06-01T07:00:00Z');
const TUE_0900 = Date.parse('2026-06-02T07:00:00Z');
const WED_0900 = Date.parse('2026-06-03T07:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const weekdays0900: ReminderRule = { time: '09:00', days: [1, 2, 3, 4, 5], enabled: true };
const key = Buffer.alloc(32, 7).toString('base64');

for (const impl of indexes(redis)) {
  describe.skipIf(impl.skip)(`Scheduler over the ${impl.name} index`, () => {
    let index: DueIndex;
    let now: number;
    let sent: DueJob[];
    let replies: DeliveryResult[];
    const logger = recordingLogger();

    function make(options: Partial<SchedulerOptions> = {}) {
      return new Scheduler({
        index,
        cipher: impl.name === 'redis' ? createCipher({ current: key }) : plainCipher,
        clock: { now: () => now },
        logger,
        deliver: async (job) => {
          sent.push(job);
          return replies.shift() ?? { status: 'delivered' };
        },
        ...options,
      });
    }

    beforeEach(async () => {
      index = await impl.make();
      now = Date.parse('2026-06-01T05:00:00Z');
      sent = [];
      replies = [];
      logger.lines.length = 0;
    });

    it('schedules at the next local time, delivers when due and moves to the next day', async () => {
      const s = make();
      const due = await s.schedule({
        owner: 'local:ann',
        rule: weekdays0900,
        timeZone: 'Europe/Berlin',
        address: directAddress('ann'),
      });
      expect(due).toBe(MON_0900);
      now = MON_0900 - 1000;
      expect((await s.runOnce()).claimed).toBe(0);
      now = MON_0900 + 5000;
      expect(await s.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      expect(sent).toEqual([
        { owner: 'local:ann', kind: 'checkin', address: directAddress('ann'), occurrenceMs: MON_0900 },
      ]);
      expect(await s.nextDue('local:ann')).toBe(TUE_0900);
      expect((await s.runOnce()).claimed).toBe(0);
    });

    it('downtime: 30 minutes late is still sent once; 5 hours late is skipped to the next day', async () => {
      const s = make();
      for (let i = 0; i < 20; i++) {
        await s.schedule({
          owner: `local:u${i}`,
          rule: weekdays0900,
          timeZone: 'Europe/Berlin',
          address: directAddress(`u${i}`),
        });
      }
      now = MON_0900 + 30 * MIN; // the clock jumps 30 minutes past due
      expect(await s.runOnce()).toMatchObject({ claimed: 20, delivered: 20, skipped: 0 });
      expect(new Set(sent.map((j) => j.owner)).size).toBe(20);
      now = TUE_0900 + 5 * HOUR; // nobody ran for a day; then 5 hours past Tuesday's due time
      expect(await s.runOnce()).toMatchObject({ claimed: 20, delivered: 0, skipped: 20 });
      expect(sent.length).toBe(20);
      for (let i = 0; i < 20; i++) expect(await s.nextDue(`local:u${i}`)).toBe(WED_0900);
      now = WED_0900 + 1000;
      expect(await s.runOnce()).toMatchObject({ delivered: 20 });
    });

    it('after a long outage sends only the latest occurrence still inside the grace window', async () => {
      const s = make();
      const daily: ReminderRule = { time: '09:00', days: [1, 2, 3, 4, 5, 6, 7], enabled: true };
      await s.schedule({
        owner: 'local:bo',
        rule: daily,
        timeZone: 'Europe/Berlin',
        address: directAddress('bo'),
      });
      // Nothing ran from Monday 07:00 to Wednesday 10:30 local: Monday's and Tuesday's are missed.
      now = WED_0900 + 90 * MIN;
      const report = await s.runOnce();
      // Monday's occurrence is stale; it jumps to Wednesday's, 90 min ago, inside the 2 h window.
      expect(report).toMatchObject({ skipped: 1 });
      const again = await s.runOnce();
      expect(again).toMatchObject({ delivered: 1 });
      expect(sent.map((j) => j.occurrenceMs)).toEqual([WED_0900]);
      expect(await s.nextDue('local:bo')).toBe(WED_0900 + 24 * HOUR);
    });

    it('walks a New York reminder through both 2026 clock changes: once a day, never twice', async () => {
      const s = make();
      const at = (iso: string) => Date.parse(iso);
      now = at('2026-03-06T12:00:00Z');
      await s.schedule({
        owner: 'local:ny',
        rule: { time: '02:30', days: [1, 2, 3, 4, 5, 6, 7], enabled: true },
        timeZone: 'America/New_York',
        address: directAddress('ny'),
      });
      // 02:30 EST, then the gap (03:00 EDT), then 02:30 EDT.
      for (const due of ['2026-03-07T07:30:00Z', '2026-03-08T07:00:00Z', '2026-03-09T06:30:00Z']) {
        expect(await s.nextDue('local:ny')).toBe(at(due));
        now = at(due) + 20_000;
        expect(await s.runOnce()).toMatchObject({ delivered: 1 });
      }
      sent.length = 0;
      now = at('2026-10-31T12:00:00Z');
      await s.schedule({
        owner: 'local:ny',
        rule: { time: '01:30', days: [1, 2, 3, 4, 5, 6, 7], enabled: true },
        timeZone: 'America/New_York',
        address: directAddress('ny'),
      });
      expect(await s.nextDue('local:ny')).toBe(at('2026-11-01T05:30:00Z')); // the first 01:30 (EDT)
      now = at('2026-11-01T05:30:10Z');
      expect(await s.runOnce()).toMatchObject({ delivered: 1 });
      now = at('2026-11-01T06:30:10Z'); // the second 01:30 (EST): nothing
      expect((await s.runOnce()).claimed).toBe(0);
      expect(await s.nextDue('local:ny')).toBe(at('2026-11-02T06:30:00Z'));
      expect(sent.map((j) => j.occurrenceMs)).toEqual([at('2026-11-01T05:30:00Z')]);
    });

    it('rate-limited: retried after the given delay, same occurrence', async () => {
      const s = make();
      await s.schedule({
        owner: 'local:cy',
        rule: weekdays0900,
        timeZone: 'Europe/Berlin',
        address: directAddress('cy'),
      });
      replies.push({ status: 'rate_limited', retryAfterMs: 20_000 });
      now = MON_0900;
      expect(await s.runOnce()).toMatchObject({ retried: 1, delivered: 0 });
      now = MON_0900 + 19_000;
      expect((await s.runOnce()).claimed).toBe(0);
      now = MON_0900 + 22_000;
      expect(await s.runOnce()).toMatchObject({ delivered: 1 });
      expect(sent.map((j) => j.occurrenceMs)).toEqual([MON_0900, MON_0900]);
      expect(await s.nextDue('local:cy')).toBe(TUE_0900);
    });

    it('failures back off and give up after maxAttempts, then the rule carries on', async () => {
      const s = make({ maxAttempts: 3, backoffMs: 10_000 });
      await s.schedule({
        owner: 'local:di',
        rule: weekdays0900,
        timeZone: 'Europe/Berlin',
        address: directAddress('di'),
      });
      replies.push(...Array.from({ length: 5 }, () => ({ status: 'failed' as const, reason: 'http_503' })));
      now = MON_0900;
      expect(await s.runOnce()).toMatchObject({ retried: 1 });
      now += 5_000; // first backoff is 10 s (+ < 1 s jitter): too early
      expect((await s.runOnce()).claimed).toBe(0);
      now += 6_000;
      expect(await s.runOnce()).toMatchObject({ retried: 1 });
      now += 22_000; // second backoff 20 s
      expect(await s.runOnce()).toMatchObject({ skipped: 1 }); // third attempt fails: gave up
      expect(sent.length).toBe(3);
      expect(await s.nextDue('local:di')).toBe(TUE_0900);
      expect(logger.lines.some((l) => l.message === 'reminder given up')).toBe(true);
    });

    it('gone: unscheduled with a log line that carries no content', async () => {
      const s = make();
      await s.schedule({
        owner: 'local:ed',
        rule: weekdays0900,
        timeZone: 'Europe/Berlin',
        address: directAddress('ed'),
      });
      replies.push({ status: 'gone', reason: 'not_in_channel' });
      now = MON_0900;
      expect(await s.runOnce()).toMatchObject({ removed: 1 });
      expect(await s.nextDue('local:ed')).toBeNull();
      expect(await index.size()).toBe(0);
      const line = logger.lines.find((l) => l.message.includes('gone'));
      expect(line?.bindings).toEqual({
        component: 'scheduler',
        kind: 'checkin',
        owner: 'local:ed',
        reason: 'not_in_channel',
      });
      now = TUE_0900;
      expect((await s.runOnce()).claimed).toBe(0);
    });

    it('someone who already checked in today is not reminded today', async () => {
      const s = make();
      await s.schedule({
        owner: 'local:fa',
        rule: weekdays0900,
        timeZone: 'Europe/Berlin',
        address: directAddress('fa'),
      });
      now = MON_0900 - HOUR;
      expect(await s.checkedIn('local:fa', '2026-06-01')).toBe(TUE_0900);
      now = MON_0900 + MIN;
      expect((await s.runOnce()).claimed).toBe(0);
      expect(await s.checkedIn('local:nobody', '2026-06-01')).toBeNull();
    });

    it('serves channel schedules beside personal ones, and stop removes only one', async () => {
      const s = make();
      const channel = {
        platform: 'local' as const,
        id: 'local:team-room',
        scope: 'channel' as const,
        ref: {},
      };
      await s.schedule({
        owner: 'local:team-room',
        kind: 'pulse',
        rule: { time: '16:00', days: [5], enabled: true },
        timeZone: 'Europe/Berlin',
        address: channel,
      });
      await s.schedule({
        owner: 'local:team-room',
        rule: weekdays0900,
        timeZone: 'Europe/Berlin',
        address: directAddress('x'),
      });
      expect(await s.nextDue('local:team-room', 'pulse')).toBe(Date.parse('2026-06-05T14:00:00Z'));
      expect(
        await s.schedule({
          owner: 'local:team-room',
          rule: { ...weekdays0900, enabled: false },
          timeZone: 'Europe/Berlin',
          address: directAddress('x'),
        }),
      ).toBeNull();
      expect(await s.nextDue('local:team-room')).toBeNull();
      now = Date.parse('2026-06-05T14:00:30Z');
      await s.runOnce();
      expect(sent.map((j) => [j.kind, j.address.scope])).toEqual([['pulse', 'channel']]);
    });

    it('rejects an unknown time zone with a usage error and stores nothing', async () => {
      const s = make();
      const attempt = s.schedule({
        owner: 'local:gu',
        rule: weekdays0900,
        timeZone: 'Mars/Olympus',
        address: directAddress('gu'),
      });
      await expect(attempt).rejects.toSatisfy((e: unknown) => hasCode(e, 'usage'));
      expect(await index.size()).toBe(0);
    });

    it('exports what is stored', async () => {
      const s = make();
      await s.schedule({
        owner: 'local:ha',
        rule: weekdays0900,
        timeZone: 'europe/berlin',
        address: directAddress('ha'),
      });
      expect(await s.exportOwner('local:ha')).toEqual({
        checkin: {
          rule: weekdays0900,
          timeZone: 'Europe/Berlin',
          address: directAddress('ha'),
          nextDue: '2026-06-01T07:00:00.000Z',
        },
      });
    });
  });
}

describe.skipIf(redis.skip)('Scheduler data at rest', () => {
  it('keeps addresses encrypted in Redis and keeps an unreadable schedule for later', async () => {
    const { RedisDueIndex } = await import('../../src/scheduler/redis-due-index.ts');
    const { KeyBuilder } = await import('../../src/store/keys.ts');
    await redis.client.flushdb();
    const index = new RedisDueIndex({ client: redis.client, keys: new KeyBuilder('t'), shards: 2 });
    let now = Date.parse('2026-06-01T05:00:00Z');
    const sent: DueJob[] = [];
    const options = {
      index,
      clock: { now: () => now },
      deliver: async (job: DueJob) => {
        sent.push(job);
        return { status: 'delivered' } as const;
      },
    };
    const s = new Scheduler({ ...options, cipher: createCipher({ current: key }) });
    await s.schedule({
      owner: 'slack:T1:U1',
      rule: weekdays0900,
      timeZone: 'Europe/Berlin',
      address: directAddress('secret-dm-D42'),
    });
    const dump = JSON.stringify(
      await Promise.all(
        [0, 1].map((shard) => redis.client.hgetall(new KeyBuilder('t').reminders(shard).schedule)),
      ),
    );
    expect(dump).toContain('checkin|slack:T1:U1');
    expect(dump).not.toContain('secret-dm-D42');
    expect(dump).not.toContain('Europe/Berlin');

    // A process with another key cannot read it: nothing is sent, nothing is deleted.
    const other = new Scheduler({
      ...options,
      cipher: createCipher({ current: Buffer.alloc(32, 9).toString('base64') }),
    });
    now = MON_0900;
    expect(await other.runOnce()).toMatchObject({ claimed: 1, delivered: 0, removed: 0 });
    expect(await index.size()).toBe(1);
    now = MON_0900 + 61 * MIN;
    expect(await s.runOnce()).toMatchObject({ delivered: 1 });
    expect(sent.length).toBe(1);
  });
});

describe('createScheduler and the cron tick', () => {
  const config = {
    CHECKIN_REMINDER_SHARDS: 4,
    CHECKIN_REMINDER_GRACE_MINUTES: 120,
    CHECKIN_REMINDER_LEASE_SECONDS: 60,
    CHECKIN_REMINDER_BATCH: 500,
    CHECKIN_REMINDER_TICK: '* * * * * *',
  };

  it('the node-cron tick delivers what is due, and stop() ends it', async () => {
    const { createScheduler } = await import('../../src/scheduler/create.ts');
    const sent: string[] = [];
    let now = Date.parse('2026-06-01T05:00:00Z');
    const s = createScheduler({
      config,
      clock: { now: () => now },
      deliver: async (job) => {
        sent.push(job.owner);
        return { status: 'delivered' };
      },
    });
    await s.schedule({
      owner: 'local:tick',
      rule: weekdays0900,
      timeZone: 'Europe/Berlin',
      address: directAddress('tick'),
    });
    now = MON_0900 + 1000;
    await s.start();
    try {
      const deadline = Date.now() + 5000;
      while (sent.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await s.stop();
    }
    expect(sent).toEqual(['local:tick']);
    expect(await s.nextDue('local:tick')).toBe(TUE_0900);
  });

  it('refuses a tick that is not a cron expression', async () => {
    const { createScheduler } = await import('../../src/scheduler/create.ts');
    expect(() =>
      createScheduler({
        config: { ...config, CHECKIN_REMINDER_TICK: 'every 15s' },
        deliver: async () => ({ status: 'delivered' }),
      }),
    ).toThrow(/CHECKIN_REMINDER_TICK "every 15s" is not a valid node-cron expression/);
  });
});
