import { randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { Config } from '../config/schema.ts';
import type { Clock, ForgetReport, Logger, StateStore } from '../core/ports.ts';
import type { UserKey } from '../core/user-key.ts';
import { type Cipher, createCipher } from '../store/crypto.ts';
import type { KeyBuilder } from '../store/keys.ts';
import { overlayStore } from '../store/overlay.ts';
import { MemoryPulseStore } from './memory-store.ts';
import { type PulseScheduler, Pulses } from './pulses.ts';
import { RedisPulseStore } from './redis-store.ts';
import { type CloseHooks, PulseCore, type PulseSend } from './service.ts';
import { loadPulseSets } from './sets.ts';

export { PULSE_FLOW_ID } from './messages.ts';
export type { PulseScheduler } from './pulses.ts';
export { Pulses } from './pulses.ts';
export type { CloseHooks, PulseSend } from './service.ts';
export { MIN_GROUP_FLOOR, PulseCore } from './service.ts';

export interface CreatePulsesOptions {
  config: Pick<Config, 'CHECKIN_PULSE_MIN_GROUP' | 'CHECKIN_ADMINS' | 'CHECKIN_SUPPORT_URL'>;
  /** Content folders (compose.ts `contentDirs`); pulse sets are read from `<dir>/pulses/`. */
  contentDirs: readonly string[];
  logger: Logger;
  clock: Clock;
  /** The store's Redis client, keys and cipher (StoreBundle); absent → in-process memory. */
  redis?: { client: Redis | Cluster; keys: KeyBuilder; cipher: Cipher } | undefined;
  /** Posts to a channel: the adapter of `address.platform`'s `sendProactive`. */
  send?: PulseSend | undefined;
  scheduler?: PulseScheduler | undefined;
  postLeaseMs?: number;
  tickMs?: number;
  hooks?: CloseHooks;
}

/** Builds the pulse feature: Redis when the store has it (shared by every process), else memory. */
export function createPulses(options: CreatePulsesOptions): Pulses {
  const store = options.redis
    ? new RedisPulseStore(options.redis.client, options.redis.keys)
    : new MemoryPulseStore(options.clock);
  // In memory nothing is at rest, but answers are still sealed, with a key that dies with the process.
  const cipher = options.redis?.cipher ?? createCipher({ current: randomBytes(32).toString('base64') });
  const core = new PulseCore({
    store,
    cipher,
    clock: options.clock,
    logger: options.logger,
    minGroup: options.config.CHECKIN_PULSE_MIN_GROUP,
    supportUrl: options.config.CHECKIN_SUPPORT_URL,
    send: options.send,
    ...(options.postLeaseMs ? { postLeaseMs: options.postLeaseMs } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  return new Pulses({
    core,
    sets: loadPulseSets(options.contentDirs),
    clock: options.clock,
    logger: options.logger,
    admins: options.config.CHECKIN_ADMINS,
    scheduler: options.scheduler,
    ...(options.tickMs ? { tickMs: options.tickMs } : {}),
  });
}

/**
 * The store with `forgetUser` extended to open pulses: a person's answers to pulses still open are
 * deleted with the rest of their data (the `forget` command, operator forget, uninstall). Export is
 * unchanged on purpose: pulse answers are never part of a personal export.
 */
export function withPulseForget(store: StateStore, pulses: Pick<Pulses, 'forget'>): StateStore {
  return overlayStore(store, {
    forgetUser: async (user: UserKey): Promise<ForgetReport> => {
      const report = await store.forgetUser(user);
      const answers = await pulses.forget(user);
      return answers ? { deleted: { ...report.deleted, 'open team pulse answers': answers } } : report;
    },
  });
}
