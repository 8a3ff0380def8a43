import { describe, expect, it } from 'vitest';
import { plainTextOf } from '../../src/core/outbound.ts';
import type { HistoryEntry } from '../../src/core/state.ts';
import { addDays, type DayPoint, dailySeries, localDay, safeTimeZone } from '../../src/history/days.ts';
import { historyLoadFromMs, historyReply } from '../../src/history/reply.ts';
import { scoreDirection } from '../../src/history/screeners.ts';
import { correlationOf, streakOf, summarise, trendOf } from '../../src/history/stats.ts';
import { correlationSentence, sparkline } from '../../src/history/words.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 12, 0); // Thu 26 Nov 2026, 12:00 UTC

const mood = (at: number, data: HistoryEntry['data']): HistoryEntry => ({ at, kind: 'mood', data });
const day = (p: Partial<DayPoint> & { day: string }): DayPoint => ({
  mood: null,
  energy: null,
  sleep: null,
  ...p,
});

describe('days in the person’s time zone', () => {
  it('counts a late-evening check-in on that local day, not the UTC one', () => {
    // 25 Nov 11:30 UTC is 26 Nov 00:30 in Auckland (UTC+13) and still 25 Nov in New York.
    const at = Date.UTC(2026, 10, 25, 11, 30);
    expect(localDay(at, 'Pacific/Auckland')).toBe('2026-11-26');
    expect(localDay(at, 'America/New_York')).toBe('2026-11-25');
    const auckland = dailySeries([mood(at, { mood: 4 })], {
      days: 7,
      timeZone: 'Pacific/Auckland',
      now: NOW,
    });
    expect(auckland.at(-1)).toEqual({ day: '2026-11-27', mood: null, energy: null, sleep: null });
    expect(auckland.find((p) => p.mood !== null)?.day).toBe('2026-11-26');
  });
  it('averages several check-ins on one day and ignores ratings outside 1–5 and future entries', () => {
    const series = dailySeries(
      [
        mood(NOW - 2 * 3_600_000, { mood: 2, energy: 3, sleep: 9 }),
        mood(NOW - 1 * 3_600_000, { mood: 5, energy: 4 }),
        mood(NOW + 3_600_000, { mood: 1 }),
        { at: NOW, kind: 'safety', data: { mood: 1 } },
      ],
      { days: 7, timeZone: 'UTC', now: NOW },
    );
    expect(series).toHaveLength(7);
    expect(series[0]!.day).toBe('2026-11-20');
    expect(series[6]).toEqual({ day: '2026-11-26', mood: 3.5, energy: 3.5, sleep: null });
  });
  it('keeps one point per local day across a daylight-saving change', () => {
    // New York leaves DST on Sun 1 Nov 2026: 23:30 local is 03:30 UTC before and 04:30 UTC after.
    const at = (utc: number) => mood(utc, { mood: 3 });
    const entries = [
      at(Date.UTC(2026, 10, 1, 3, 30)), // Sat 31 Oct 23:30 EDT
      at(Date.UTC(2026, 10, 2, 4, 30)), // Sun 1 Nov 23:30 EST
      at(Date.UTC(2026, 10, 2, 5, 30)), // Mon 2 Nov 00:30 EST
    ];
    const series = dailySeries(entries, {
      days: 4,
      timeZone: 'America/New_York',
      now: Date.UTC(2026, 10, 3, 12),
    });
    expect(series.map((p) => [p.day, p.mood])).toEqual([
      ['2026-10-31', 3],
      ['2026-11-01', 3],
      ['2026-11-02', 3],
      ['2026-11-03', null],
    ]);
  });
  it('falls back to UTC for an unknown zone and does calendar arithmetic across month ends', () => {
    expect(safeTimeZone('Mars/Olympus')).toBe('UTC');
    expect(safeTimeZone(undefined)).toBe('UTC');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('statistics', () => {
  it('summarises average, best and hardest (latest day wins a tie)', () => {
    const s = summarise([
      day({ day: '2026-11-01', mood: 2 }),
      day({ day: '2026-11-02', mood: 5 }),
      day({ day: '2026-11-03' }),
      day({ day: '2026-11-04', mood: 2 }),
      day({ day: '2026-11-05', mood: 5 }),
    ]);
    expect(s).toEqual({
      recordedDays: 4,
      average: 3.5,
      best: { day: '2026-11-05', value: 5 },
      hardest: { day: '2026-11-04', value: 2 },
    });
  });
  it('counts a streak up to today, or up to yesterday while today is still open', () => {
    const days = new Set(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25']);
    expect(streakOf(days, '2026-11-26')).toBe(4);
    expect(streakOf(new Set([...days, '2026-11-26']), '2026-11-26')).toBe(5);
    expect(streakOf(days, '2026-11-27')).toBe(0);
  });
  it('needs a clear line to call a direction: a sawtooth is mixed, small wobbles are steady', () => {
    const series = (moods: number[]) => moods.map((m, i) => day({ day: addDays('2026-11-01', i), mood: m }));
    expect(trendOf(series([1, 2, 3, 4, 5, 1, 2, 3, 4, 5]))?.direction).toBe('mixed');
    expect(trendOf(series([3, 3, 4, 3, 3, 4, 3, 3]))?.direction).toBe('steady');
    expect(trendOf(series([5, 4, 5, 3, 4, 2, 3, 1]))?.direction).toBe('falling');
    expect(trendOf(series([2, 2, 3, 3, 4, 4, 5]))).toEqual({
      direction: 'rising',
      from: 1.8,
      to: 4.8,
      spread: 0.2,
    }); // slope 0.5, by hand;
  });
  it('names no trend before three recorded days', () => {
    expect(trendOf([day({ day: '2026-11-01', mood: 1 }), day({ day: '2026-11-02', mood: 5 })])).toBeNull();
  });
  it('describes a correlation only with seven or more paired days, in words and with the number', () => {
    const six = Array.from({ length: 6 }, (_, i) =>
      day({ day: `2026-11-0${i + 1}`, mood: 1 + (i % 5), sleep: 1 + (i % 5) }),
    );
    expect(correlationOf(six, 'sleep')).toBeNull();
    const together = Array.from({ length: 10 }, (_, i) =>
      day({ day: `2026-11-${10 + i}`, mood: 1 + (i % 5), sleep: 1 + (i % 5), energy: 5 - (i % 5) }),
    );
    expect(correlationOf(together, 'sleep')).toEqual({ r: 1, days: 10 });
    expect(correlationOf(together, 'energy')).toEqual({ r: -1, days: 10 });
    expect(correlationSentence('sleep', { r: 1, days: 10 })).toBe(
      'On days you slept better, your mood was usually better too (correlation 1.00 over 10 days).',
    );
    expect(correlationSentence('energy', { r: 0.1, days: 8 })).toBe(
      'Your mood and your energy did not move together much (correlation 0.10 over 8 days).',
    );
    expect(correlationSentence('energy', { r: -0.6, days: 8 })).toMatch(/opposite directions/);
    // No variation in sleep: nothing to correlate.
    expect(
      correlationOf(
        together.map((p) => ({ ...p, sleep: 3 })),
        'sleep',
      ),
    ).toBeNull();
  });
  it('draws a sparkline with one character per day and gaps for missing days', () => {
    expect(sparkline([1, 2, 3, 4, 5, null, 2.5])).toBe('▁▃▅▆█·▄');
  });
  it('calls screener series rising, falling, steady or mixed from every step', () => {
    expect(scoreDirection([14, 9, 6])).toBe('falling');
    expect(scoreDirection([40, 40, 56])).toBe('rising');
    expect(scoreDirection([5, 5])).toBe('steady');
    expect(scoreDirection([5, 9, 4])).toBe('mixed');
    expect(scoreDirection([5])).toBeNull();
  });
});

describe('historyReply', () => {
  it('answers an empty history kindly, without a chart', async () => {
    const messages = await historyReply([], { days: 7, timeZone: 'UTC', now: NOW });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.private).toBe(true);
    expect(messages[0]!.blocks.map((b) => b.type)).toEqual(['text']);
    expect(plainTextOf(messages[0]!)).toMatch(/no check-ins from the last 7 days yet.*type checkin/s);
  });
  it('with one check-in, says what there is and invites more', async () => {
    const messages = await historyReply([mood(NOW - DAY, { mood: 4 })], {
      days: 30,
      timeZone: 'UTC',
      now: NOW,
    });
    expect(plainTextOf(messages[0]!)).toMatch(
      /one check-in from the last 30 days: mood 4 out of 5 on Wed 25 Nov/,
    );
    expect(messages[0]!.blocks.some((b) => b.type === 'image')).toBe(false);
  });
  it('with a few days, draws the chart and says when sleep and energy patterns will appear', async () => {
    const entries = [3, 4, 4].map((m, i) => mood(NOW - (2 - i) * DAY, { mood: m, energy: 3, sleep: 4 }));
    const messages = await historyReply(entries, { days: 7, timeZone: 'UTC', now: NOW });
    expect(messages[0]!.blocks.map((b) => b.type)).toEqual(['image', 'card', 'text']);
    expect(plainTextOf(messages[0]!)).toContain('After 7 days with sleep and energy recorded');
    expect(plainTextOf(messages[0]!)).not.toContain('correlation');
  });
  it('gives the figures, the sleep pattern, and screener results as their own trend', async () => {
    const entries: HistoryEntry[] = [];
    for (let i = 0; i < 10; i++) {
      const m = 1 + (i % 5);
      entries.push(mood(NOW - (9 - i) * DAY, { mood: m, energy: 3, sleep: m, note: 'private words' }));
    }
    entries.push({
      at: NOW - 40 * DAY,
      kind: 'screener',
      data: { instrument: 'phq9', total: 14, band: 'moderate' },
    });
    entries.push({
      at: NOW - 10 * DAY,
      kind: 'screener',
      data: { instrument: 'phq9', total: 8, band: 'mild' },
    });
    entries.push({
      at: NOW - 5 * DAY,
      kind: 'screener',
      data: { instrument: 'who5', total: 10, percent: 40, band: 'poor_wellbeing' },
    });
    entries.push({
      at: NOW - 400 * DAY,
      kind: 'screener',
      data: { instrument: 'gad7', total: 3, band: 'minimal' },
    });
    const messages = await historyReply(entries, { days: 30, timeZone: 'UTC', now: NOW });
    const text = messages.map(plainTextOf).join('\n');
    expect(text).toContain('Average mood: 3 / 5');
    expect(text).toContain('Best day: Thu 26 Nov (5)');
    expect(text).toContain('Hardest day: Sun 22 Nov (1)');
    expect(text).toContain('Days checked in: 10 of 30');
    expect(text).toContain('Streak: 10 days');
    // Two identical climbs from 1 to 5 are up and down, not a rise.
    expect(text).toContain('Your mood has been mixed: up and down without a clear direction');
    expect(text).toMatch(
      /On days you slept better, your mood was usually better too \(correlation 1\.00 over 10 days\)/,
    );
    expect(text).toMatch(
      /PHQ-9 \(depression symptoms, 0–27\): 14 moderate \(17 Oct\) → 8 mild \(16 Nov\)\. Falling: fewer symptoms\./,
    );
    expect(text).toMatch(/WHO-5 \(wellbeing, 0–100%, higher is better\): 40% poor wellbeing \(21 Nov\)\./);
    expect(text).not.toContain('GAD-7'); // older than the screener look-back
    expect(text).toContain('screenings, not diagnoses');
    expect(text).not.toContain('private words');
  });
  it('tells the caller how far back to load', () => {
    expect(historyLoadFromMs({ days: 30, now: NOW })).toBe(NOW - 180 * DAY);
  });
});
