import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChoicesBlock } from '../../src/core/outbound.ts';
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
 * After a pulse with known answers closes, nothing at rest, in the logs or in any export links an
 * answer to a person: no user id or salted hash of one sits next to an answer, and the salt is gone.
 */
const redis = suiteRedis();
const mode = redis.mode;

/** Every key name, field and value under the prefix, decrypted where our cipher sealed it. */
async function everything(w: PulseWorld): Promise<Array<{ key: string; text: string }>> {
  const client = w.storage.redis as Redis;
  const keys = await client.keys(`${w.prefix}:*`);
  const out: Array<{ key: string; text: string }> = [];
  const open = (v: string) => w.cipher.plain.get(v) ?? v;
  for (const key of keys) {
    const type = await client.type(key);
    let parts: string[] = [];
    if (type === 'string') parts = [(await client.get(key)) ?? ''];
    else if (type === 'hash') parts = Object.entries(await client.hgetall(key)).flat();
    else if (type === 'zset') parts = await client.zrange(key, '0', '-1');
    else if (type === 'set') parts = await client.smembers(key);
    else if (type === 'list') parts = await client.lrange(key, 0, -1);
    out.push({ key, text: [key, ...parts.map(open)].join('\n') });
  }
  return out;
}

describe.skipIf(mode.kind === 'skip')('pulse privacy', () => {
  let w: PulseWorld;
  beforeAll(async () => {
    w = await pulseWorld(redis.url);
  });
  afterAll(async () => {
    await w.close();
  });

  it('keeps no link between a person and an answer after close, and the salt is gone', async () => {
    const admin = member('UADMIN', { admin: true });
    const people = ['UA1', 'UB2', 'UC3', 'UD4', 'UE5', 'UF6'].map((n) => member(n));
    const dm = (name: string) => ({ ...CHANNEL, id: `slack:T1:D${name}`, scope: 'direct' as const });
    // One participant also has personal state (onboarding in their DM), so their key is at rest.
    await w.core.bot.handle(says(people[0]!, 'hi', dm('UA1')));

    // As on Slack, the address of a command typed in the channel names who typed it.
    const typedBy = { ...CHANNEL, ref: { team: 'T1', channel: 'C1', user: 'UADMIN' } };
    const opened = await started(w, says(admin, 'pulse now', typedBy));
    const [energy, workload] = scalesOf(opened.prompt) as [
      ReturnType<typeof scalesOf>[0],
      ReturnType<typeof scalesOf>[0],
    ];
    const pulseId = energy.answer.stepId.split('.')[0]!;
    const values = ['1', '2', '3', '4', '5', '5'];
    for (const [i, who] of people.entries()) {
      await w.core.bot.handle(click(who, energy, values[i]!));
      await w.core.bot.handle(click(who, workload, '3'));
    }
    await w.core.bot.handle(click(people[0]!, energy, '2')); // a changed answer

    // While open: answers sit under salted hashes (checked here, so the test below can fail).
    const client = w.storage.redis as Redis;
    const keys = w.storage.keys.pulse(pulseId);
    const salt = w.cipher.plain.get((await client.hget(keys.meta, 'salt')) ?? '')!;
    expect(salt).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    const hashOf = (user: string) =>
      createHmac('sha256', Buffer.from(salt, 'base64')).update(user).digest('base64url').slice(0, 22);
    const hashes = people.map((p) => hashOf(p.user));
    const fields = Object.keys(await client.hgetall(keys.answers));
    expect(fields).toContain(`${hashes[0]}:energy`);
    expect(fields).toHaveLength(12);
    for (const value of Object.values(await client.hgetall(keys.answers)))
      expect(value).not.toMatch(/^[1-5]$/);

    // Personal export never includes an open pulse; forget removes the person's open answers.
    for (const p of people) {
      const exported = JSON.stringify(await w.core.store.exportUser(p.user));
      expect(exported).not.toContain(pulseId);
      for (const h of hashes) expect(exported).not.toContain(h);
    }
    const leaver = people[5]!;
    const confirm = await w.core.bot.handle(says(leaver, 'forget', dm('UF6')));
    const yes = confirm.messages
      .flatMap((m) => m.blocks)
      .find((b): b is ChoicesBlock => b.type === 'choices')!
      .options.find((o) => /Yes, delete/.test(o.label))!;
    const choices = confirm.messages
      .flatMap((m) => m.blocks)
      .find((b): b is ChoicesBlock => b.type === 'choices')!;
    const done = await w.core.bot.handle(
      leaver.turn({ kind: 'choice', ...choices.answer, value: yes.value }, dm('UF6')),
    );
    expect(textOf(done)).toMatch(/open team pulse answers \(2\)/);
    expect(Object.keys(await client.hgetall(keys.answers))).toHaveLength(10);

    w.clock.advance(25 * 3_600_000);
    expect(await w.pulses.core.closeDue()).toBe(1);
    const body = textOf(w.posted.at(-1)!.message);
    // Five left after the forget: energy 2,2,3,4,5 (the changed answer counted once, as changed).
    expect(body).toMatch(/5 people answered/);
    expect(body).toMatch(/Drained 0 · Low 2 · Okay 1 · Good 1 · Full of energy 1/);

    // At rest: no answers, no salt; nothing anywhere holds a hash, the salt, or a person next to the pulse.
    expect(await client.exists(keys.answers)).toBe(0);
    expect(await client.hexists(keys.meta, 'salt')).toBe(0);
    const stored = await everything(w);
    expect(stored.length).toBeGreaterThan(5);
    const ids = [admin, ...people].map((p) => p.user as string);
    for (const { key, text } of stored) {
      expect(text, key).not.toContain(salt);
      for (const h of hashes) expect(text, key).not.toContain(h);
      const mentionsPerson = ids.some((id) => text.includes(id) || text.includes(id.split(':')[2]!));
      if (mentionsPerson) {
        expect(text, key).not.toContain(pulseId);
        expect(text, key).not.toMatch(/energy|workload/);
      }
    }
    // The pulse's own record: the aggregate and meta, without a person in it.
    const pulseTexts = stored
      .filter((s) => s.text.includes(pulseId))
      .map((s) => s.text)
      .join('\n');
    expect(pulseTexts).toContain('"n":5');
    for (const id of ids) expect(pulseTexts).not.toContain(id.split(':')[2]!);

    // Logs: the pulse was logged (by id and counts), never with a person or a hash.
    expect(w.logs.some((l) => l.includes(pulseId) && l.includes('pulse closed'))).toBe(true);
    for (const line of w.logs) {
      expect(line).not.toContain(salt);
      for (const h of hashes) expect(line).not.toContain(h);
      if (line.includes(pulseId)) for (const id of ids) expect(line).not.toContain(id.split(':')[2]!);
    }
    // Exports after close: still nothing of the pulse.
    for (const p of people) {
      const exported = JSON.stringify(await w.core.store.exportUser(p.user));
      expect(exported).not.toContain(pulseId);
      expect(exported).not.toMatch(/energy|workload/);
    }
  });
});
