import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/checkin.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `checkin` binary, as a person or a script would. */
function checkin(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

describe('checkin score', () => {
  it('prints one JSON object per screener', async () => {
    const [phq9, who5, gad2, gad2Cut, spaced] = await Promise.all([
      checkin('score', 'phq9', '0,1,2,3,0,1,2,3,1'),
      checkin('score', 'who5', '2,2,1,1,1'),
      checkin('score', 'gad2', '1,1'),
      checkin('score', 'gad2', '1,1', '--cutoff', '2'),
      checkin('score', 'PHQ-9', '3, 3, 3, 3, 3, 3, 2, 0, 0'),
    ]);
    expect(phq9).toEqual({
      code: 0,
      stderr: '',
      stdout: '{"instrument":"phq9","total":13,"band":"moderate","flags":["item9_positive"]}\n',
    });
    expect(JSON.parse(who5.stdout)).toEqual({
      instrument: 'who5',
      total: 7,
      percent: 28,
      band: 'likely_depression',
      flags: [],
    });
    expect(JSON.parse(gad2.stdout)).toEqual({ instrument: 'gad2', total: 2, band: 'negative', flags: [] });
    expect(JSON.parse(gad2Cut.stdout).band).toBe('positive');
    // Ids as people write them, and spaces after the commas.
    expect(JSON.parse(spaced.stdout)).toEqual({ instrument: 'phq9', total: 20, band: 'severe', flags: [] });
  });

  it.each([
    ['wrong count', ['phq9', '0,1,2'], /PHQ-9 needs exactly 9 answers, one per item; got 3/],
    ['out of range', ['gad7', '0,0,0,4,0,0,0'], /GAD-7 item 4: 4 is out of range; answers are 0, 1, 2 or 3/],
    ['empty', ['phq2', ''], /PHQ-2 needs 2 answers and got none/],
    ['not a number', ['who5', '1,2,three,4,5'], /WHO-5 item 3: "three" is not a number/],
    ['unknown instrument', ['bdi2', '1,2'], /Unknown instrument "bdi2"; known: gad2, gad7, phq2, phq9, who5/],
    ['missing answers', ['phq9'], /missing the answers/],
    ['cut-off on a banded instrument', ['phq9', '0,0,0,0,0,0,0,0,0', '--cutoff', '2'], /only to two-band/],
  ])('%s → exit 2 with the reason on stderr', async (_name, args, reason) => {
    const run = await checkin('score', ...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(reason);
  });
});
