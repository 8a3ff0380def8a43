import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CONTENT_DIR } from '../../src/compose.ts';
import { formatProblem } from '../../src/engine/problems.ts';
import { parsePulseCommand } from '../../src/pulses/parse.ts';
import { readPulseSets } from '../../src/pulses/sets.ts';

const context = { setIds: new Set(['team', 'quick']), nowMs: Date.UTC(2026, 2, 2, 9, 0) };

describe('pulse sets', () => {
  it('ships valid built-in sets with review metadata pending a reviewer', () => {
    const { byId, problems } = readPulseSets([BUILTIN_CONTENT_DIR]);
    expect(problems.map(formatProblem)).toEqual([]);
    expect([...byId.keys()].sort()).toEqual(['quick', 'team']);
    expect(byId.get('team')?.questions.map((q) => q.id)).toEqual([
      'energy',
      'workload',
      'connection',
      'voice',
    ]);
    for (const set of byId.values()) expect(set.review.status).toBe('pending');
  });

  it('reports every problem with file:line:col', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulses-'));
    mkdirSync(join(dir, 'pulses'));
    writeFileSync(
      join(dir, 'pulses', 'mine.yaml'),
      [
        'id: other',
        'title: T',
        'intro: I',
        'questions:',
        '  - id: q1',
        '    short: Q',
        '    prompt: P',
        '    options:',
        '      - { value: 1, label: a }',
        '      - { value: 3, label: b }',
        'review: { author: me, status: reviewed }',
      ].join('\n'),
    );
    const lines = readPulseSets([dir]).problems.map(formatProblem);
    expect(lines).toEqual([
      expect.stringMatching(/mine\.yaml:9:7 questions\[0\]\.options option values must be consecutive/),
      expect.stringMatching(
        /mine\.yaml:11:31 review\.status a reviewed flow names reviewed_by and reviewed_on/,
      ),
    ]);
  });
});

describe('pulse command words', () => {
  it('reads a weekly schedule with zone, set and open time', () => {
    expect(parsePulseCommand('schedule weekly fri 15:00 Europe/Berlin quick for 24h', context)).toEqual({
      ok: true,
      command: {
        kind: 'schedule',
        rule: { time: '15:00', days: [5], enabled: true },
        timeZone: 'Europe/Berlin',
        setId: 'quick',
        openMs: 86_400_000,
      },
    });
    expect(parsePulseCommand('schedule every monday at 9am utc', context)).toMatchObject({
      ok: true,
      command: { rule: { time: '09:00', days: [1] }, timeZone: 'UTC' },
    });
  });

  it('reads run-now, close, stop and csv', () => {
    expect(parsePulseCommand('now', context)).toEqual({ ok: true, command: { kind: 'now' } });
    expect(parsePulseCommand('now team for 2 h', context)).toEqual({
      ok: true,
      command: { kind: 'now', setId: 'team', openMs: 7_200_000 },
    });
    expect(parsePulseCommand('close', context)).toEqual({ ok: true, command: { kind: 'close' } });
    expect(parsePulseCommand('stop', context)).toEqual({ ok: true, command: { kind: 'unschedule' } });
    expect(parsePulseCommand('results csv', context)).toEqual({ ok: true, command: { kind: 'csv' } });
  });

  it('says what is wrong, with user words escaped', () => {
    expect(parsePulseCommand('schedule fri 15:00', context)).toMatchObject({ ok: false, error: /time zone/ });
    expect(parsePulseCommand('schedule fri 15:00 Mars/Olympus', context)).toMatchObject({
      ok: false,
      error: /not a time zone I know/,
    });
    expect(parsePulseCommand('now for 1m', context)).toMatchObject({
      ok: false,
      error: /between 5 minutes and 7 days/,
    });
    expect(parsePulseCommand('now for 9d', context)).toMatchObject({
      ok: false,
      error: /between 5 minutes and 7 days/,
    });
    expect(parsePulseCommand('now *bold*', context)).toMatchObject({ ok: false, error: /\\\*bold\\\*/ });
    expect(parsePulseCommand('dance', context)).toMatchObject({ ok: false, error: /pulse dance/ });
  });
});
