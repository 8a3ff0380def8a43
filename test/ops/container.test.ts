import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SETTINGS } from '../../src/config/schema.ts';
import { freePort } from '../support/redis-server.ts';
import { startBot } from './bot-process.ts';

/**
 * No Docker engine runs here, so the image cannot be built in tests. These checks catch what reading
 * would: files the Dockerfile copies that are missing or ignored, settings the compose file passes
 * that the bot does not know (a typo silently does nothing), and the promises the docs make.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (name: string) => readFileSync(`${root}/${name}`, 'utf8');
const dockerfile = read('Dockerfile');
const ignored = read('.dockerignore')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

describe('Dockerfile', () => {
  it('copies only files that exist and are not excluded from the build context', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
      m[1]!.split(/\s+/),
    );
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) {
      expect(existsSync(`${root}/${source}`), source).toBe(true);
      expect(ignored, source).not.toContain(source);
    }
  });

  it('runs the entry point as a non-root user on 0.0.0.0 with a health check, in two stages', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/HOST=0\.0\.0\.0/);
    expect(dockerfile).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD \["node", "-e", "fetch\(.*\/healthz/m);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    const cmd = /^CMD \[(.+)\]$/m.exec(dockerfile)?.[1];
    expect(cmd).toBe('"node", "--import", "tsx", "src/main.ts"');
    expect(existsSync(`${root}/src/main.ts`)).toBe(true);
    // tsx must survive the prune: it is the runtime that loads the sources.
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.tsx).toBeDefined();
  });
});

describe('the image health check', () => {
  it('exits 0 against the running bot and 1 when nothing answers', async () => {
    const args = JSON.parse(/^HEALTHCHECK [^\n]*\\\n\s+CMD (\[.+\])$/m.exec(dockerfile)![1]!) as string[];
    expect(args.slice(0, 2)).toEqual(['node', '-e']);
    const run = (port: number) => {
      const child = spawn(process.execPath, ['-e', args[2]!], {
        env: { PORT: String(port) },
        stdio: 'ignore',
      });
      return new Promise<number | null>((resolve) => child.on('exit', resolve));
    };
    const bot = await startBot();
    try {
      expect(await run(bot.port)).toBe(0);
    } finally {
      await bot.stop();
    }
    expect(await run(await freePort())).toBe(1);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<
      string,
      { environment?: Record<string, string>; command?: string[]; volumes?: string[] }
    >;
    volumes: Record<string, unknown>;
  };

  it('passes only settings the bot knows, including Redis and the encryption key', () => {
    const env = compose.services.bot!.environment!;
    expect(Object.keys(env).filter((name) => !(name in SETTINGS))).toEqual([]);
    expect(env.REDIS_URL).toBe('redis://redis:6379/0');
    expect(env.CHECKIN_ENCRYPTION_KEY).toMatch(/^\$\{CHECKIN_ENCRYPTION_KEY:\?/);
  });

  it('runs Redis with append-only persistence on a named volume', () => {
    const redis = compose.services.redis!;
    expect(redis.command!.join(' ')).toContain('--appendonly yes');
    const volume = redis.volumes![0]!.split(':');
    expect(volume[1]).toBe('/data');
    expect(compose.volumes).toHaveProperty(volume[0]!);
  });
});
