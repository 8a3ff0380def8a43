import { describe, expect, it } from 'vitest';
import { Transcript } from '../support/transcript.ts';

describe('onboarding flow', () => {
  it('explains what the bot is not, asks consent, age, country, zone and reminder, then stores the profile', async () => {
    const t = new Transcript();
    await t.send('hello');
    t.expectReply('not therapy').expectReply('sos');
    expect(t.buttons).toEqual(['Yes, save them', 'No, don’t save']);
    await t.click('Yes, save them');
    t.expectReply('18 or older');
    await t.click('18 or older');
    t.expectReply('Which country');
    await t.send('Germany');
    t.expectReply('time zone');
    await t.send('europe/berlin');
    t.expectReply('reminder');
    await t.click('Another time');
    await t.send('banana');
    t.expectReply('Please type a time like 9:00');
    await t.send('7:30pm');
    t.expectReply('All set');

    const { profile, conversation } = await t.store.load(t.user);
    expect(conversation).toBeNull();
    expect(profile).toMatchObject({
      onboarded: true,
      country: 'DE',
      timeZone: 'Europe/Berlin',
      consents: { storeCheckins: true },
      reminder: { time: '19:30', days: [1, 2, 3, 4, 5], enabled: true },
    });
    expect(profile.address).toEqual(t.address);
  });

  it('confirms a time zone the platform already knows', async () => {
    const t = new Transcript();
    await t.deliver({ ...t.turn({ kind: 'text', text: 'hi' }), hints: { timeZone: 'Asia/Kolkata' } });
    await t.click('Yes, save them');
    await t.click('18 or older');
    await t.send('skip');
    t.expectReply('Asia/Kolkata');
    await t.click('Yes');
    t.expectReply('reminder');
    await t.click('At 9:00');
    expect((await t.store.load(t.user)).profile).toMatchObject({
      timeZone: 'Asia/Kolkata',
      reminder: { time: '09:00' },
    });
  });

  it('stores nothing for someone under 18 and points to youth support', async () => {
    const t = new Transcript();
    await t.send('hi');
    await t.click('No, don’t save');
    await t.click('under 18');
    t.expectReply('built for adults').expectReply('findahelpline.com').expectReply('deleted');
    const snapshot = await t.store.load(t.user);
    expect(snapshot).toMatchObject({ version: 0, conversation: null, records: {} });
    expect(snapshot.profile.onboarded).toBe(false);
    expect(await t.store.exportUser(t.user)).toMatchObject({ history: [] });
  });

  it('does not save check-ins without consent', async () => {
    const t = new Transcript();
    await t.send('hi');
    await t.click('No, don’t save');
    await t.click('18 or older');
    await t.send('US');
    await t.send('America/Chicago');
    await t.click('No reminders');
    await t.command('checkin');
    for (const label of ['Good', 'Good', 'Well']) await t.click(label);
    await t.send('calm');
    await t.send('skip');
    t.expectReply('Thanks for checking in');
    expect(await t.store.history(t.user, 0)).toEqual([]);
    expect((await t.store.load(t.user)).profile.streak).toBeUndefined();
  });
});
