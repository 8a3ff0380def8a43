import { describe, expect, it } from 'vitest';
import { Transcript } from '../support/transcript.ts';

const DAY = 86_400_000;

describe('daily check-in flow', () => {
  it('records mood, energy, sleep, feelings and a note, and suggests what fits a good day', async () => {
    const t = await new Transcript().onboard();
    await t.command('checkin');
    t.expectReply('How’s your mood');
    expect(t.buttons).toEqual(['😞 Very low', '🙁 Low', '😐 Okay', '🙂 Good', '😄 Great']);
    await t.click('Good');
    expect(t.last.updateAnswered).toBeDefined();
    t.expectReply('energy');
    await t.click('Full');
    await t.click('Very well');
    t.expectReply('what are you feeling');
    await t.send('calm, hopeful');
    await t.send('Had a nice walk.');
    t.expectReply('Good to hear').expectReply('Thanks for checking in');

    const [entry, ...rest] = await t.store.history(t.user, 0);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      kind: 'mood',
      data: { mood: 4, energy: 5, sleep: 5, feelings: 'calm, hopeful', note: 'Had a nice walk.' },
    });
    expect((await t.store.load(t.user)).conversation).toBeNull();
  });

  it('offers breathing after a hard day, runs it, then comes back to finish', async () => {
    const t = await new Transcript().onboard();
    await t.send('checkin');
    await t.click('Very low');
    await t.click('Drained');
    await t.click('Very badly');
    await t.send('skip');
    await t.send('skip');
    t.expectReply('hard day (😞 Very low)').expectReply('sos');
    await t.click('Yes, let’s breathe');
    t.expectReply('box breathing');
    await t.click('I’m ready');
    t.expectReply('Breathe in');
    await t.click('Another round');
    t.expectReply('Breathe in');
    await t.click('I’m done');
    t.expectReply('Well done').expectReply('Thanks for checking in');
    const [entry] = await t.store.history(t.user, 0);
    expect(entry?.data).toEqual({ mood: 1, energy: 1, sleep: 1 });
  });

  it('counts a streak of consecutive local days', async () => {
    const t = await new Transcript().onboard('US', 'America/New_York');
    for (let day = 1; day <= 3; day++) {
      await t.send('checkin');
      for (const label of ['Good', 'Good', 'Well']) await t.click(label);
      await t.send('skip');
      await t.send('skip');
      if (day === 1) expect(t.text).not.toContain('in a row');
      else t.expectReply(`${day} days in a row`);
      t.clock.advance(DAY);
    }
    expect((await t.store.load(t.user)).profile.streak?.count).toBe(3);
  });

  it('re-asks kindly when the answer does not fit the scale, then moves on', async () => {
    const t = await new Transcript().onboard();
    await t.send('checkin');
    await t.send('banana');
    t.expectReply('Please pick a number from 1 to 5').expectReply('How’s your mood');
    await t.send('7');
    t.expectReply('from 1 to 5');
    await t.send('3');
    t.expectReply('energy');
  });

  it('goes back, refuses to skip a required question, and stops without saving', async () => {
    const t = await new Transcript().onboard();
    await t.send('checkin');
    await t.click('Good');
    await t.send('back');
    t.expectReply('How’s your mood');
    await t.send('skip');
    t.expectReply('can’t be skipped');
    await t.click('Okay');
    await t.send('stop');
    t.expectReply('stopped');
    expect((await t.store.load(t.user)).conversation).toBeNull();
    expect(await t.store.history(t.user, 0)).toEqual([]);
  });

  it('treats universal words as commands in a free-text question only when alone', async () => {
    const t = await new Transcript().onboard();
    await t.send('checkin');
    for (const label of ['Good', 'Good', 'Well']) await t.click(label);
    await t.send('help me sleep');
    t.expectReply('Anything else on your mind');
    await t.send('help');
    t.expectReply('Here’s what I can do').expectReply('sos');
    expect((await t.store.load(t.user)).conversation?.stepId).toBe('note');
  });
});
