import type { ConversationAddress } from '../../src/core/address.ts';
import { CheckinError, ErrorCode } from '../../src/core/errors.ts';
import type { Json } from '../../src/core/json.ts';
import { type UserKey, userKey } from '../../src/core/user-key.ts';

/**
 * Every id this adapter derives from Slack: user keys, conversation addresses, de-duplication
 * event ids and the install scope. One file so the formats stay consistent and testable.
 */

/** Adapter-owned routing data inside a ConversationAddress. */
export interface SlackRef {
  team: string;
  channel: string;
  /** Replies go into this thread. */
  thread_ts?: string;
  /** The person the address belongs to (DMs) or who spoke (channels): for ephemeral sends and re-opening a DM. */
  user?: string;
}

/** `slack:<team>:<user>`, the canonical user key. */
export function slackUserKey(team: string, user: string): UserKey {
  return userKey({ platform: 'slack', team, user });
}

/** `slack:<team>`: the installation scope an uninstall deletes. */
export function slackScope(team: string): string {
  return `slack:${team}`;
}

/**
 * Slack channel ids starting with D are direct messages with the bot; `channel_type: 'im'` says the
 * same on events. Everything else (C, G, multi-person DMs) others may read.
 */
export function isDirectChannel(channel: string, channelType?: string): boolean {
  if (channelType !== undefined) return channelType === 'im';
  return channel.startsWith('D');
}

/** A conversation address with id `slack:<team>:<channel>[:<thread_ts>]`. */
export function slackAddress(ref: SlackRef, scope: ConversationAddress['scope']): ConversationAddress {
  const id = [`slack:${ref.team}:${ref.channel}`, ref.thread_ts].filter(Boolean).join(':');
  const json: Record<string, Json> = { team: ref.team, channel: ref.channel };
  if (ref.thread_ts) json.thread_ts = ref.thread_ts;
  if (ref.user) json.user = ref.user;
  return { platform: 'slack', id, scope, ref: json };
}

/** Reads back an address this adapter made; throws invalid_address for anything else. */
export function parseSlackAddress(address: ConversationAddress): SlackRef {
  const ref = address.ref;
  const bad = (why: string) =>
    new CheckinError(ErrorCode.InvalidAddress, `Not a Slack address (${address.id}): ${why}`);
  if (address.platform !== 'slack') throw bad(`platform is ${address.platform}`);
  if (typeof ref !== 'object' || ref === null || Array.isArray(ref)) throw bad('ref is not an object');
  const { team, channel, thread_ts, user } = ref as Record<string, Json | undefined>;
  if (typeof team !== 'string' || typeof channel !== 'string')
    throw bad('ref.team and ref.channel are required');
  const out: SlackRef = { team, channel };
  if (typeof thread_ts === 'string') out.thread_ts = thread_ts;
  if (typeof user === 'string') out.user = user;
  return out;
}

/** Events API deliveries (retries carry the same event_id). */
export function eventEventId(eventId: string): string {
  return `slack:ev:${eventId}`;
}

/**
 * Messages are keyed by where and when they were posted, not by event id: Slack can deliver one
 * message twice under different event ids (e.g. `message.im` and `app_mention`, or after a restart).
 */
export function messageEventId(team: string, channel: string, ts: string): string {
  return `slack:msg:${team}:${channel}:${ts}`;
}

/**
 * A button click. Keyed by the message and the button, so a double click on the same button is one
 * event; a click on another button of an answered question is caught by the core's version check.
 */
export function actionEventId(
  team: string,
  user: string,
  container: { channel?: string; messageTs?: string },
  actionId: string,
  actionTs: string,
): string {
  if (container.messageTs) {
    return `slack:act:${team}:${user}:${container.channel ?? '-'}:${container.messageTs}:${actionId}`;
  }
  return `slack:act:${team}:${user}:${actionTs}:${actionId}`;
}

/** Slash commands: `trigger_id` is unique per invocation and survives a Socket Mode redelivery. */
export function commandEventId(team: string, triggerId: string): string {
  return `slack:cmd:${team}:${triggerId}`;
}

/**
 * Slack's message text to the plain text a person meant: entities decoded, links reduced to their
 * label, mentions of the bot removed and other mentions neutralised, so the core screens and stores
 * what was written rather than Slack's markup.
 */
export function slackTextToPlain(text: string, botUserId?: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) {
        if (botUserId && target === `@${botUserId}`) return '';
        return label ? `@${label}` : '@someone';
      }
      if (target.startsWith('#')) return label ? `#${label}` : '#channel';
      if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}
