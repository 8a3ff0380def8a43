import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../src/core/ports.ts';
import { asUserKey } from '../../src/core/user-key.ts';
import { createCipher } from '../../src/store/crypto.ts';
import type { RedisStore } from '../../src/store/redis-store.ts';
import { freePort, type RedisHandle, startRedis } from '../support/redis-server.ts';
import { ManualClock } from './contract.ts';
import { buildRedisStore, canSpawn, testKey } from './redis-harness.ts';

/**
 * The real bot process on a real Redis, driven through the local web chat's JSON API: killed with
 * SIGKILL mid-check-in, a new process continues at the same step; Redis paused mid-conversation,
 * the person is told it cannot save, and continues afterwards with nothing lost or duplicated.
 */

interface View {
  blocks: Array<{ type: string; options?: Array<{ label: string; token: string }> }>;
}
interface Reply {
  status: number;
  messages: View[];
}

const browser = randomBytes(16).toString('base64url');
const user = asUserKey(`local:${browser}`);

function startBot(port: number, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      CHECKIN_WEBCHAT: 'true',
      CHECKIN_LOG_LEVEL: 'silent',
      ...env,
    },
    stdio: 'ignore',
  });
}

async function waitReady(port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bot did not become ready');
}

async function send(port: number, body: { text: string } | { choice: string }): Promise<Reply> {
  const res = await fetch(`http://127.0.0.1:${port}/api/chat/turn`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: `checkin_local=${browser}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { messages?: View[] };
  return { status: res.status, messages: json.messages ?? [] };
}

/** The first button of the last question in a reply, or null when it asks for typed text. */
function firstButton(reply: Reply): string | null {
  for (const message of [...reply.messages].reverse()) {
    for (const block of [...message.blocks].reverse()) {
      const token = block.options?.[0]?.token;
      if (token) return token;
    }
  }
  return null;
}

/** Answers whatever is asked: the first button, or a typed word. */
function answer(port: number, reply: Reply): Promise<Reply> {
  const token = firstButton(reply);
  return send(port, token ? { choice: token } : { text: 'okay' });
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

describe.skipIf(!canSpawn)('a bot process on Redis: crash and outage mid-check-in', () => {
  let redis: RedisHandle;
  let store: RedisStore;
  const key = testKey();
  const prefix = `bot${randomBytes(2).toString('hex')}`;
  const bots: ChildProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    redis = await startRedis();
    env = { REDIS_URL: redis.url, CHECKIN_ENCRYPTION_KEY: key, CHECKIN_REDIS_PREFIX: prefix };
    ({ store } = await buildRedisStore({ REDIS_URL: redis.url }, new ManualClock(), {
      cipher: createCipher({ current: key }),
      prefix,
    }));
  });
  afterAll(async () => {
    for (const bot of bots) await kill(bot, 'SIGKILL');
    await store?.close();
    redis.process?.kill('SIGCONT');
    await redis?.stop();
  });

  it('continues at the same step after SIGKILL, and survives a paused Redis without loss or duplicates', async () => {
    const portA = await freePort();
    const botA = startBot(portA, env);
    bots.push(botA);
    await waitReady(portA);
    let reply = await send(portA, { text: 'checkin' });
    expect(reply.status).toBe(200);
    for (let i = 0; i < 2 && firstButton(reply); i++) {
      reply = await answer(portA, reply);
      expect(reply.status).toBe(200);
    }
    const before: UserSnapshot = await store.load(user);
    expect(before.conversation).not.toBeNull();
    expect(Object.keys(before.conversation?.answers ?? {}).length).toBeGreaterThan(0);

    await kill(botA, 'SIGKILL');
    const portB = await freePort();
    const botB = startBot(portB, env);
    bots.push(botB);
    await waitReady(portB);
    // Nothing was lost: the new process sees the same step and answers.
    const resumed = await store.load(user);
    expect(resumed).toEqual(before);

    // The question asked before the crash is answered on the new process.
    redis.process?.kill('SIGSTOP');
    let during: Reply;
    const started = Date.now();
    try {
      during = await answer(portB, reply);
    } finally {
      redis.process?.kill('SIGCONT');
    }
    // The person hears back quickly (that saving failed), not a hung request.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(during.status).toBe(200);
    expect(JSON.stringify(during.messages)).toMatch(/save/i);
    expect(firstButton(during)).toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(await store.load(user)).toEqual(before);

    // Once Redis is back the same answer lands exactly once.
    const after = await answer(portB, reply);
    expect(after.status).toBe(200);
    const snapshot = await store.load(user);
    expect(snapshot.version).toBe(before.version + 1);
    const answersBefore = before.conversation?.answers ?? {};
    const answersAfter = snapshot.conversation?.answers ?? {};
    for (const [step, value] of Object.entries(answersBefore)) expect(answersAfter[step]).toEqual(value);
  });
});
