import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CONTENT_DIR } from '../../src/compose.ts';
import { loadFlows } from '../../src/engine/loader.ts';
import { formatProblem } from '../../src/engine/problems.ts';

function contentDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'checkin-flows-'));
  mkdirSync(join(dir, 'flows'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'flows', name), text);
  return dir;
}

const HEAD = `id: sample
title: Sample
description: A sample flow
review: { author: Test, status: pending }
`;

function problemsOf(files: Record<string, string>): string[] {
  const dir = contentDir(files);
  return loadFlows([dir]).problems.map((p) => formatProblem(p).replace(/[^\s(]*?flows\//g, 'flows/'));
}

describe('flow validator', () => {
  it('accepts the built-in flows', () => {
    const { flows, problems } = loadFlows([BUILTIN_CONTENT_DIR]);
    expect(problems).toEqual([]);
    expect([...flows.keys()].sort()).toEqual(
      expect.arrayContaining(['breathing', 'daily-checkin', 'grounding', 'onboarding']),
    );
  });

  it('reports a schema error with file, line, column and path', () => {
    const problems = problemsOf({
      'a.yaml': `${HEAD}steps:
  - id: mood
    type: ask
    prompt: How are you?
    input: { kind: scale, min: 1, max: 3, labels: { 1: low, 2: mid } }
`,
    });
    expect(problems).toEqual([
      'flows/a.yaml:9:51 steps[0].input.labels give a label for every point from min to max',
    ]);
  });

  it('reports an unknown step kind at its type field', () => {
    const problems = problemsOf({ 'a.yaml': `${HEAD}steps:\n  - id: one\n    type: dance\n` });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^flows\/a\.yaml:7:11 steps\[0\]\.type /);
  });

  it('reports unknown step ids, unreachable steps, loops and duplicate ids — every one, in every file', () => {
    const problems = problemsOf({
      'a.yaml': `${HEAD}steps:
  - id: one
    type: say
    text: hi
    next: nowhere
`,
      'b.yaml': `${HEAD.replace('sample', 'other')}steps:
  - id: one
    type: say
    text: hi
    next: done
  - id: orphan
    type: say
    text: never shown
  - id: done
    type: end
`,
      'c.yaml': `${HEAD.replace('sample', 'loopy')}steps:
  - id: one
    type: say
    text: hi
  - id: two
    type: goto
    next: one
`,
      'd.yaml': `${HEAD.replace('sample', 'twice')}steps:
  - id: one
    type: end
  - id: one
    type: end
`,
      'e.yaml': `${HEAD.replace('sample', 'fine')}steps:\n  - id: fine\n    type: end\n`,
      'f.yaml': `${HEAD.replace('sample', 'fine')}steps:\n  - id: fine\n    type: end\n`,
    });
    expect(problems).toEqual([
      'flows/a.yaml:9:11 steps[0].next unknown step id "nowhere"',
      'flows/b.yaml:10:9 steps[1].id step "orphan" is unreachable from the start',
      'flows/c.yaml:6:9 steps[0].id step "one" has no way to an end (a loop)',
      'flows/c.yaml:9:9 steps[1].id step "two" has no way to an end (a loop)',
      'flows/d.yaml:8:9 steps[1].id duplicate step id "one"',
      'flows/f.yaml:1:5 id duplicate flow id "fine" (also in flows/e.yaml)',
    ]);
  });

  it('reports YAML syntax errors and unknown answer references', () => {
    const problems = problemsOf({
      'a.yaml': `${HEAD}steps:\n  - id: one\n    type: say\n    text: "unclosed\n`,
      'b.yaml': `${HEAD.replace('sample', 'refs')}steps:
  - id: one
    type: say
    text: You said {{answers.mood}}
`,
    });
    expect(problems[0]).toMatch(/^flows\/a\.yaml:\d+:\d+ \(file\) /);
    expect(problems[1]).toBe('flows/b.yaml:8:11 steps[0].text no ask step saves an answer "mood"');
  });

  it('refuses a reviewed flow without a named reviewer', () => {
    const problems = problemsOf({
      'a.yaml': `${HEAD.replace('status: pending', 'status: reviewed')}steps:\n  - id: one\n    type: end\n`,
    });
    expect(problems).toEqual([
      'flows/a.yaml:4:33 review.status a reviewed flow names reviewed_by and reviewed_on',
    ]);
  });
});
