import { z } from 'zod';
import type { ConversationAddress } from '../../src/core/address.ts';
import { CheckinError, ErrorCode } from '../../src/core/errors.ts';
import { type UserKey, userKey } from '../../src/core/user-key.ts';

/**
 * Discord ids ↔ our neutral identities. Pure functions, no discord.js import, so the mapping is
 * tested alone and the rest of the adapter never builds these strings by hand.
 */

const snowflake = z.string().regex(/^\d{1,20}$/, 'expected a Discord snowflake (digits)');

/**
 * What a Discord address keeps in `ref`. A DM is known by the person's user id (the DM channel is
 * created on demand with POST /users/@me/channels, so an address made in a server can still reach
 * them privately); a server channel by guild and channel id. Interaction tokens are deliberately
 * NOT stored: they are 15-minute credentials and addresses end up in profiles.
 */
export const discordRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dm'), userId: snowflake, channelId: snowflake.optional() }),
  z.object({ kind: z.literal('channel'), guildId: snowflake, channelId: snowflake }),
]);
export type DiscordRef = z.infer<typeof discordRefSchema>;

/** `discord:<user id>`: Discord users are global, so state follows a person between servers and DMs. */
export function discordUserKey(userId: string): UserKey {
  return userKey({ platform: 'discord', user: userId });
}

/** The person's private conversation with the bot; `channelId` when the DM channel is already known. */
export function dmAddress(userId: string, channelId?: string): ConversationAddress {
  const ref: Record<string, string> = channelId ? { kind: 'dm', userId, channelId } : { kind: 'dm', userId };
  return { platform: 'discord', id: `discord:dm:${userId}`, scope: 'direct', ref };
}

/** A server channel: others can read it, so the core keeps personal content out of it. */
export function channelAddress(guildId: string, channelId: string): ConversationAddress {
  const ref: Record<string, string> = { kind: 'channel', guildId, channelId };
  return { platform: 'discord', id: `discord:${guildId}:${channelId}`, scope: 'channel', ref };
}

/** Reads a stored address back; a clear error names what is wrong instead of sending astray. */
export function parseDiscordAddress(address: ConversationAddress): DiscordRef {
  if (address.platform !== 'discord') {
    throw new CheckinError(
      ErrorCode.InvalidAddress,
      `Address ${address.id} belongs to ${address.platform}, not discord.`,
    );
  }
  const parsed = discordRefSchema.safeParse(address.ref);
  if (!parsed.success) {
    throw new CheckinError(
      ErrorCode.InvalidAddress,
      `Address ${address.id} has no valid Discord ref: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/** De-duplication ids, namespaced so they never collide with other platforms or with each other. */
export const eventIds = {
  interaction: (id: string) => `discord:int:${id}`,
  message: (id: string) => `discord:msg:${id}`,
  /** A removal is unique per membership: the join time tells a re-added server's later removal apart. */
  guildRemoved: (guildId: string, joinedAtMs: number) => `discord:gdel:${guildId}:${joinedAtMs}`,
  guildAdded: (guildId: string, joinedAtMs: number) => `discord:gadd:${guildId}:${joinedAtMs}`,
};

/** The installation scope the core indexes people under, so a server's removal finds its members. */
export function guildScope(guildId: string): string {
  return `discord-guild:${guildId}`;
}

/**
 * The gateway shard a guild's events arrive on, as Discord documents it: `(guild_id >> 22) % count`.
 * DMs always arrive on shard 0.
 */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A SentRef's Discord content: the message to edit later. */
export const sentRefSchema = z.object({ channelId: snowflake, messageId: snowflake });
export type DiscordSentRef = z.infer<typeof sentRefSchema>;
