import { describe, expect, it } from 'vitest';
import { Transcript } from '../support/transcript.ts';

describe('breathing and grounding flows', () => {
  it('box breathing can be declined', async () => {
    const t = await new Transcript().onboard();
    await t.send('breathe');
    t.expectReply('box breathing');
    await t.click('Not now');
    t.expectReply('Type breathe whenever');
    expect((await t.store.load(t.user)).conversation).toBeNull();
  });

  it('5-4-3-2-1 grounding walks through the five senses and stores nothing', async () => {
    const t = await new Transcript().onboard();
    await t.command('ground');
    for (const [sense, answer] of [
      ['five', 'desk, lamp, cup, window, plant'],
      ['four', 'chair'],
      ['three', 'skip'],
      ['two', 'coffee'],
      ['one', 'mint'],
    ] as const) {
      t.expectReply(sense);
      await t.send(answer);
    }
    t.expectReply('Thank you for doing that');
    expect(await t.store.history(t.user, 0)).toEqual([]);
  });

  it('a command mid-flow suspends the check-in and resumes it afterwards', async () => {
    const t = await new Transcript().onboard();
    await t.send('checkin');
    await t.click('Good');
    await t.send('breathe');
    t.expectReply('box breathing');
    await t.click('Not now');
    t.expectReply('pick up where we left off').expectReply('energy');
    await t.click('Good');
    t.expectReply('sleep');
  });

  it('checkin while a check-in is open carries on instead of restarting', async () => {
    const t = await new Transcript().onboard();
    await t.send('checkin');
    await t.click('Good');
    await t.send('checkin');
    t.expectReply('carry on').expectReply('energy');
  });
});

describe('forget flow', () => {
  it('deletes everything after confirmation and says what went', async () => {
    const t = await new Transcript().onboard();
    await t.send('checkin');
    for (const label of ['Good', 'Good', 'Well']) await t.click(label);
    await t.send('skip');
    await t.send('skip');
    await t.send('forget');
    t.expectReply('can’t be undone');
    await t.click('Yes, delete everything');
    t.expectReply('deleted everything').expectReply('history (1)');
    expect(await t.store.exportUser(t.user)).toMatchObject({ history: [], records: {} });
    expect((await t.store.load(t.user)).version).toBe(0);
  });

  it('keeps everything when the person says no', async () => {
    const t = await new Transcript().onboard();
    await t.send('forget');
    await t.click('No, keep it');
    t.expectReply('nothing was deleted');
    expect((await t.store.load(t.user)).profile.onboarded).toBe(true);
  });
});
