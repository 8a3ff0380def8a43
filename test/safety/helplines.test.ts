import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasCode } from '../../src/core/errors.ts';
import { BUILTIN_DIALOGS_DIR } from '../../src/safety/builtin.ts';
import { countryFromText, helpFor, loadHelplines } from '../../src/safety/helplines.ts';

const temp = mkdtempSync(join(tmpdir(), 'checkin-helplines-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function overlay(name: string, yaml: string): string {
  const dir = join(temp, name);
  mkdirSync(join(dir, 'safety'), { recursive: true });
  writeFileSync(join(dir, 'safety', 'helplines.yaml'), yaml);
  return dir;
}

function loadError(dirs: string[]): Error {
  try {
    loadHelplines(dirs);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected loadHelplines to throw');
}

describe('the built-in directory', () => {
  const directory = loadHelplines([BUILTIN_DIALOGS_DIR]);

  it.each([
    ['US', '988', '911'],
    ['CA', '988', '911'],
    ['GB', '116 123', '999'],
    ['IE', '116 123', '112'],
    ['AU', '13 11 14', '000'],
    ['DE', '0800 111 0 111', '112'],
    ['FR', '3114', '112'],
    ['ES', '024', '112'],
  ])('%s has %s and emergency %s', (code, line, emergency) => {
    const help = helpFor(directory, code, null);
    expect(help.helplines.map((h) => h.phone)).toContain(line);
    expect(help.emergency).toContain(emergency);
  });

  it('every entry names its source and the date taken', () => {
    for (const country of directory.countries.values()) {
      for (const fact of [country.emergency, ...country.helplines]) {
        expect(fact.source).toMatch(/^https?:\/\//);
        expect(fact.taken).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('unknown countries fall back to the international directory and 112', () => {
    const help = helpFor(directory, 'JP', 'suicidal_thoughts');
    expect(help.country).toBeUndefined();
    expect(help.helplines).toEqual([]);
    expect(help.directory.url).toBe('https://findahelpline.com');
    expect(help.emergency).toEqual(['112']);
  });

  it('category-specific lines come first, only for their category', () => {
    expect(helpFor(directory, 'US', 'abuse').helplines[0]?.name).toMatch(/Domestic Violence/);
    expect(
      helpFor(directory, 'US', 'self_harm')
        .helplines.map((h) => h.name)
        .join(),
    ).not.toMatch(/Domestic/);
  });
});

describe('overlays', () => {
  it('replace a country and add new ones; the built-in fallback stays', () => {
    const dir = overlay(
      'ok',
      `version: 1
countries:
  GB:
    name: United Kingdom (company line)
    emergency: { numbers: ['999'], source: https://example.org/gb, taken: 2026-01-02 }
    helplines:
      - { name: Company EAP, phone: 0800 000 000, source: https://example.org/eap, taken: 2026-01-02 }
  JP:
    name: Japan
    emergency: { numbers: ['119'], source: https://example.org/jp, taken: 2026-01-02 }
    helplines:
      - { name: Example line, url: https://example.org/jp-line, source: https://example.org/jp, taken: 2026-01-02 }
`,
    );
    const directory = loadHelplines([BUILTIN_DIALOGS_DIR, dir]);
    expect(helpFor(directory, 'GB', null).helplines.map((h) => h.name)).toEqual(['Company EAP']);
    expect(helpFor(directory, 'JP', null).emergency).toEqual(['119']);
    expect(helpFor(directory, 'US', null).helplines.length).toBeGreaterThan(0);
    expect(directory.fallback.directory.url).toBe('https://findahelpline.com');
  });
});

describe('a malformed directory is reported with file, line and field', () => {
  it('a missing source', () => {
    const dir = overlay(
      'nosource',
      `version: 1
countries:
  GB:
    name: United Kingdom
    emergency: { numbers: ['999'], source: https://example.org, taken: 2026-01-02 }
    helplines:
      - name: No source
        phone: '123'
        taken: 2026-01-02
`,
    );
    const error = loadError([BUILTIN_DIALOGS_DIR, dir]);
    expect(hasCode(error, 'invalid_content')).toBe(true);
    expect(error.message).toMatch(
      /nosource\/safety\/helplines\.yaml:7:\d+ countries\.GB\.helplines\[0\]\.source/,
    );
  });

  it('a bad country code, a bad date and a line with no way to reach it, all at once', () => {
    const dir = overlay(
      'many',
      `version: 1
countries:
  uk:
    name: lower-case code
    emergency: { numbers: ['999'], source: https://example.org, taken: 2026-01-02 }
    helplines: [{ name: x, phone: '1', source: https://example.org, taken: 2026-01-02 }]
  FR:
    name: France
    emergency: { numbers: ['112'], source: https://example.org, taken: 26/11/2026 }
    helplines: [{ name: nothing to dial, source: https://example.org, taken: 2026-01-02 }]
`,
    );
    const message = loadError([BUILTIN_DIALOGS_DIR, dir]).message;
    expect(message).toMatch(/countries\.uk .*ISO 3166-1 alpha-2/);
    expect(message).toMatch(/countries\.FR\.emergency\.taken/);
    expect(message).toMatch(/countries\.FR\.helplines\[0\] .*phone, sms or url/);
  });

  it('a YAML syntax error names the file and line', () => {
    const dir = overlay('syntax', 'version: 1\ncountries:\n  GB: [unclosed\n');
    expect(loadError([BUILTIN_DIALOGS_DIR, dir]).message).toMatch(/syntax\/safety\/helplines\.yaml:\d+:\d+/);
  });

  it('no fallback anywhere is refused', () => {
    const dir = overlay('nofallback', 'version: 1\ncountries: {}\n');
    expect(loadError([dir]).message).toMatch(/must define "fallback"/);
  });
});

describe('countryFromText', () => {
  it.each([
    ['de', 'DE'],
    ['GB', 'GB'],
    ['uk', 'GB'],
    ["I'm in the UK", 'GB'],
    ['España', 'ES'],
    ['Österreich', 'AT'],
    ['in Deutschland', 'DE'],
    ['la France', 'FR'],
  ])('%s → %s', (typed, code) => expect(countryFromText(typed)).toBe(code));
  it('returns undefined for anything else', () => {
    expect(countryFromText('somewhere sunny')).toBeUndefined();
    expect(countryFromText('help us')).toBeUndefined();
  });
});
