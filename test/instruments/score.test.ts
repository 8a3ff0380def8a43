import { describe, expect, it } from 'vitest';
import { hasCode } from '../../src/core/errors.ts';
import { instrumentById } from '../../src/instruments/load.ts';
import { AnswerError, needsSafety, scoreAnswers } from '../../src/instruments/score.ts';

/**
 * Test vectors written by hand from the published scoring tables (Kroenke 2001 Table 2 for PHQ-9,
 * Spitzer 2006 for GAD-7, the ≥3 cut-off of Kroenke 2003/2007 for PHQ-2/GAD-2, the WHO-5 ×4
 * percentage with ≤28 / ≤50). Each row: answers, expected raw total, expected band.
 */
type Row = [answers: number[], total: number, band: string];

const PHQ9: Row[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 'minimal'],
  [[1, 1, 1, 1, 0, 0, 0, 0, 0], 4, 'minimal'],
  [[1, 1, 1, 1, 1, 0, 0, 0, 0], 5, 'mild'],
  [[3, 3, 3, 0, 0, 0, 0, 0, 0], 9, 'mild'],
  [[3, 3, 3, 1, 0, 0, 0, 0, 0], 10, 'moderate'],
  [[2, 2, 2, 2, 2, 2, 2, 0, 0], 14, 'moderate'],
  [[3, 3, 3, 3, 3, 0, 0, 0, 0], 15, 'moderately_severe'],
  [[3, 3, 3, 3, 3, 3, 1, 0, 0], 19, 'moderately_severe'],
  [[3, 3, 3, 3, 3, 3, 2, 0, 0], 20, 'severe'],
  [[3, 3, 3, 3, 3, 3, 3, 3, 3], 27, 'severe'],
];

const GAD7: Row[] = [
  [[0, 0, 0, 0, 0, 0, 0], 0, 'minimal'],
  [[1, 1, 1, 1, 0, 0, 0], 4, 'minimal'],
  [[1, 1, 1, 1, 1, 0, 0], 5, 'mild'],
  [[3, 3, 3, 0, 0, 0, 0], 9, 'mild'],
  [[2, 2, 2, 2, 2, 0, 0], 10, 'moderate'],
  [[2, 2, 2, 2, 2, 2, 2], 14, 'moderate'],
  [[3, 3, 3, 3, 3, 0, 0], 15, 'severe'],
  [[3, 3, 3, 3, 3, 3, 3], 21, 'severe'],
];

const TWO_ITEM: Row[] = [
  [[0, 0], 0, 'negative'],
  [[1, 1], 2, 'negative'],
  [[2, 0], 2, 'negative'],
  [[2, 1], 3, 'positive'],
  [[0, 3], 3, 'positive'],
  [[3, 3], 6, 'positive'],
];

// WHO-5 rows also carry the percentage (raw × 4), on which the band is judged.
const WHO5: Array<[number[], number, number, string]> = [
  [[0, 0, 0, 0, 0], 0, 0, 'likely_depression'],
  [[2, 2, 1, 1, 1], 7, 28, 'likely_depression'],
  [[2, 2, 2, 1, 1], 8, 32, 'poor_wellbeing'],
  [[3, 3, 2, 2, 2], 12, 48, 'poor_wellbeing'],
  [[3, 3, 3, 2, 2], 13, 52, 'not_indicated'],
  [[5, 5, 5, 5, 5], 25, 100, 'not_indicated'],
];

describe('scoreAnswers — published band edges', () => {
  it.each(PHQ9)('PHQ-9 %j → %i %s', (answers, total, band) => {
    expect(scoreAnswers(instrumentById('phq9'), answers)).toMatchObject({ instrument: 'phq9', total, band });
  });
  it.each(GAD7)('GAD-7 %j → %i %s', (answers, total, band) => {
    expect(scoreAnswers(instrumentById('gad7'), answers)).toEqual({
      instrument: 'gad7',
      total,
      band,
      flags: [],
    });
  });
  it.each(TWO_ITEM)('PHQ-2 and GAD-2 %j → %i %s', (answers, total, band) => {
    expect(scoreAnswers(instrumentById('phq2'), answers)).toEqual({
      instrument: 'phq2',
      total,
      band,
      flags: [],
    });
    expect(scoreAnswers(instrumentById('gad2'), answers)).toEqual({
      instrument: 'gad2',
      total,
      band,
      flags: [],
    });
  });
  it.each(WHO5)('WHO-5 %j → raw %i, %i%% %s', (answers, total, percent, band) => {
    expect(scoreAnswers(instrumentById('who5'), answers)).toEqual({
      instrument: 'who5',
      total,
      percent,
      band,
      flags: [],
    });
  });
});

describe('flags and options', () => {
  const phq9 = instrumentById('phq9');
  it('raises item9_positive on any answer above "Not at all" to item 9, whatever the total', () => {
    const low = scoreAnswers(phq9, [0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(low).toEqual({ instrument: 'phq9', total: 1, band: 'minimal', flags: ['item9_positive'] });
    expect(needsSafety(phq9, low)).toBe(true);
    const high = scoreAnswers(phq9, [3, 3, 3, 3, 3, 3, 3, 3, 0]);
    expect(high.flags).toEqual([]);
    expect(needsSafety(phq9, high)).toBe(false);
  });
  it('lets the PHQ-2/GAD-2 cut-off be configured', () => {
    expect(scoreAnswers(instrumentById('phq2'), [1, 1], { cutoff: 2 }).band).toBe('positive');
    expect(scoreAnswers(instrumentById('gad2'), [1, 2], { cutoff: 4 }).band).toBe('negative');
  });
  it('accepts answers as the decimal text a button carries', () => {
    expect(scoreAnswers(instrumentById('gad2'), ['3', '0']).total).toBe(3);
  });
});

describe('invalid answers are refused, never prorated', () => {
  const phq9 = instrumentById('phq9');
  const cases: Array<[string, unknown[], string, number | undefined, RegExp]> = [
    ['empty', [], 'empty', undefined, /needs 9 answers and got none/],
    ['too few', [0, 1, 2], 'count', undefined, /exactly 9 answers.*got 3/],
    ['too many', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'count', undefined, /got 10/],
    ['a missing item', [0, 0, undefined, 0, 0, 0, 0, 0, 0], 'missing', 3, /item 3 has no answer/],
    ['out of range', [0, 0, 0, 0, 4, 0, 0, 0, 0], 'out_of_range', 5, /item 5: 4 is out of range/],
    ['negative', [-1, 0, 0, 0, 0, 0, 0, 0, 0], 'out_of_range', 1, /item 1: -1 is out of range/],
    ['not a number', [0, 'x', 0, 0, 0, 0, 0, 0, 0], 'not_a_number', 2, /"x" is not a number/],
    ['a fraction', [0, 0, 0, 0, 0, 0, 1.5, 0, 0], 'not_a_number', 7, /1.5 is not a whole number/],
  ];
  it.each(cases)('%s', (_name, answers, problem, item, message) => {
    let caught: unknown;
    try {
      scoreAnswers(phq9, answers);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AnswerError);
    expect(hasCode(caught, 'invalid_answer')).toBe(true);
    expect(caught).toMatchObject({ problem, item });
    expect((caught as Error).message).toMatch(message);
  });
  it('refuses 6 on WHO-5 (values 0–5)', () => {
    expect(() => scoreAnswers(instrumentById('who5'), [6, 0, 0, 0, 0])).toThrow(/0, 1, 2, 3, 4 or 5/);
  });
  it('names unknown instruments', () => {
    expect(() => instrumentById('bdi')).toThrow(
      /Unknown instrument "bdi"; known: gad2, gad7, phq2, phq9, who5/,
    );
  });
});
