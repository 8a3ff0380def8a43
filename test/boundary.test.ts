import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Keeps the layers apart: platform SDKs only in their adapter, adapters only via the composition root. */
const SDKS: Record<string, RegExp> = {
  slack: /^@slack\//,
  discord: /^(discord\.js|@discordjs\/)/,
  teams: /^(botbuilder|botframework-)/,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => (m[1] ?? m[2])!);
}

describe('layer boundaries', () => {
  const root = process.cwd();
  const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'adapters'))].map((f) =>
    relative(root, f),
  );

  it('imports each platform SDK only inside its own adapter folder', () => {
    const offences = files.flatMap((file) =>
      importsOf(file).flatMap((spec) =>
        Object.entries(SDKS)
          .filter(([platform, pattern]) => pattern.test(spec) && !file.startsWith(`adapters/${platform}/`))
          .map(([platform]) => `${file} imports ${spec} (allowed only in adapters/${platform}/)`),
      ),
    );
    expect(offences).toEqual([]);
  });

  it('keeps adapters from importing each other', () => {
    const offences = files
      .filter((f) => f.startsWith('adapters/'))
      .flatMap((file) => {
        const own = file.split('/')[1];
        return importsOf(file)
          .filter(
            (spec) => /(^|\/)adapters\//.test(spec) || /^\.\.\/(slack|discord|teams|local)\//.test(spec),
          )
          .filter((spec) => !spec.includes(`adapters/${own}/`) && !spec.startsWith(`../${own}/`))
          .map((spec) => `${file} imports ${spec}`);
      });
    expect(offences).toEqual([]);
  });

  it('lets only the composition root and the command line import adapters from src/', () => {
    const offences = files
      .filter((f) => f.startsWith('src/') && f !== 'src/main.ts' && !f.startsWith('src/cli/'))
      .flatMap((file) =>
        importsOf(file)
          .filter((spec) => /(^|\/)adapters\//.test(spec))
          .map((spec) => `${file} imports ${spec}`),
      );
    expect(offences).toEqual([]);
  });
});
