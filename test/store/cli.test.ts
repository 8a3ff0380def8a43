import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCipher } from '../../src/store/crypto.ts';
import type { RedisStore } from '../../src/store/redis-store.ts';
import { type RedisHandle, startRedis } from '../support/redis-server.ts';
import { conversation, ManualClock, mood, newUser, profile } from './contract.ts';
import { buildRedisStore, redisMode, testKey } from './redis-harness.ts';

/** Runs the real `checkin` binary with only the environment given (never the developer's REDIS_*). */
function checkin(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/checkin.js', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe.skipIf(redisMode.kind === 'skip')('checkin user / rotate-key against Redis', () => {
  let server: RedisHandle | null = null;
  let url = '';
  let store: RedisStore;
  let raw: Redis;
  const key = testKey();
  const prefix = `cli${randomBytes(2).toString('hex')}`;
  const clock = new ManualClock();
  const env = () => ({ REDIS_URL: url, CHECKIN_ENCRYPTION_KEY: key, CHECKIN_REDIS_PREFIX: prefix });

  beforeAll(async () => {
    server = redisMode.kind === 'spawn' ? await startRedis() : null;
    url = server?.url ?? (redisMode.kind === 'external' ? redisMode.url : '');
    ({ store } = await buildRedisStore({ REDIS_URL: url }, clock, {
      cipher: createCipher({ current: key }),
      prefix,
    }));
    raw = new Redis(url);
  });
  afterAll(async () => {
    await store?.close();
    raw?.disconnect();
    await server?.stop();
  });

  async function seed() {
    const user = newUser();
    await store.commit(user, 0, {
      conversation: conversation(clock.now()),
      profile: profile(),
      history: [mood(clock.now(), 2, 'argued with my sister')],
    });
    return user;
  }

  it('exports a person as JSON and forgets them only after confirmation', async () => {
    const user = await seed();
    const exported = await checkin(['user', 'export', user], env());
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const json = JSON.parse(exported.stdout);
    expect(json.user).toBe(user);
    expect(JSON.stringify(json)).toContain('argued with my sister');

    const refused = await checkin(['user', 'forget', user], env(), 'slack:wrong:answer\n');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Not confirmed: nothing was deleted.');
    expect((await store.load(user)).version).toBe(1);

    const confirmed = await checkin(['user', 'forget', user], env(), `${user}\n`);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toMatch(/Deleted everything stored about .*history: 1/);
    expect(confirmed.stdout).toContain('conversation: 1');
    expect((await store.load(user)).version).toBe(0);
    const [, left] = await raw.scan('0', 'MATCH', `${prefix}:{u:${user}}*`, 'COUNT', 100_000);
    expect(left).toEqual([]);

    const again = await checkin(['user', 'forget', user, '--yes'], env());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing was stored');
  });

  it('rejects a bad user key, a missing action, and a store-less configuration clearly', async () => {
    const [bad, none, memory] = await Promise.all([
      checkin(['user', 'export', 'slack:only-two'], env()),
      checkin(['user'], env()),
      checkin(['user', 'export', 'discord:1'], {}),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Invalid user key "slack:only-two"');
    expect(none.code).toBe(2);
    expect(memory.code).toBe(1);
    expect(memory.stderr).toContain('No Redis is configured');
  });

  it('re-encrypts everything with the new key and says when the old key may go', async () => {
    const user = await seed();
    const newKey = testKey();
    const result = await checkin(['rotate-key'], {
      ...env(),
      CHECKIN_ENCRYPTION_KEY: newKey,
      CHECKIN_ENCRYPTION_OLD_KEYS: key,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Re-encrypted [1-9]\d* values of [1-9]\d* people/);
    expect(result.stdout).toContain('may now be emptied');
    const onlyNew = await checkin(['user', 'export', user], { ...env(), CHECKIN_ENCRYPTION_KEY: newKey });
    expect(onlyNew.code).toBe(0);
    expect(onlyNew.stdout).toContain('argued with my sister');
    const onlyOld = await checkin(['user', 'export', user], env());
    expect(onlyOld.code).toBe(1);
    expect(onlyOld.stderr).toContain('neither CHECKIN_ENCRYPTION_KEY nor in CHECKIN_ENCRYPTION_OLD_KEYS');
  });
});
