import {
  type Client,
  DiscordAPIError,
  HTTPError,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  type Message,
  type MessageCreateOptions,
  MessageFlags,
  RateLimitError,
  type SendableChannels,
} from 'discord.js';
import type { ConversationAddress } from '../../src/core/address.ts';
import { CheckinError, ErrorCode } from '../../src/core/errors.ts';
import type { OutboundMessage } from '../../src/core/outbound.ts';
import type { DeliveryResult } from '../../src/core/ports.ts';
import { type DiscordRef, type DiscordSentRef, parseDiscordAddress } from './ids.ts';
import { type DiscordPayload, NO_MENTIONS, renderMessage } from './render.ts';

/**
 * Sending outside an interaction: to a channel or a person's DM (created on demand), editing a
 * sent message, and proactive sends that report their outcome instead of throwing.
 */

/** A rendered payload as discord.js message options (channel sends, follow-ups). */
export function messageOptions(p: DiscordPayload): MessageCreateOptions {
  return {
    ...(p.content ? { content: p.content } : {}),
    embeds: p.embeds,
    components: p.components,
    files: p.files,
    allowedMentions: NO_MENTIONS,
  };
}

/** As message options, plus the ephemeral flag where the payload asks for it (servers only). */
export function replyOptions(p: DiscordPayload): InteractionReplyOptions {
  return {
    ...messageOptions(p),
    ...(p.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  } as InteractionReplyOptions;
}

/** Replaces a message entirely: content, embeds and buttons absent in `p` are removed. */
export function updateOptions(p: DiscordPayload): InteractionUpdateOptions {
  return {
    content: p.content,
    embeds: p.embeds,
    components: p.components,
    ...(p.files.length ? { files: p.files } : {}),
    allowedMentions: NO_MENTIONS,
  };
}

/** Where a DiscordRef points, resolved to a channel discord.js can send to. */
async function channelFor(client: Client, ref: DiscordRef): Promise<SendableChannels> {
  if (ref.kind === 'dm') {
    // POST /users/@me/channels, cached by discord.js afterwards; idempotent on Discord's side.
    return client.users.createDM(ref.userId);
  }
  const channel = await client.channels.fetch(ref.channelId);
  if (!channel?.isSendable()) {
    throw new CheckinError(ErrorCode.Platform, `Discord channel ${ref.channelId} cannot receive messages.`);
  }
  return channel;
}

/** Sends every payload of `message` to `address`, in order; resolves to the messages sent. */
export async function sendMessage(
  client: Client,
  address: ConversationAddress,
  message: OutboundMessage,
): Promise<Message[]> {
  const ref = parseDiscordAddress(address);
  if (ref.kind === 'channel' && message.private) {
    throw new CheckinError(
      ErrorCode.Platform,
      `Refusing to post a private message to the server channel ${address.id}; send it to the person's DM.`,
    );
  }
  const channel = await channelFor(client, ref);
  const sent: Message[] = [];
  for (const payload of renderMessage(message, { ephemeral: false })) {
    sent.push(await channel.send(messageOptions(payload)));
  }
  return sent;
}

/** Edits a message the bot sent earlier (its first payload replaces the content). */
export async function editMessage(
  client: Client,
  ref: DiscordSentRef,
  message: OutboundMessage,
): Promise<void> {
  const channel = await client.channels.fetch(ref.channelId);
  if (!channel?.isSendable()) {
    throw new CheckinError(ErrorCode.Platform, `Discord channel ${ref.channelId} cannot be edited in.`);
  }
  const [first] = renderMessage(message, { ephemeral: false });
  if (first) await channel.messages.edit(ref.messageId, updateOptions(first));
}

// Discord JSON error codes meaning the recipient cannot be reached again without a change on their side.
const GONE_CODES: Record<number, string> = {
  50007: 'dm_closed',
  10003: 'unknown_channel',
  10013: 'unknown_user',
  50001: 'missing_access',
  50013: 'missing_permissions',
};

/** Turns a send failure into the scheduler's vocabulary; reasons are codes, never content. */
export function deliveryFailure(error: unknown): DeliveryResult {
  if (error instanceof RateLimitError) {
    return { status: 'rate_limited', retryAfterMs: Math.max(error.retryAfter, error.timeToReset, 1000) };
  }
  if (error instanceof DiscordAPIError) {
    const gone = typeof error.code === 'number' ? GONE_CODES[error.code] : undefined;
    if (gone) return { status: 'gone', reason: `discord_${gone}` };
    if (error.status === 429) return { status: 'rate_limited', retryAfterMs: 1000 };
    return { status: 'failed', reason: `discord_http_${error.status}_${String(error.code)}` };
  }
  if (error instanceof HTTPError) return { status: 'failed', reason: `discord_http_${error.status}` };
  if (error instanceof CheckinError && error.code === ErrorCode.InvalidAddress) {
    return { status: 'gone', reason: 'invalid_address' };
  }
  if (error instanceof CheckinError) return { status: 'failed', reason: error.code };
  const code = (error as { code?: unknown }).code;
  return { status: 'failed', reason: typeof code === 'string' ? `network_${code}` : 'unknown' };
}

/** A proactive send (a reminder): never throws, reports delivered / gone / rate_limited / failed. */
export async function sendProactive(
  client: Client,
  address: ConversationAddress,
  message: OutboundMessage,
): Promise<DeliveryResult> {
  try {
    await sendMessage(client, address, message);
    return { status: 'delivered' };
  } catch (error) {
    return deliveryFailure(error);
  }
}
