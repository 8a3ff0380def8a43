/**
 * Where pulses live. The store is deliberately dumb: it holds opaque (already encrypted) strings
 * and enforces the state machine open → closing → closed atomically; all crypto and policy is in
 * the service. Implementations: Redis (`redis-store.ts`, shared by every process) and memory
 * (`memory-store.ts`, the embedded default).
 */

export type PulseState = 'open' | 'closing' | 'closed';

/** One pulse as stored. */
export interface PulseRecord {
  state: PulseState;
  /** Sealed PulseMeta (channel address, set snapshot, times). */
  meta: string;
  /** Sealed per-pulse salt; present only while open or closing. */
  salt: string | null;
  /** Sealed aggregate; present once closed. */
  aggregate: string | null;
  /** The results (or the too-few note) were posted. */
  posted: boolean;
}

/** Outcome of asking to post: go ahead, already done, or another process is posting now. */
export type PostTurn = 'acquired' | 'posted' | 'busy';

export interface PulseStore {
  /**
   * Creates an open pulse once (false if the id exists), makes it the channel's current pulse and
   * queues it for closing at `closesAt`.
   */
  create(
    id: string,
    channel: string,
    sealed: { meta: string; salt: string },
    closesAt: number,
  ): Promise<boolean>;
  read(id: string): Promise<PulseRecord | null>;
  /** Sets one answer field if the pulse is still open; false once closing began. */
  putAnswer(id: string, field: string, sealed: string): Promise<boolean>;
  /** Every answer field of a pulse (only while open or closing). */
  answers(id: string): Promise<Record<string, string>>;
  /** Deletes the given answer fields; resolves how many existed. */
  deleteAnswers(id: string, fields: readonly string[]): Promise<number>;
  /** open → closing (answers freeze); resolves the state after the call, or null if unknown. */
  beginClose(id: string): Promise<PulseState | null>;
  /**
   * closing → closed in one step: stores the aggregate, deletes every answer and the salt, keeps the
   * record until `keepUntilMs`. False if it was not closing (already closed by another process).
   */
  finishClose(id: string, aggregate: string, keepUntilMs: number): Promise<boolean>;
  /** Takes the posting lease unless the results were posted already. */
  acquirePost(id: string, leaseMs: number): Promise<PostTurn>;
  /**
   * Marks the results posted and drops the pulse from the pending queue; `meta` (if given) replaces
   * the sealed meta in the same write (the poster drops the channel's routing data).
   */
  markPosted(id: string, meta?: string): Promise<void>;
  /** Gives the posting lease back (the send failed) and retries at `retryAt`. */
  releasePost(id: string, retryAt: number): Promise<void>;
  /** Drops a pulse from the pending queue without posting (its record expired or vanished). */
  dropPending(id: string): Promise<void>;
  /** Pending pulses due to close by `nowMs`, oldest first. */
  due(nowMs: number, limit: number): Promise<string[]>;
  /** Every pending pulse id (open or closing), for `forget`. */
  pending(): Promise<string[]>;
  /** Moves a pending pulse's close time (an admin closes it now). */
  setCloseAt(id: string, atMs: number): Promise<void>;
  /** The channel's open pulse, if any. */
  current(channel: string): Promise<string | null>;
  /** Clears the channel's current pulse if it is still `id`. */
  clearCurrent(channel: string, id: string): Promise<void>;
  /** Records a closed pulse in the channel's list (idempotent). */
  addClosed(channel: string, id: string, openedAt: number): Promise<void>;
  /** The channel's most recent closed pulse ids, oldest first. */
  closed(channel: string, limit: number): Promise<string[]>;
  /** Sealed channel settings (set, open hours) or null. */
  settings(channel: string): Promise<string | null>;
  setSettings(channel: string, sealed: string | null): Promise<void>;
}
