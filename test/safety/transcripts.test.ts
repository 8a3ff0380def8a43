import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/core/outbound.ts';
import { createSafetyService } from '../../src/safety/index.ts';
import { Transcript } from '../support/transcript.ts';

/**
 * The real bot core with the real safety service: what a person sees when a crisis comes mid-flow.
 * (The bot's own wiring of the check-question buttons and the `plan` command is the lead's; here
 * the `plan` command is provided as a feature handler, exactly as the wiring note describes.)
 */
const safety = createSafetyService();
const features = { plan: () => ({ messages: [] as OutboundMessage[], startFlow: 'safety-plan' }) };
const urgent = (t: Transcript) => t.last.messages.filter((m) => m.urgent);

describe('a crisis interrupts any step', () => {
  it('mid check-in: urgent help for the country, the flow paused at the same step', async () => {
    const t = await new Transcript({ safety, features }).onboard('GB', 'Europe/London');
    await t.send('checkin');
    for (const label of ['Low', 'Low', 'Poorly']) await t.click(label);
    t.expectReply('what are you feeling');
    const before = (await t.store.load(t.user)).conversation;
    await t.send('honestly i just want to end it all');
    expect(urgent(t)).toHaveLength(1);
    t.expectReply('Samaritans')
      .expectReply('116 123')
      .expectReply('999')
      .expectReply('not an emergency service');
    const after = (await t.store.load(t.user)).conversation;
    expect(after?.stepId).toBe(before?.stepId);
    expect(after?.answers).toEqual(before?.answers);
  });

  it('in a note, and the history keeps only level and category', async () => {
    const t = await new Transcript({ safety, features }).onboard('US');
    await t.send('checkin');
    for (const label of ['Low', 'Low', 'Poorly']) await t.click(label);
    await t.send('tired');
    t.expectReply('Anything else');
    await t.send('I swallowed a bunch of my sleeping pills an hour ago');
    t.expectReply('Please call 911 now').expectReply('988');
    const history = await t.store.history(t.user, 0);
    const safetyEntries = history.filter((h) => h.kind === 'safety');
    expect(safetyEntries.map((h) => h.data)).toEqual([
      { level: 'crisis', category: 'overdose_or_emergency' },
    ]);
    expect(JSON.stringify(await t.store.exportUser(t.user))).not.toContain('sleeping pills');
  });

  it('in Spanish, answered in Spanish with Spain’s lines', async () => {
    const t = await new Transcript({ safety, features, locale: 'es-ES' }).onboard('ES', 'Europe/Madrid');
    await t.send('ya no quiero vivir, me voy a matar');
    t.expectReply('Gracias por contármelo').expectReply('024').expectReply('112');
  });

  it('in a shared channel: every safety message is private', async () => {
    const t = await new Transcript({ safety, features, scope: 'channel' }).onboard('US');
    await t.send('I want to kill myself');
    expect(t.last.messages.length).toBeGreaterThan(0);
    expect(t.last.messages.every((m) => m.private === true)).toBe(true);
  });
});

describe('help is never closed by one denial', () => {
  it('"you misunderstood" keeps sos working and the next check-in asks again', async () => {
    const t = await new Transcript({ safety, features }).onboard('US');
    await t.send('i want to die');
    expect(urgent(t)).toHaveLength(1);
    await t.send('you misunderstood, I was joking');
    await t.send('sos');
    t.expectReply('988');
    await t.send('checkin');
    t.expectReply('last time you told me things were really hard');
  });

  it('a concern asks gently with the two buttons, and the answer still counts', async () => {
    const t = await new Transcript({ safety, features }).onboard('US');
    await t.send('checkin');
    for (const label of ['Low', 'Low', 'Poorly']) await t.click(label);
    await t.send('I feel like a burden to everyone');
    t.expectReply('are you having thoughts of ending your life?');
    expect(t.buttons).toEqual(expect.arrayContaining(['I’m safe right now', 'I’d like help']));
    t.expectReply('Anything else');
  });
});

describe('the safety-plan flow', () => {
  it('asks the four questions and saves the plan privately, included in export and forget', async () => {
    const t = await new Transcript({ safety, features }).onboard('US');
    await t.send('plan');
    t.expectReply('safety plan').expectReply('1/4 Warning signs');
    await t.send('not sleeping, skipping meals');
    t.expectReply('2/4 Things that calm me');
    await t.send('a walk with the dog');
    t.expectReply('3/4 People I can reach');
    await t.send('skip');
    t.expectReply('4/4 Reasons to keep going');
    await t.send('my sister and my dog');
    t.expectReply('Your safety plan is saved').expectReply('a walk with the dog');
    const snapshot = await t.store.load(t.user);
    expect(snapshot.records.safety_plan).toMatchObject({
      warning_signs: 'not sleeping, skipping meals',
      calm: 'a walk with the dog',
      reasons: 'my sister and my dog',
    });
    expect(JSON.stringify(await t.store.exportUser(t.user))).toContain('a walk with the dog');
    await t.store.forgetUser(t.user);
    expect((await t.store.load(t.user)).records.safety_plan).toBeUndefined();
  });
});
