import { z } from 'zod';
import { PLATFORMS } from './user-key.ts';

/**
 * Where a message goes: a person's direct conversation with the bot, or a channel others can read.
 * Made by an adapter and stored as-is (in profiles and schedules) for proactive sends later. The
 * core reads only `platform`, `id` and `scope`; `ref` belongs to the adapter that made it.
 */
export const conversationAddressSchema = z.object({
  platform: z.enum(PLATFORMS),
  /** Stable, non-secret identity of the conversation, e.g. `slack:T1:D123`; used as a schedule owner. */
  id: z.string().min(1).max(512),
  /**
   * `direct`: only this person and the bot can read it. `channel`: others may read it, so crisis
   * help and personal content must never be posted there.
   */
  scope: z.enum(['direct', 'channel']),
  /** Adapter-defined routing data (channel id, thread, Teams conversation reference, …). */
  ref: z.json(),
});
export type ConversationAddress = z.infer<typeof conversationAddressSchema>;

export function isPrivateAddress(address: ConversationAddress): boolean {
  return address.scope === 'direct';
}
