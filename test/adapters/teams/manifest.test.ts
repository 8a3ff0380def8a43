import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { crc32 } from '../../../adapters/teams/package/crc32.ts';
import {
  buildManifest,
  MANIFEST_SCHEMA,
  validateManifest,
} from '../../../adapters/teams/package/manifest.ts';
import { EXIT_USAGE } from '../../../src/cli/command.ts';
import { runCli } from '../../../src/cli/main.ts';
import { COMMANDS } from '../../../src/core/commands.ts';
import { readPng, readZip } from './unzip.ts';

const APP_ID = '6f1c2e3d-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function cli(args: string[], env: Record<string, string> = {}) {
  const out = sink();
  const err = sink();
  const code = await runCli(['teams:manifest', ...args], {
    stdin: process.stdin,
    stdout: out.stream,
    stderr: err.stream,
    env,
  });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('checkin teams:manifest', () => {
  it('writes a zip that opens, with a valid manifest and both icons at the documented sizes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'teams-manifest-'));
    const out = join(dir, 'app.zip');
    const result = await cli(['--out', out, '--website', 'https://wellbeing.example.org/checkin'], {
      MICROSOFT_APP_ID: APP_ID,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(out);

    const files = readZip(readFileSync(out));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(validateManifest(manifest)).toEqual([]);
    expect(manifest).toMatchObject({
      $schema: MANIFEST_SCHEMA,
      id: APP_ID,
      developer: {
        name: 'wellbeing.example.org',
        websiteUrl: 'https://wellbeing.example.org/checkin',
        privacyUrl: 'https://wellbeing.example.org/checkin/privacy',
        termsOfUseUrl: 'https://wellbeing.example.org/checkin/terms',
      },
      icons: { color: 'color.png', outline: 'outline.png' },
      bots: [{ botId: APP_ID, scopes: ['personal', 'team', 'groupChat'] }],
    });
    // Command lists come from the registry: names and help lines as the bot understands them.
    const [personal, shared] = manifest.bots[0].commandLists;
    expect(personal.scopes).toEqual(['personal']);
    expect(shared.scopes).toEqual(['team', 'groupChat']);
    for (const c of [...personal.commands, ...shared.commands])
      expect(COMMANDS.find((spec) => spec.name === c.title)?.help).toBe(c.description);
    expect(personal.commands.map((c: { title: string }) => c.title)).toContain('checkin');

    const color = readPng(files.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.rgba[3]).toBe(255); // opaque
    const outline = readPng(files.get('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // Outline: white only, on transparent, with some of each.
    let opaque = 0;
    let clear = 0;
    for (let i = 0; i < outline.rgba.length; i += 4) {
      const alpha = outline.rgba[i + 3]!;
      if (alpha > 0) expect([...outline.rgba.subarray(i, i + 3)]).toEqual([255, 255, 255]);
      if (alpha === 255) opaque += 1;
      if (alpha === 0) clear += 1;
    }
    expect(opaque).toBeGreaterThan(20);
    expect(clear).toBeGreaterThan(400);
  });

  it('refuses missing or bad input with a usage error', async () => {
    expect((await cli(['--website', 'https://a.example'])).stderr).toMatch(/MICROSOFT_APP_ID/);
    const noSite = await cli([], { MICROSOFT_APP_ID: APP_ID });
    expect(noSite.code).toBe(EXIT_USAGE);
    expect(noSite.stderr).toMatch(/--website must be an https URL/);
    const badId = await cli(['--app-id', 'not-a-guid', '--website', 'https://a.example']);
    expect(badId.code).toBe(EXIT_USAGE);
    expect(badId.stderr).toMatch(/id: a GUID/);
    expect((await cli(['--bogus', 'x'])).stderr).toMatch(/unknown argument "--bogus"/);
  });

  it('validation catches what Teams would refuse', () => {
    const good = buildManifest({
      appId: APP_ID,
      version: '1.2.3',
      developerName: 'Org',
      websiteUrl: 'https://org.example',
      privacyUrl: 'https://org.example/p',
      termsOfUseUrl: 'https://org.example/t',
    });
    expect(validateManifest(good)).toEqual([]);
    const bad = {
      ...good,
      name: { short: 'x'.repeat(31), full: 'x' },
      developer: { ...good.developer, privacyUrl: 'http://org.example/p' },
    };
    expect(validateManifest(bad)).toEqual(['developer.privacyUrl: https URL', 'name.short: 1-30 characters']);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926); // the standard check value
  });
});
