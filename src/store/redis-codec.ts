import { CheckinError, ErrorCode } from '../core/errors.ts';
import type { Clock, Logger } from '../core/ports.ts';
import {
  type ConversationState,
  conversationStateSchema,
  type HistoryEntry,
  historyEntrySchema,
  type Profile,
  profileSchema,
} from '../core/state.ts';
import type { UserKey } from '../core/user-key.ts';
import type { Cipher } from './crypto.ts';
import { aad } from './redis-layout.ts';

/**
 * Reading the Redis store's stored values back: decrypt with the AAD of their place, then
 * validate with zod. Used for every value this process did not write itself (cache misses,
 * export, rotation); values it wrote are held decoded by the snapshot cache.
 */
export class StoredValueCodec {
  constructor(
    private readonly cipher: Cipher,
    private readonly clock: Clock,
    private readonly logger?: Logger,
  ) {}

  /** The idle expiry (ms) a stored conversation (`<expires at>|<sealed>`) carries. */
  static expiresAt(raw: string): number {
    return Number(raw.slice(0, raw.indexOf('|')));
  }

  /** The key expires by itself; the stored deadline makes expiry exact under any Clock. */
  expired(raw: string): boolean {
    return StoredValueCodec.expiresAt(raw) <= this.clock.now();
  }

  /** The conversation, or null when absent, expired or unreadable by this version (logged). */
  conversation(user: UserKey, raw: string | null): ConversationState | null {
    if (!raw || this.expired(raw)) return null;
    const bar = raw.indexOf('|');
    const parsed = conversationStateSchema.safeParse(
      JSON.parse(this.cipher.decrypt(raw.slice(bar + 1), aad.conversation(user))),
    );
    if (parsed.success) return parsed.data;
    // A conversation written by an incompatible version: start afresh rather than fail every turn.
    this.logger?.warn({ code: ErrorCode.StoreCorrupt }, 'stored conversation unreadable; dropped');
    return null;
  }

  /** The profile; CheckinError(store_corrupt) when it does not match the schema. */
  profile(user: UserKey, raw: string): Profile {
    const parsed = profileSchema.safeParse(JSON.parse(this.cipher.decrypt(raw, aad.profile(user))));
    if (parsed.success) return parsed.data;
    throw new CheckinError(
      ErrorCode.StoreCorrupt,
      `The stored profile of ${user} does not match the schema.`,
      {
        cause: parsed.error,
      },
    );
  }

  /** One history entry (throws on a schema mismatch). */
  history(user: UserKey, raw: string): HistoryEntry {
    return historyEntrySchema.parse(JSON.parse(this.cipher.decrypt(raw, aad.history(user))));
  }
}
