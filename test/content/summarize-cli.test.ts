import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { PRESCRIBER_GUARDRAIL } from '../../src/content/medication.ts';

const BIN = resolve(import.meta.dirname, '../../bin/checkin.js');

/**
 * Runs the real `checkin` binary, as a person or a script would. Each spawn starts tsx, which is
 * slow on a busy machine, so the many small bad-input cases run in-process through the same CLI
 * entry (`runCli`) and only the main paths spawn.
 */
function checkin(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, 'summarize', ...args],
      { timeout: 50_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

/** The same CLI entry the binary calls, in this process, with captured output. */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk, _encoding, callback) {
        out[key] += String(chunk);
        callback();
      },
    });
  const code = await runCli(['summarize', ...args], {
    stdin: process.stdin,
    stdout: sink('stdout'),
    stderr: sink('stderr'),
    env: {},
  });
  return { code, ...out };
}

const dir = mkdtempSync(join(tmpdir(), 'checkin-summarize-'));
const lines = (s: string) => s.trimEnd().split('\n');
let server: Server;
let base: string;

beforeAll(async () => {
  writeFileSync(
    join(dir, 'plain.txt'),
    'Breaks at work\n\nShort breaks during the working day help attention recover. A five-minute walk away from the screen counts as a break.\nPeople who take regular breaks often report less fatigue at the end of the day. Lunch away from the desk is a simple place to start.\n',
  );
  writeFileSync(join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
  writeFileSync(join(dir, 'headings.md'), '# Only\n\n## Headings\n');
  const page = readFileSync('test/content/fixtures/article-page.html', 'utf8');
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('checkin summarize', () => {
  it('summarises an article with front matter, one sentence per line, then the guardrail', async () => {
    const run = await checkin(['dialogs/articles/antidepressants-and-the-brain.md', '--sentences', '3']);
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out).toHaveLength(4);
    expect(out[3]).toBe(PRESCRIBER_GUARDRAIL);
    const source = readFileSync('dialogs/articles/antidepressants-and-the-brain.md', 'utf8').replace(
      /\s+/g,
      ' ',
    );
    for (const sentence of out.slice(0, 3)) expect(source).toContain(sentence);
  });

  it('reads plain text and HTML files; five sentences by default', async () => {
    const [text, html] = await Promise.all([
      inProcess([join(dir, 'plain.txt'), '-n', '2']),
      inProcess(['eval/summaries/docs/gratitude-page.html']),
    ]);
    expect(text.code).toBe(0);
    expect(lines(text.stdout)).toHaveLength(2);
    expect(text.stdout).not.toContain('Breaks at work');
    expect(html.code).toBe(0);
    expect(lines(html.stdout)).toHaveLength(5);
    expect(html.stdout).not.toMatch(/cookie|subscribe|advert/i);
  });

  it('summarises a web page (private addresses allowed only by the explicit setting)', async () => {
    const allowed = await checkin([`${base}/light`, '--sentences', '2'], {
      CHECKIN_FETCH_ALLOW_PRIVATE: 'true',
    });
    expect(allowed.code).toBe(0);
    expect(lines(allowed.stdout)).toHaveLength(2);
    const refused = await checkin([`${base}/light`], { CHECKIN_FETCH_ALLOW_PRIVATE: 'false' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/private or local network address/);
  });

  it('refuses bad input on stderr with exit 2', async () => {
    const runs = [
      await checkin([join(dir, 'missing.md')]),
      await inProcess([]),
      await inProcess([join(dir, 'binary.md')]),
      await inProcess([join(dir, 'headings.md')]),
      await inProcess(['dialogs/articles/sleep-and-mood.md', '--sentences', 'lots']),
      await inProcess(['dialogs/articles/sleep-and-mood.md', '--colour']),
    ];
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^checkin summarize: /);
    }
    expect(runs[0]!.stderr).toMatch(/no such file/);
    expect(runs[2]!.stderr).toMatch(/not a text file/);
    expect(runs[3]!.stderr).toMatch(/no text to summarise/);
    expect(runs[4]!.stderr).toMatch(/--sentences expects a whole number/);
  });
});
