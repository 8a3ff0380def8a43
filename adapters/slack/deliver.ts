import type { ConversationAddress } from '../../src/core/address.ts';
import type { OutboundMessage, TurnReply } from '../../src/core/outbound.ts';
import type { Logger } from '../../src/core/ports.ts';
import { hasUploads, renderInline, renderMessage, type SlackPart } from './render.ts';
import { classify, failureCode, type SlackSender } from './send.ts';

/**
 * Where a turn's reply goes. Privacy is decided here from the core's flags and the place the turn
 * came from: in a channel, private content goes ephemeral or to the person's DM, and crisis
 * (`urgent`) messages always reach the DM, so nothing personal is ever posted where others read.
 */
export interface ReplyContext {
  team: string;
  user: string;
  /** Where the turn happened. */
  address: ConversationAddress;
  channel: string;
  threadTs?: string;
  /** How the turn arrived: slash commands and clicks on ephemeral messages are answered ephemerally. */
  source: 'dm' | 'mention' | 'command' | 'action' | 'ephemeral-action';
  responseUrl?: string;
  /** The message whose button was clicked, to replace with the answered version. */
  answered?: { channel: string; ts: string; ephemeral: boolean };
}

/** Shown (only to the person) in a channel when their private reply went to the DM instead. */
export const MOVED_TO_DM_NOTE = 'I have sent you a direct message.';

type Post = Extract<SlackPart, { kind: 'post' }>;

/** Delivers one turn's reply: the answered question's replacement first, then each message. */
export async function deliverReply(
  sender: SlackSender,
  context: ReplyContext,
  reply: TurnReply,
  logger: Logger,
): Promise<void> {
  if (reply.updateAnswered && context.answered) {
    await replaceAnswered(sender, context, reply.updateAnswered).catch((error) =>
      logger.warn({ code: failureCode(error) }, 'slack: could not update the answered message'),
    );
  }
  let movedToDm = false;
  for (const message of reply.messages) {
    try {
      movedToDm = (await deliverOne(sender, context, message)) || movedToDm;
    } catch (error) {
      logger.warn({ code: failureCode(error), source: context.source }, 'slack: reply not delivered');
    }
  }
  if (movedToDm && context.address.scope === 'channel') {
    const note = renderMessage({ blocks: [{ type: 'text', text: MOVED_TO_DM_NOTE }] })[0] as Post;
    await ephemeralOrRespond(sender, context, note).catch((error) =>
      logger.warn({ code: failureCode(error) }, 'slack: DM pointer not delivered'),
    );
  }
}

async function replaceAnswered(sender: SlackSender, context: ReplyContext, message: OutboundMessage) {
  const answered = context.answered;
  if (!answered) return;
  const content = renderInline(message);
  if (answered.ephemeral || !answered.ts) {
    // Ephemeral messages cannot be edited with chat.update; their response_url replaces them.
    if (context.responseUrl)
      await sender.respond(context.responseUrl, { replace_original: true, ...content });
    return;
  }
  await sender.update(answered.channel, answered.ts, content);
}

/** Sends one message; resolves true when it went to the DM instead of the channel. */
async function deliverOne(
  sender: SlackSender,
  context: ReplyContext,
  message: OutboundMessage,
): Promise<boolean> {
  const parts = renderMessage(message);
  if (context.address.scope === 'direct') {
    await postAll(sender, context.channel, parts, context.threadTs);
    return false;
  }
  const ephemeralSource = context.source === 'command' || context.source === 'ephemeral-action';
  const isPrivate = message.private === true || message.urgent === true;
  if (message.urgent || (isPrivate && (context.source === 'mention' || hasUploads(message)))) {
    try {
      await postAll(sender, await sender.openDm(context.user), parts);
    } catch {
      // The DM is closed to apps (or the post failed): show it to the person alone where they are.
      await ephemeralOrRespond(sender, context, inlinePost(message));
      return false;
    }
    // Crisis resources are also shown right where the person is, to them alone.
    if (message.urgent) await ephemeralOrRespond(sender, context, inlinePost(message)).catch(() => undefined);
    return !message.urgent;
  }
  if (isPrivate || ephemeralSource) {
    if (hasUploads(message)) {
      await postAll(sender, await sender.openDm(context.user), parts);
      return true;
    }
    for (const part of parts) if (part.kind === 'post') await ephemeralOrRespond(sender, context, part);
    return false;
  }
  await postAll(sender, context.channel, parts, context.threadTs);
  return false;
}

function inlinePost(message: OutboundMessage): Post {
  return { kind: 'post', ...renderInline(message) };
}

async function postAll(sender: SlackSender, channel: string, parts: SlackPart[], threadTs?: string) {
  for (const part of parts) await sender.post(channel, part, threadTs);
}

/**
 * chat.postEphemeral needs the bot in the channel; a slash command may come from one it is not in,
 * so fall back to the command's response_url, then to the DM.
 */
async function ephemeralOrRespond(sender: SlackSender, context: ReplyContext, part: Post): Promise<void> {
  try {
    await sender.ephemeral(context.channel, context.user, part, context.threadTs);
  } catch (error) {
    const failure = classify(error);
    const notMember =
      failure.kind === 'platform' &&
      ['not_in_channel', 'channel_not_found', 'is_archived'].includes(failure.error);
    if (!notMember) throw error;
    if (context.responseUrl) {
      await sender.respond(context.responseUrl, {
        response_type: 'ephemeral',
        replace_original: false,
        blocks: part.blocks,
        text: part.text,
      });
      return;
    }
    await sender.post(await sender.openDm(context.user), part);
  }
}
