import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDirs } from '../../src/compose.ts';
import { silentLogger } from '../../src/ops/logger.ts';
import { createPulses, MIN_GROUP_FLOOR } from '../../src/pulses/index.ts';
import { suiteRedis } from '../support/redis-server.ts';
import {
  CHANNEL,
  click,
  member,
  type PulseWorld,
  pulseWorld,
  says,
  scalesOf,
  started,
  textOf,
} from './support.ts';

/**
 * Team pulses through the real bot core (compose.ts) on a real Redis: schedule, prompt, private
 * answers, a changed answer, close, results with the minimum group met and not met, refusals.
 */
const redis = suiteRedis();
const mode = redis.mode;

const admin = member('UADMIN', { admin: true });
const people = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'].map((n) => member(n));
const [u1, u2, u3, u4, u5] = people as [
  ReturnType<typeof member>,
  ReturnType<typeof member>,
  ReturnType<typeof member>,
  ReturnType<typeof member>,
  ReturnType<typeof member>,
];

describe.skipIf(mode.kind === 'skip')('team pulses (bot core + Redis)', () => {
  let w: PulseWorld;
  beforeAll(async () => {
    w = await pulseWorld(redis.url);
  });
  afterAll(async () => {
    await w.close();
  });

  it('refuses a non-admin politely and creates nothing', async () => {
    const reply = await w.core.bot.handle(says(u1, 'pulse now'));
    expect(reply.messages).toHaveLength(1);
    expect(reply.messages[0]?.private).toBe(true);
    expect(textOf(reply)).toMatch(/only workspace or server admins can manage team pulses/);
    expect(await w.pulses.core.currentOf(CHANNEL)).toBeNull();
    // The same person may still read the help.
    expect(textOf(await w.core.bot.handle(says(u1, 'pulse help')))).toMatch(/pulse schedule/);
  });

  it('runs a pulse: prompt in the channel, private acknowledgements, a changed answer, results on close', async () => {
    const opened = await started(w, says(admin, 'pulse now for 2h'));
    // The admin is told privately; the intro and one message per question go to the channel.
    expect(opened.reply.messages).toHaveLength(1);
    expect(opened.reply.messages[0]?.private).toBe(true);
    expect(textOf(opened.reply)).toMatch(/Team pulse\*\* started in this channel/);
    expect(opened.prompt).toHaveLength(5);
    expect(w.posted.every((p) => p.address.id === CHANNEL.id)).toBe(true);
    expect(opened.prompt.every((m) => !m.private)).toBe(true);
    expect(textOf({ messages: opened.prompt })).toMatch(/anonymous/);
    const scales = scalesOf(opened.prompt);
    expect(scales.map((s) => s.answer.stepId.split('.')[1])).toEqual([
      'energy',
      'workload',
      'connection',
      'voice',
    ]);
    const [energy, workload] = scales as [(typeof scales)[0], (typeof scales)[0]];

    // A second "pulse now" while one is open is refused.
    expect(textOf(await w.core.bot.handle(says(admin, 'pulse now')))).toMatch(/already open/);

    const ack = await w.core.bot.handle(click(u1, energy, '2'));
    expect(ack.messages).toHaveLength(1);
    expect(ack.messages[0]?.private).toBe(true);
    expect(ack.updateAnswered).toBeUndefined(); // the shared prompt stays for everyone else
    expect(textOf(ack)).toMatch(/your answer to \*\*Energy\*\* is \*\*Low\*\*/);
    // u1 changes their mind: counted once, with the new answer.
    expect(textOf(await w.core.bot.handle(click(u1, energy, '4')))).toMatch(/is \*\*Good\*\*/);
    for (const [who, value] of [
      [u2, '4'],
      [u3, '5'],
      [u4, '3'],
      [u5, '4'],
    ] as const) {
      await w.core.bot.handle(click(who, energy, value));
    }
    for (const who of [u1, u2, u3]) await w.core.bot.handle(click(who, workload, '3'));

    // Nothing is posted before the pulse's time is up.
    expect(await w.pulses.core.closeDue()).toBe(0);
    w.clock.advance(2 * 3_600_000);
    const before = w.posted.length;
    expect(await w.pulses.core.closeDue()).toBe(1);
    expect(w.posted).toHaveLength(before + 1);
    const results = w.posted.at(-1)!;
    expect(results.address.id).toBe(CHANNEL.id);
    const body = textOf(results.message);
    expect(body).toMatch(/5 people answered/);
    // energy: 3 ×1, 4 ×3, 5 ×1 → average 4.0; u1's first answer (2) is gone.
    expect(body).toMatch(
      /\*\*Energy\*\*: average 4\.0 of 5 — Drained 0 · Low 0 · Okay 1 · Good 3 · Full of energy 1/,
    );
    // Only three answered the workload question: below the minimum group, so it is not shown.
    expect(body).toMatch(/\*\*Workload\*\*: too few answers to this question to share/);
    const image = results.message.blocks.find((b) => b.type === 'image');
    expect(image && image.type === 'image' && Buffer.from(image.png.subarray(1, 4)).toString()).toBe('PNG');
    // The picture's text fallback: the distribution (no trend yet: this is the first pulse).
    expect(body).toMatch(/Energy: 0% \/ 0% \/ 20% \/ 60% \/ 20%\nWorkload: too few answers/);
    expect(body).not.toMatch(/Trend over/);
    expect(body).not.toMatch(/eap\.example\.org/); // not a low result

    // Closing again (another tick, another process) posts nothing more.
    expect(await w.pulses.core.closeDue()).toBe(0);
    expect(w.posted).toHaveLength(before + 1);
    // A click after the close changes nothing and says so, privately.
    const late = await w.core.bot.handle(click(u2, energy, '1'));
    expect(late.messages[0]?.private).toBe(true);
    expect(textOf(late)).toMatch(/has closed/);
  });

  it('shares nothing but a note when fewer than the minimum group answered', async () => {
    const { prompt } = await started(w, says(admin, 'pulse now quick'));
    const [energy] = scalesOf(prompt);
    for (const who of [u1, u2]) await w.core.bot.handle(click(who, energy!, '1'));
    const closed = await w.core.bot.handle(says(admin, 'pulse close'));
    expect(closed.messages[0]?.private).toBe(true);
    const note = textOf(w.posted.at(-1)!.message);
    expect(note).toMatch(/Fewer than 5 people answered, so to keep everyone anonymous no results are shared/);
    expect(note).not.toMatch(/Drained|average/);
    expect(w.posted.at(-1)!.message.blocks.some((b) => b.type === 'image')).toBe(false);
  });

  it('adds supportive resources for everyone on a low result, with the trend against the last pulse', async () => {
    const { prompt } = await started(w, says(admin, 'pulse now'));
    const [energy] = scalesOf(prompt);
    for (const who of people) await w.core.bot.handle(click(who, energy!, who === u1 ? '2' : '1'));
    await w.core.bot.handle(says(admin, 'pulse close'));
    const body = textOf(w.posted.at(-1)!.message);
    expect(body).toMatch(/6 people answered/);
    expect(body).toMatch(/average 1\.2 of 5 \(last time 4\.0\)/);
    expect(body).toMatch(/\[support\]\(https:\/\/eap\.example\.org\/support\)/);
    expect(body).not.toMatch(/U1|U2|UADMIN/);
    // The fallback text carries the trend the image shows.
    expect(body).toMatch(/Energy: 4\.0 → 1\.2/);
  });

  it('exports aggregates as CSV for admins only', async () => {
    expect(textOf(await w.core.bot.handle(says(u1, 'pulse results csv')))).toMatch(
      /only workspace or server admins/,
    );
    const reply = await w.core.bot.handle(says(admin, 'pulse results csv'));
    expect(reply.messages[0]?.private).toBe(true);
    const file = reply.messages[0]?.blocks.find((b) => b.type === 'file');
    expect(file?.type).toBe('file');
    const csv = file?.type === 'file' ? new TextDecoder().decode(file.content) : '';
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(
      'pulse_id,set,opened_at,closed_at,respondents,question,option_value,option_label,count',
    );
    expect(lines.filter((l) => l.includes(',team,') && l.includes(',energy,4,Good,3'))).toHaveLength(1);
    // The pulse below the minimum group has no counts at all, only "<5".
    expect(lines.filter((l) => l.includes(',quick,'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/,<5,energy,,,$/)]),
    );
  });

  it('schedules weekly pulses through the shared scheduler and opens them when due', async () => {
    w.clock.ms = Date.UTC(2026, 2, 9, 8, 0); // Monday
    const reply = await w.core.bot.handle(
      says(admin, 'pulse schedule weekly fri 15:00 Europe/Berlin quick for 3h'),
    );
    expect(reply.messages[0]?.private).toBeFalsy();
    expect(textOf(reply)).toMatch(/Quick pulse\*\* scheduled for this channel; the next one opens Fri/);
    const due = await w.scheduler.nextDue(CHANNEL.id, 'pulse');
    expect(due).toBe(Date.UTC(2026, 2, 13, 14, 0)); // 15:00 in Berlin (CET) on Friday
    expect(
      textOf(await w.core.bot.handle(says(u2, 'pulse schedule weekly fri 15:00 Europe/Berlin'))),
    ).toMatch(/only workspace or server admins/);

    const before = w.posted.length;
    w.clock.ms = due! + 1000;
    const report = await w.scheduler.runOnce();
    expect(report.delivered).toBe(1);
    const prompt = w.posted.slice(before);
    expect(prompt.map((p) => p.address.id)).toEqual([CHANNEL.id, CHANNEL.id, CHANNEL.id]);
    expect(scalesOf(prompt.map((p) => p.message)).map((s) => s.answer.stepId.split('.')[1])).toEqual([
      'energy',
      'workload',
    ]);
    const current = await w.pulses.core.currentOf(CHANNEL);
    expect(current?.meta.setId).toBe('quick');
    expect(current?.meta.closesAt).toBe(w.clock.ms + 3 * 3_600_000);
    // Next week's is scheduled; stop removes it.
    expect(await w.scheduler.nextDue(CHANNEL.id, 'pulse')).toBe(Date.UTC(2026, 2, 20, 14, 0));
    const status = await w.core.bot.handle(says(admin, 'pulse status'));
    expect(status.messages[0]?.private).toBe(true);
    expect(textOf(status)).toMatch(
      /A pulse is open until .*\nNext scheduled pulse: Fri 20 Mar, 14:00 UTC\.\nResults are shared when at least 5 people answer/,
    );
    expect(textOf(await w.core.bot.handle(says(admin, 'pulse stop')))).toMatch(/schedule stopped/);
    expect(await w.scheduler.nextDue(CHANNEL.id, 'pulse')).toBeNull();
    expect(textOf(await w.core.bot.handle(says(admin, 'pulse stop')))).toMatch(/No pulse was scheduled here/);
  });

  it('accepts admins from CHECKIN_ADMINS and keeps the minimum group at 3 or more', async () => {
    const teams = await pulseWorld(redis.url, { CHECKIN_ADMINS: 'teams:tenant1:aad-1' });
    try {
      const listed = {
        type: 'turn' as const,
        user: 'teams:tenant1:aad-1' as never,
        address: {
          platform: 'teams' as const,
          id: 'teams:tenant1:19:abc',
          scope: 'channel' as const,
          ref: {},
        },
        eventId: 'teams:ev1',
        input: { kind: 'text' as const, text: 'pulse now' },
      };
      expect(scalesOf((await started(teams, listed)).prompt)).toHaveLength(4);
      const other = { ...listed, user: 'teams:tenant1:aad-2' as never, eventId: 'teams:ev2' };
      expect(textOf(await teams.core.bot.handle(other))).toMatch(/only workspace or server admins/);
    } finally {
      await teams.close();
    }
    expect(MIN_GROUP_FLOOR).toBe(3);
    // The config refuses a minimum group below 3, so nobody can configure it away.
    await expect(pulseWorld(redis.url, { CHECKIN_PULSE_MIN_GROUP: '2' })).rejects.toThrow(
      /CHECKIN_PULSE_MIN_GROUP/,
    );
  });

  it('closes due pulses on its own timer once started (as every process runs it)', async () => {
    const posted: string[] = [];
    const ticker = createPulses({
      config: w.config,
      contentDirs: contentDirs(w.config),
      logger: silentLogger,
      clock: w.clock,
      redis: { client: w.storage.redis as Redis, keys: w.storage.keys, cipher: w.cipher },
      send: async (_address, message) => {
        posted.push(textOf(message));
        return { status: 'delivered' };
      },
      tickMs: 20,
    });
    await w.core.bot.handle(says(admin, 'pulse close')); // the scheduled one from before
    const { prompt } = await started(w, says(admin, 'pulse now quick for 10m'));
    expect(scalesOf(prompt)).toHaveLength(2);
    ticker.start();
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(posted).toEqual([]); // not due yet
      w.clock.advance(10 * 60_000);
      for (let i = 0; i < 100 && posted.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(posted).toHaveLength(1);
      expect(posted[0]).toMatch(/Fewer than 5 people answered/);
    } finally {
      await ticker.stop();
    }
  });

  it('explains pulses belong in a channel when used in a direct message, and leaves other text alone', async () => {
    const dm = { ...CHANNEL, id: 'slack:T1:D1', scope: 'direct' as const };
    expect(textOf(await w.core.bot.handle(says(admin, 'pulse now', dm)))).toMatch(/run in a shared channel/);
    // "pulse" followed by ordinary words is not a pulse command (e.g. an answer about one's pulse).
    expect(w.pulses.claims(says(u1, 'pulse racing and I cannot sleep'))).toBe(false);
    expect(w.pulses.claims(says(u1, 'pulses are a great idea'))).toBe(false);
    expect(w.pulses.claims(says(u1, 'Pulse  now'))).toBe(true);
    expect(w.pulses.claims(says(u1, '/team-pulse help'))).toBe(true);
    expect(w.pulses.claims(u1.turn({ kind: 'command', name: 'team-pulse', argsText: '' }))).toBe(true);
  });
});
