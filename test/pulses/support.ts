import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { buildCore, type Core, contentDirs } from '../../src/compose.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import type { ConversationAddress } from '../../src/core/address.ts';
import type { InboundTurn, TurnInput } from '../../src/core/inbound.ts';
import type { OutboundMessage, ScaleBlock, TurnReply } from '../../src/core/outbound.ts';
import type { DeliveryResult } from '../../src/core/ports.ts';
import { asUserKey, type UserKey } from '../../src/core/user-key.ts';
import { createLogger } from '../../src/ops/logger.ts';
import { createPulses, type Pulses } from '../../src/pulses/index.ts';
import { createScheduler } from '../../src/scheduler/create.ts';
import type { Scheduler } from '../../src/scheduler/scheduler.ts';
import { type Cipher, createCipher, createStore, type StoreBundle } from '../../src/store/index.ts';
import { ManualClock } from '../support/transcript.ts';

/**
 * A real bot core (compose.ts) on a real Redis with the pulse feature and the shared scheduler
 * wired as src/main.ts should wire them; the channel is a recording sink (the network edge).
 */

/** A Cipher that remembers every plaintext it sealed, so a test can read every stored value. */
export function recordingCipher(
  key = randomBytes(32).toString('base64'),
): Cipher & { plain: Map<string, string> } {
  const inner = createCipher({ current: key });
  const plain = new Map<string, string>();
  return {
    keyId: inner.keyId,
    plain,
    encrypt(text, aad) {
      const sealed = inner.encrypt(text, aad);
      plain.set(sealed, text);
      return sealed;
    },
    decrypt: (sealed, aad) => inner.decrypt(sealed, aad),
    isStale: (sealed) => inner.isStale(sealed),
  };
}

export interface Posted {
  address: ConversationAddress;
  message: OutboundMessage;
}

export interface PulseWorld {
  config: Config;
  clock: ManualClock;
  storage: StoreBundle;
  cipher: Cipher & { plain: Map<string, string> };
  core: Core;
  pulses: Pulses;
  scheduler: Scheduler;
  /** Messages posted to channels by the feature (results, scheduled prompts). */
  posted: Posted[];
  /** Every log line (pino JSON) the bot and the feature wrote. */
  logs: string[];
  prefix: string;
  close(): Promise<void>;
}

export const CHANNEL: ConversationAddress = {
  platform: 'slack',
  id: 'slack:T1:C1',
  scope: 'channel',
  ref: { team: 'T1', channel: 'C1' },
};

export async function pulseWorld(
  redisUrl: string,
  env: Record<string, string> = {},
  /** Where channel posts go besides `posted` (an adapter's sendProactive); delivered otherwise. */
  deliver?: (address: ConversationAddress, message: OutboundMessage) => Promise<DeliveryResult>,
): Promise<PulseWorld> {
  const prefix = `pt${randomBytes(4).toString('hex')}`;
  const key = randomBytes(32).toString('base64');
  const config = loadConfig({
    REDIS_URL: redisUrl,
    CHECKIN_REDIS_PREFIX: prefix,
    CHECKIN_ENCRYPTION_KEY: key,
    CHECKIN_SUPPORT_URL: 'https://eap.example.org/support',
    ...env,
  });
  const clock = new ManualClock(Date.UTC(2026, 2, 6, 13, 0)); // a Friday, 14:00 in Berlin
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const storage = await createStore(config, { clock, logger });
  const cipher = recordingCipher(key);
  const redis = { client: storage.redis as Redis, keys: storage.keys, cipher };
  const posted: Posted[] = [];
  const send = async (address: ConversationAddress, message: OutboundMessage): Promise<DeliveryResult> => {
    posted.push({ address, message });
    return deliver ? deliver(address, message) : { status: 'delivered' };
  };
  let pulses: Pulses | undefined;
  const scheduler = createScheduler({
    config,
    clock,
    redis,
    deliver: async (job) =>
      job.kind === 'pulse' && pulses
        ? pulses.deliverScheduled(job, (message) => send(job.address, message))
        : { status: 'failed', reason: 'not a pulse' },
  });
  pulses = createPulses({
    config,
    contentDirs: contentDirs(config),
    logger,
    clock,
    redis,
    send,
    scheduler,
  });
  const core = buildCore({ config, logger, clock, store: storage.store, pulses });
  return {
    config,
    clock,
    storage,
    cipher,
    core,
    pulses,
    scheduler,
    posted,
    logs,
    prefix,
    async close() {
      await scheduler.stop();
      await pulses?.stop();
      await storage.store.close();
    },
  };
}

let seq = 0;

/** One person in the channel (Slack keys); `admin` sets the platform's admin hint. */
export function member(name: string, options: { admin?: boolean } = {}) {
  const user = asUserKey(`slack:T1:${name}`);
  return {
    user,
    turn(input: TurnInput, address: ConversationAddress = CHANNEL): InboundTurn {
      return {
        type: 'turn',
        user,
        address,
        eventId: `test:${++seq}:${randomBytes(3).toString('hex')}`,
        input,
        ...(options.admin ? { hints: { isAdmin: true } } : {}),
      };
    },
  };
}

export function says(who: ReturnType<typeof member>, textInput: string, address?: ConversationAddress) {
  return who.turn({ kind: 'text', text: textInput }, address);
}

/** Runs `turn` (a `pulse now`) and returns the reply and the prompt it posted to the channel. */
export async function started(
  w: PulseWorld,
  turn: InboundTurn,
): Promise<{ reply: TurnReply; prompt: OutboundMessage[] }> {
  const before = w.posted.length;
  const reply = await w.core.bot.handle(turn);
  return { reply, prompt: w.posted.slice(before).map((p) => p.message) };
}

/** The scale blocks (one per question) of a posted prompt. */
export function scalesOf(messages: readonly OutboundMessage[]): ScaleBlock[] {
  return messages.flatMap((m) => m.blocks.filter((b): b is ScaleBlock => b.type === 'scale'));
}

/** A click on option `value` of `scale`. */
export function click(who: ReturnType<typeof member>, scale: ScaleBlock, value: string): InboundTurn {
  return who.turn({ kind: 'choice', ...scale.answer, value });
}

export function textOf(reply: TurnReply | OutboundMessage): string {
  const messages = 'messages' in reply ? reply.messages : [reply];
  return messages
    .flatMap((m) => m.blocks.map((b) => (b.type === 'text' ? b.text : b.type === 'image' ? b.fallback : '')))
    .join('\n');
}

export type { UserKey };
