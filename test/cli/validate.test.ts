import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function validate(dir?: string) {
  return spawnSync(process.execPath, ['bin/checkin.js', 'validate', ...(dir ? [dir] : [])], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('checkin validate', () => {
  it('passes the built-in content', () => {
    const result = validate();
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^OK: \d+ flows, \d+ articles/m);
  });

  it('lists every problem of every kind, one per line as file:line:col, and exits non-zero', () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkin-validate-'));
    mkdirSync(join(dir, 'flows'));
    mkdirSync(join(dir, 'articles'));
    writeFileSync(
      join(dir, 'flows', 'bad.yaml'),
      'id: bad\ntitle: Bad\ndescription: d\nreview: { author: a, status: pending }\nsteps:\n  - id: one\n    type: say\n    text: hi\n    next: two\n',
    );
    writeFileSync(join(dir, 'articles', 'bad.md'), '---\ntitle: Only a title\n---\nSome text.\n');
    mkdirSync(join(dir, 'instruments'));
    writeFileSync(join(dir, 'instruments', 'bad.yaml'), 'id: bad\ntitle: Missing everything else\n');
    mkdirSync(join(dir, 'safety'));
    writeFileSync(join(dir, 'safety', 'helplines.yaml'), 'countries:\n  US: 5\n');
    const result = validate(dir);
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/flows\/bad\.yaml:9:11 steps\[0\]\.next unknown step id "two"$/);
    const rest = lines.slice(1);
    expect(
      rest.every((l) =>
        /(articles\/bad\.md|instruments\/bad\.yaml|safety\/helplines\.yaml):\d+:\d+ /.test(l),
      ),
    ).toBe(true);
    for (const file of ['articles/bad.md', 'instruments/bad.yaml', 'safety/helplines.yaml']) {
      expect(rest.some((l) => l.includes(file))).toBe(true);
    }
    expect(lines.length).toBeGreaterThan(1);
    expect(result.stderr).toContain(`${lines.length} problem(s)`);
  });
});
