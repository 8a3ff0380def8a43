import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { ConversationAddress } from '../core/address.ts';
import type { OutboundMessage } from '../core/outbound.ts';
import type { Clock, DeliveryResult, Logger } from '../core/ports.ts';
import type { UserKey } from '../core/user-key.ts';
import type { Cipher } from '../store/crypto.ts';
import { type Aggregate, aggregate, aggregateSchema, type PulseMeta, pulseMetaSchema } from './aggregate.ts';
import { resultsMessage } from './messages.ts';
import type { PulseSet } from './sets.ts';
import type { PulseStore } from './store.ts';

/**
 * Team pulses: open, answer, close, forget. Privacy rules this file keeps:
 * - an answer is stored under HMAC(per-pulse salt, user key), sealed with the Cipher, only while
 *   the pulse is open; the salt itself is sealed too;
 * - closing keeps only counts (and none below the minimum group), and deletes answers and salt in
 *   one atomic step, so afterwards nothing links an answer to a person;
 * - logs carry pulse ids and counts, never a user key or a hash of one.
 */

/** The floor of the minimum group, whatever the configuration says. */
export const MIN_GROUP_FLOOR = 3;

/** Sends a message to a channel (an adapter's `sendProactive`); never throws. */
export type PulseSend = (address: ConversationAddress, message: OutboundMessage) => Promise<DeliveryResult>;

/** Test-only pauses inside `close`, so a test can kill a process at a known point. */
export interface CloseHooks {
  /** After answers were frozen (state closing), before the aggregate is computed. */
  afterFreeze?: (pulseId: string) => Promise<void>;
  /** After the aggregate was saved (answers and salt gone), before posting is attempted. */
  afterAggregate?: (pulseId: string) => Promise<void>;
  /** After this process took the posting lease, right before it sends. */
  beforeSend?: (pulseId: string) => Promise<void>;
}

export interface PulseCoreOptions {
  store: PulseStore;
  cipher: Cipher;
  clock: Clock;
  logger: Logger;
  /** Results are shared only when at least this many answered; raised to 3 if lower. */
  minGroup: number;
  supportUrl?: string | undefined;
  send?: PulseSend | undefined;
  /**
   * How long one process may hold the posting lease (ms; default 2 min). Longer than any send
   * (adapters' proactive sends fail fast instead of waiting out rate limits); a process killed
   * while holding it delays the results by at most this long.
   */
  postLeaseMs?: number;
  /** How long closed aggregates are kept (ms; default about two years). */
  keepMs?: number;
  hooks?: CloseHooks;
}

export type CloseOutcome = 'posted' | 'already_posted' | 'busy' | 'failed' | 'unknown';

const POST_RETRY_MS = 60_000;

/** The channel's key in the store: a hash of its address id, so ids need no escaping. */
export function channelKey(address: ConversationAddress): string {
  return createHash('sha256').update(address.id).digest('hex').slice(0, 20);
}

export class PulseCore {
  readonly minGroup: number;
  private readonly o: PulseCoreOptions;
  private readonly log: Logger;

  constructor(options: PulseCoreOptions) {
    this.o = options;
    this.minGroup = Math.max(MIN_GROUP_FLOOR, Math.floor(options.minGroup));
    this.log = options.logger.child({ component: 'pulses' });
  }

  get store(): PulseStore {
    return this.o.store;
  }

  /** A pulse id from a seed (event id or occurrence), so a retried open creates nothing twice. */
  static idFor(channelId: string, seed: string): string {
    return createHash('sha256').update(`${channelId}|${seed}`).digest('base64url').slice(0, 12);
  }

  /** Opens a pulse in a channel; resolves its meta and whether this call created it. */
  async open(
    address: ConversationAddress,
    set: PulseSet,
    openMs: number,
    seed: string,
  ): Promise<{ meta: PulseMeta; created: boolean }> {
    const id = PulseCore.idFor(address.id, seed);
    const existing = await this.o.store.read(id);
    if (existing) return { meta: this.decodeMeta(id, existing.meta), created: false };
    const now = this.o.clock.now();
    const meta: PulseMeta = {
      v: 1,
      id,
      address,
      setId: set.id,
      title: set.title,
      intro: set.intro,
      lowAt: set.low_at,
      questions: set.questions.map((q) => ({
        id: q.id,
        short: q.short,
        prompt: q.prompt,
        options: q.options,
      })),
      openedAt: now,
      closesAt: now + openMs,
    };
    const salt = randomBytes(32).toString('base64');
    const created = await this.o.store.create(
      id,
      channelKey(address),
      {
        meta: this.o.cipher.encrypt(JSON.stringify(meta), `${id}|meta`),
        salt: this.o.cipher.encrypt(salt, `${id}|salt`),
      },
      meta.closesAt,
    );
    if (created) this.log.info({ pulse: id, set: set.id, questions: meta.questions.length }, 'pulse opened');
    return { meta, created };
  }

  /** The open pulse of a channel, if any. */
  async currentOf(address: ConversationAddress): Promise<{ meta: PulseMeta; open: boolean } | null> {
    const id = await this.o.store.current(channelKey(address));
    if (!id) return null;
    const record = await this.o.store.read(id);
    if (!record) return null;
    return { meta: this.decodeMeta(id, record.meta), open: record.state === 'open' };
  }

  /**
   * Records (or replaces) one person's answer to one question. Resolves the question and label, or
   * a reason it was not taken.
   */
  async answer(
    pulseId: string,
    questionId: string,
    valueText: string,
    user: UserKey,
  ): Promise<
    { ok: true; short: string; label: string } | { ok: false; reason: 'unknown' | 'closed' | 'invalid' }
  > {
    const record = await this.o.store.read(pulseId);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.state !== 'open' || !record.salt) return { ok: false, reason: 'closed' };
    const meta = this.decodeMeta(pulseId, record.meta);
    const question = meta.questions.find((q) => q.id === questionId);
    const option = question?.options.find((o) => String(o.value) === valueText);
    if (!question || !option) return { ok: false, reason: 'invalid' };
    const field = `${this.personHash(pulseId, record.salt, user)}:${question.id}`;
    const sealed = this.o.cipher.encrypt(String(option.value), `${pulseId}|${field}`);
    if (!(await this.o.store.putAnswer(pulseId, field, sealed))) return { ok: false, reason: 'closed' };
    return { ok: true, short: question.short, label: option.label };
  }

  /** Removes this person's answers from every pulse still open or closing; resolves how many. */
  async forget(user: UserKey): Promise<number> {
    let removed = 0;
    for (const id of await this.o.store.pending()) {
      const record = await this.o.store.read(id);
      if (!record?.salt) continue;
      const meta = this.decodeMeta(id, record.meta);
      const hash = this.personHash(id, record.salt, user);
      removed += await this.o.store.deleteAnswers(
        id,
        meta.questions.map((q) => `${hash}:${q.id}`),
      );
    }
    if (removed) this.log.info({ answers: removed }, 'pulse answers forgotten');
    return removed;
  }

  /** Closes every pulse due by now; resolves how many were posted by this process. */
  async closeDue(limit = 50): Promise<number> {
    let posted = 0;
    for (const id of await this.o.store.due(this.o.clock.now(), limit)) {
      try {
        if ((await this.close(id)) === 'posted') posted++;
      } catch (error) {
        this.log.error({ pulse: id, code: codeOf(error) }, 'pulse close failed; retried on the next tick');
      }
    }
    return posted;
  }

  /**
   * Posts messages to a channel through the platform (not as a reply, which some platforms show
   * only to the person who typed the command); resolves how many were delivered, in order.
   */
  async post(address: ConversationAddress, messages: readonly OutboundMessage[]): Promise<number> {
    if (!this.o.send) return 0;
    let delivered = 0;
    for (const message of messages) {
      if ((await this.o.send(address, message)).status !== 'delivered') break;
      delivered++;
    }
    return delivered;
  }

  /** Makes an open pulse due now (an admin closes it), then closes it. */
  async closeNow(id: string): Promise<CloseOutcome> {
    await this.o.store.setCloseAt(id, this.o.clock.now());
    return this.close(id);
  }

  /**
   * Closes one pulse; idempotent and safe to run in several processes at once. Steps, each of which
   * a later run skips once done: freeze answers → save the aggregate and delete answers + salt in
   * one step → list it under the channel → take the posting lease → post → mark posted.
   */
  async close(id: string): Promise<CloseOutcome> {
    const record = await this.o.store.read(id);
    if (!record) {
      await this.o.store.dropPending(id); // vanished (expired): nothing to post, stop retrying
      return 'unknown';
    }
    const meta = this.decodeMeta(id, record.meta);
    let state = record.state;
    if (state === 'open') state = (await this.o.store.beginClose(id)) ?? state;
    if (state === 'closing') {
      await this.o.hooks?.afterFreeze?.(id);
      const answers = new Map<string, number>();
      for (const [field, sealed] of Object.entries(await this.o.store.answers(id))) {
        answers.set(field, Number(this.o.cipher.decrypt(sealed, `${id}|${field}`)));
      }
      const now = this.o.clock.now();
      const agg = aggregate(meta, answers, this.minGroup, now);
      const sealed = this.o.cipher.encrypt(JSON.stringify(agg), `${id}|agg`);
      if (await this.o.store.finishClose(id, sealed, now + (this.o.keepMs ?? 730 * 86_400_000))) {
        this.log.info({ pulse: id, n: agg.n, shared: !agg.suppressed }, 'pulse closed');
      }
    }
    const channel = channelKey(meta.address);
    await this.o.store.addClosed(channel, id, meta.openedAt);
    await this.o.store.clearCurrent(channel, id);
    await this.o.hooks?.afterAggregate?.(id);

    const turn = await this.o.store.acquirePost(id, this.o.postLeaseMs ?? 120_000);
    if (turn === 'posted') {
      await this.o.store.markPosted(id);
      return 'already_posted';
    }
    if (turn === 'busy') return 'busy';
    const agg = await this.aggregateOf(id);
    if (!agg) {
      await this.o.store.releasePost(id, this.o.clock.now() + POST_RETRY_MS);
      return 'failed';
    }
    const earlier = (await this.closedIn(meta.address, 9)).filter((e) => e.meta.id !== id);
    const message = await resultsMessage({
      meta,
      aggregate: agg,
      earlier,
      supportUrl: this.o.supportUrl,
    });
    await this.o.hooks?.beforeSend?.(id);
    const result: DeliveryResult = this.o.send
      ? await this.o.send(meta.address, message)
      : { status: 'failed', reason: 'no_sender' };
    if (result.status === 'delivered' || result.status === 'gone') {
      // Routing data (on some platforms the id of whoever typed the command) is not kept past here.
      const kept: PulseMeta = { ...meta, address: { ...meta.address, ref: {} } };
      await this.o.store.markPosted(id, this.o.cipher.encrypt(JSON.stringify(kept), `${id}|meta`));
      this.log.info({ pulse: id, status: result.status, shared: !agg.suppressed }, 'pulse results posted');
      return 'posted';
    }
    const wait = result.status === 'rate_limited' ? Math.max(1000, result.retryAfterMs) : POST_RETRY_MS;
    await this.o.store.releasePost(id, this.o.clock.now() + wait);
    this.log.warn({ pulse: id, status: result.status }, 'pulse results not posted yet; will retry');
    return 'failed';
  }

  /** The channel's closed pulses with their aggregates, oldest first. */
  async closedIn(
    address: ConversationAddress,
    limit: number,
  ): Promise<Array<{ meta: PulseMeta; aggregate: Aggregate }>> {
    const out: Array<{ meta: PulseMeta; aggregate: Aggregate }> = [];
    for (const id of await this.o.store.closed(channelKey(address), limit)) {
      const record = await this.o.store.read(id);
      if (!record?.aggregate) continue;
      try {
        out.push({
          meta: this.decodeMeta(id, record.meta),
          aggregate: this.decodeAggregate(id, record.aggregate),
        });
      } catch (error) {
        // E.g. sealed with a key since removed: the trend and CSV go on without that pulse.
        this.log.warn({ pulse: id, code: codeOf(error) }, 'closed pulse unreadable; skipped');
      }
    }
    return out;
  }

  private async aggregateOf(id: string): Promise<Aggregate | null> {
    const record = await this.o.store.read(id);
    return record?.aggregate ? this.decodeAggregate(id, record.aggregate) : null;
  }

  /** Sealed channel settings (the set and open time a schedule uses). */
  async settingsOf(address: ConversationAddress): Promise<{ setId: string; openMs: number } | null> {
    const sealed = await this.o.store.settings(channelKey(address));
    if (!sealed) return null;
    return JSON.parse(this.o.cipher.decrypt(sealed, `${channelKey(address)}|settings`)) as {
      setId: string;
      openMs: number;
    };
  }

  async setSettings(address: ConversationAddress, settings: { setId: string; openMs: number } | null) {
    const key = channelKey(address);
    await this.o.store.setSettings(
      key,
      settings ? this.o.cipher.encrypt(JSON.stringify(settings), `${key}|settings`) : null,
    );
  }

  /** HMAC(salt, user key), cut to 128 bits: the same person maps to the same field within one pulse only. */
  private personHash(pulseId: string, sealedSalt: string, user: UserKey): string {
    const salt = Buffer.from(this.o.cipher.decrypt(sealedSalt, `${pulseId}|salt`), 'base64');
    return createHmac('sha256', salt).update(user).digest('base64url').slice(0, 22);
  }

  private decodeMeta(id: string, sealed: string): PulseMeta {
    return pulseMetaSchema.parse(JSON.parse(this.o.cipher.decrypt(sealed, `${id}|meta`)));
  }

  private decodeAggregate(id: string, sealed: string): Aggregate {
    return aggregateSchema.parse(JSON.parse(this.o.cipher.decrypt(sealed, `${id}|agg`)));
  }
}

function codeOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return String((error as { code: unknown }).code);
  return error instanceof Error ? error.name : 'unknown';
}
