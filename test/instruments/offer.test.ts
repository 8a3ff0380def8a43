import { describe, expect, it } from 'vitest';
import { emptyProfile, type Profile } from '../../src/core/state.ts';
import { builtinInstruments } from '../../src/instruments/load.ts';
import { isScreenerDue, screenerOffer } from '../../src/instruments/offer.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 9, 0);
const instruments = builtinInstruments();

const profile = (patch: Partial<Profile>): Profile => ({ ...emptyProfile(), ...patch });

describe('offering screeners unasked', () => {
  it('offers the WHO-5 first to someone who never took one, and records the offer', () => {
    const offer = screenerOffer(profile({}), instruments, NOW, 14);
    expect(offer?.message.private).toBe(true);
    expect(offer?.message.blocks[0]).toMatchObject({
      type: 'text',
      text: expect.stringContaining('**screen who5**'),
    });
    expect(offer?.message.blocks[1]).toMatchObject({ type: 'choices', options: [{ value: 'screen' }] });
    expect(offer?.profile.screenersOffered).toEqual({ who5: NOW });
  });

  it('does not repeat an ignored offer, nor offer anything within the interval of any screener', () => {
    const offered = screenerOffer(profile({}), instruments, NOW, 14)!.profile;
    expect(screenerOffer(offered, instruments, NOW + 13 * DAY, 14)).toBeNull();
    // After the interval the next instrument in line is offered, the ignored one still counts as offered.
    const later = screenerOffer(offered, instruments, NOW + 14 * DAY, 14);
    expect(later?.profile.screenersOffered).toEqual({ who5: NOW, phq2: NOW + 14 * DAY });
    expect(
      screenerOffer(profile({ lastScreened: { gad7: NOW - 3 * DAY } }), instruments, NOW, 14),
    ).toBeNull();
  });

  it('counts an instrument as due from the later of completion and offer', () => {
    const p = profile({ lastScreened: { phq2: NOW - 20 * DAY }, screenersOffered: { phq2: NOW - 5 * DAY } });
    expect(isScreenerDue(p, 'phq2', NOW, 14)).toBe(false);
    expect(isScreenerDue(p, 'phq2', NOW + 9 * DAY, 14)).toBe(true);
    expect(isScreenerDue(p, 'gad2', NOW, 14)).toBe(true);
    expect(isScreenerDue(p, 'phq2', NOW + 9 * DAY, 30)).toBe(false);
  });
});
