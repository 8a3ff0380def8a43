import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasCode } from '../../src/core/errors.ts';
import {
  BUILTIN_INSTRUMENTS_DIR,
  builtinInstruments,
  formatProblem,
  loadInstruments,
  parseInstrumentText,
  readInstruments,
} from '../../src/instruments/load.ts';

const PHQ9_TEXT = readFileSync(join(BUILTIN_INSTRUMENTS_DIR, 'phq9.yaml'), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('built-in instruments', () => {
  it('load without problems and are the five published ones', () => {
    expect(readInstruments().problems).toEqual([]);
    expect([...builtinInstruments().keys()].sort()).toEqual(['gad2', 'gad7', 'phq2', 'phq9', 'who5']);
  });
  it('carry the published wording, order, time frame and attribution', () => {
    const m = builtinInstruments();
    const phq9 = m.get('phq9')!;
    expect(phq9.items).toHaveLength(9);
    expect(phq9.items[8]).toBe(
      'Thoughts that you would be better off dead or of hurting yourself in some way',
    );
    expect(phq9.timeFrame).toMatch(/^Over the last 2 weeks, how often have you been bothered by/);
    expect(phq9.answers.map((a) => [a.value, a.label])).toEqual([
      [0, 'Not at all'],
      [1, 'Several days'],
      [2, 'More than half the days'],
      [3, 'Nearly every day'],
    ]);
    // The short forms are the first two items of the long ones.
    expect(m.get('phq2')!.items).toEqual(phq9.items.slice(0, 2));
    expect(m.get('gad2')!.items).toEqual(m.get('gad7')!.items.slice(0, 2));
    const who5 = m.get('who5')!;
    expect(who5.timeFrame).toBe('Over the last two weeks');
    expect(who5.answers.map((a) => a.value)).toEqual([5, 4, 3, 2, 1, 0]);
    expect(who5.answers[0]!.label).toBe('All of the time');
    expect(who5.answers[5]!.label).toBe('At no time');
    for (const id of ['phq9', 'phq2', 'gad7', 'gad2']) {
      expect(m.get(id)!.attribution).toBe(
        'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
      );
    }
    expect(phq9.citation).toMatch(/Kroenke K, Spitzer RL, Williams JBW.*2001/);
    expect(m.get('phq2')!.citation).toMatch(/2003/);
    expect(m.get('gad7')!.citation).toMatch(/Spitzer RL.*2006/);
    expect(m.get('gad2')!.citation).toMatch(/Kroenke K.*2007/);
    expect(who5.citation).toMatch(/Frederiksborg General Hospital.*Topp CW.*2015/s);
    expect(m.get('phq2')!.scoring.followUp).toBe('phq9');
    expect(m.get('gad2')!.scoring.followUp).toBe('gad7');
  });
});

const temp: string[] = [];
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

describe('malformed files are reported with file, line and field', () => {
  it('names a band that leaves a gap', () => {
    const bad = PHQ9_TEXT.replace('{ id: mild, min: 5, max: 9', '{ id: mild, min: 6, max: 9');
    const { instrument, problems } = parseInstrumentText(bad, 'dialogs/instruments/phq9.yaml');
    expect(instrument).toBeUndefined();
    expect(problems).toEqual([
      {
        file: 'dialogs/instruments/phq9.yaml',
        line: lineOf(bad, 'id: mild'),
        field: 'scoring.bands.1.min',
        message: expect.stringMatching(/expected 5/),
      },
    ]);
    expect(formatProblem(problems[0]!)).toBe(
      `dialogs/instruments/phq9.yaml:${lineOf(bad, 'id: mild')}: scoring.bands.1.min: ${problems[0]!.message}`,
    );
  });
  it('names a wrongly typed value, a flag on a missing item, and a missing field (at its parent)', () => {
    const bad = PHQ9_TEXT.replace('{ value: 2, label: More', '{ value: two, label: More')
      .replace('item: 9, atLeast', 'item: 10, atLeast')
      .replace(/^title: .*\n/m, '');
    const { problems } = parseInstrumentText(bad, 'x/phq9.yaml');
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.line]));
    expect(byField['answers.2.value']).toBe(lineOf(bad, 'value: two'));
    expect(byField.title).toBe(lineOf(bad, 'id: phq9'));
    // The cross-field check runs only on a file whose fields parse; fix the value and it appears.
    const fixed = bad.replace('value: two', 'value: 2').replace(/^id: phq9\n/m, 'id: phq9\ntitle: T\n');
    const second = parseInstrumentText(fixed, 'x/phq9.yaml');
    expect(second.problems.map((p) => [p.field, p.line])).toEqual([
      ['scoring.flags.0.item', lineOf(fixed, 'item: 10')],
    ]);
  });
  it('reports YAML syntax errors with their line', () => {
    const { problems } = parseInstrumentText('id: phq9\nitems: [a, b\n', 'f.yaml');
    expect(problems[0]).toMatchObject({ file: 'f.yaml', field: '' });
    expect(problems[0]!.line).toBeGreaterThanOrEqual(2);
  });
  it('loadInstruments throws invalid_content listing every problem of every file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'instruments-'));
    temp.push(dir);
    writeFileSync(join(dir, 'phq9.yaml'), PHQ9_TEXT.replace('max: 27', 'max: 26'));
    writeFileSync(join(dir, 'other.yaml'), PHQ9_TEXT);
    writeFileSync(join(dir, 'gad2.yaml'), readFileSync(join(BUILTIN_INSTRUMENTS_DIR, 'gad2.yaml'), 'utf8'));
    let caught: unknown;
    try {
      loadInstruments([dir]);
    } catch (error) {
      caught = error;
    }
    expect(hasCode(caught, 'invalid_content')).toBe(true);
    const message = (caught as Error).message;
    expect(message).toMatch(/phq9\.yaml:\d+: scoring\.bands\.4\.max: the last band must end at 27/);
    expect(message).toMatch(/other\.yaml:\d+: id: id must match the file name "other"/);
    expect(message).toMatch(/gad2\.yaml:\d+: scoring\.followUp: unknown instrument "gad7"/);
  });
  it('lets an overlay folder replace a built-in instrument by id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overlay-'));
    temp.push(dir);
    writeFileSync(
      join(dir, 'phq2.yaml'),
      readFileSync(join(BUILTIN_INSTRUMENTS_DIR, 'phq2.yaml'), 'utf8').replace('atLeast: 3', 'atLeast: 2'),
    );
    const set = loadInstruments([BUILTIN_INSTRUMENTS_DIR, dir]);
    expect(set.get('phq2')!.scoring.cutoff!.atLeast).toBe(2);
    expect(set.get('phq9')!.items).toHaveLength(9);
  });
});
