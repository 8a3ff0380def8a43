import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * Throwaway Redis servers for tests: started on a free loopback port in a temp folder, never the
 * developer's Redis. `CHECKIN_TEST_REDIS_URL` (never REDIS_URL) may name an existing server.
 * Where neither is possible the suite is skipped with a visible message, except under CI=true.
 */

export interface RedisHandle {
  url: string;
  port: number;
  dir: string;
  process: ChildProcess | null;
  stop(): Promise<void>;
}

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `redis-server` with `extraArgs` on a free port and waits until it answers PING. */
export async function startRedis(
  extraArgs: string[] = [],
  options: { port?: number; dir?: string } = {},
): Promise<RedisHandle> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'checkin-redis-'));
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      ...extraArgs,
    ],
    { stdio: 'ignore' },
  );
  await waitForPing(port);
  const handle: RedisHandle = {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

export async function waitForPing(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = spawnSync('redis-cli', ['-p', String(port), 'PING'], { encoding: 'utf8' });
    if (r.stdout?.trim() === 'PONG') return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

/**
 * Decides how a Redis-backed suite runs: a throwaway server, CHECKIN_TEST_REDIS_URL, or a visible
 * skip. Under CI=true a missing Redis is a failure, never a skip.
 */
export function redisTestMode():
  | { kind: 'spawn' }
  | { kind: 'external'; url: string }
  | { kind: 'skip'; reason: string } {
  const external = process.env.CHECKIN_TEST_REDIS_URL;
  if (external) return { kind: 'external', url: external };
  if (redisServerAvailable()) return { kind: 'spawn' };
  const reason = 'redis-server is not installed and CHECKIN_TEST_REDIS_URL is unset: Redis tests skipped';
  if (process.env.CI === 'true')
    throw new Error(`${reason} — not allowed under CI=true (install redis-server).`);
  console.warn(`\n⚠ ${reason}\n`);
  return { kind: 'skip', reason };
}

/**
 * One Redis for a whole test file: a throwaway server (or CHECKIN_TEST_REDIS_URL), started before
 * the file's tests and stopped after. Read `url` inside tests or hooks, once it is set.
 */
export function suiteRedis(): { readonly url: string; readonly mode: ReturnType<typeof redisTestMode> } {
  const mode = redisTestMode();
  let handle: RedisHandle | undefined;
  let url = '';
  beforeAll(async () => {
    if (mode.kind === 'spawn') {
      handle = await startRedis();
      url = handle.url;
    } else if (mode.kind === 'external') url = mode.url;
  });
  afterAll(async () => {
    await handle?.stop();
  });
  return {
    mode,
    get url() {
      return url;
    },
  };
}
