import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, countryCode, parseAnswer, parseTimeOfDay } from '../../src/engine/answers.ts';

const scale = {
  kind: 'scale' as const,
  min: 1,
  max: 5,
  labels: { 1: '😞 Very low', 2: 'Low', 3: 'Okay', 4: '🙂 Good', 5: 'Great' },
};

describe('typed answers', () => {
  it('accept numbers and labels on a scale and explain the range otherwise', () => {
    expect(parseAnswer(scale, '4', 'text')).toEqual({ ok: true, value: 4 });
    expect(parseAnswer(scale, 'good!', 'text')).toEqual({ ok: true, value: 4 });
    expect(parseAnswer(scale, 'banana', 'text')).toEqual({
      ok: false,
      hint: 'Please pick a number from 1 to 5.',
    });
    expect(parseAnswer(scale, '4.5', 'text').ok).toBe(false);
  });

  it('understand yes and no in several languages', () => {
    const yesno = { kind: 'yesno' as const, yes: 'Yes', no: 'No' };
    expect(parseAnswer(yesno, 'Oui', 'text')).toEqual({ ok: true, value: true });
    expect(parseAnswer(yesno, 'nein', 'text')).toEqual({ ok: true, value: false });
    expect(parseAnswer(yesno, 'maybe', 'text').ok).toBe(false);
  });

  it('check number ranges and text length', () => {
    const number = { kind: 'number' as const, min: 0, max: 24, integer: true };
    expect(parseAnswer(number, '7', 'text')).toEqual({ ok: true, value: 7 });
    expect(parseAnswer(number, '25', 'text')).toEqual({
      ok: false,
      hint: 'Please type a number from 0 to 24.',
    });
    const text = { kind: 'text' as const, max_length: 5, format: 'any' as const };
    expect(parseAnswer(text, 'toolong', 'text').ok).toBe(false);
  });

  it('read time zones, times of day and countries', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
    expect(parseTimeOfDay('6pm')).toBe('18:00');
    expect(parseTimeOfDay('08:30')).toBe('08:30');
    expect(parseTimeOfDay('12am')).toBe('00:00');
    expect(parseTimeOfDay('25:00')).toBeNull();
    expect(countryCode('Germany')).toBe('DE');
    expect(countryCode('uk')).toBe('GB');
    expect(countryCode('au')).toBe('AU');
    expect(countryCode('Atlantis')).toBeNull();
  });
});
