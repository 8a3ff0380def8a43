import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs the real `checkin` executable with `input` on stdin. */
function runCli(
  args: string[],
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/checkin.js', ...args], { cwd: process.cwd() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('checkin safety', () => {
  it('writes one JSON line per non-empty input line, in order, and exits 0', async () => {
    const input = [
      'I want to kill myself',
      '',
      '   ',
      '{"text": "this deadline is killing me", "id": 7}',
      'me quiero morir',
      'I wish I had never been born',
      'the build died again',
    ].join('\n');
    const result = await runCli(['safety'], `${input}\n`);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toEqual([
      { level: 'crisis', category: 'suicidal_thoughts' },
      { level: 'none', category: null },
      { level: 'crisis', category: 'suicidal_thoughts' },
      { level: 'concern', category: 'suicidal_thoughts' },
      { level: 'none', category: null },
    ]);
  });

  it('handles Windows line endings, a last line without newline, and JSON without text', async () => {
    const result = await runCli(['safety'], '{"id": 1}\r\nnot valid {json\r\nI took a whole bottle of pills');
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.level)).toEqual(['none', 'none', 'crisis']);
    expect(rows[2].category).toBe('overdose_or_emergency');
    expect(result.stderr).toMatch(/line 1: JSON object without a string "text" field/);
  });

  it('--language and --rules add fields; an unknown option is a usage error', async () => {
    const ok = await runCli(['safety', '--language', '--rules'], 'ich will sterben\n');
    const row = JSON.parse(ok.stdout);
    expect(row.language).toBe('de');
    expect(row.rules).toContain('de.sui.sterben');
    const bad = await runCli(['safety', '--nope'], '');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option --nope/);
  });
});
