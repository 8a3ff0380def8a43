import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  DiscordAPIError,
  type InteractionEditReplyOptions,
  MessageFlags,
  type RepliableInteraction,
} from 'discord.js';
import type { OutboundMessage, TurnReply } from '../../src/core/outbound.ts';
import type { Logger } from '../../src/core/ports.ts';
import { dmAddress } from './ids.ts';
import { type DiscordPayload, renderMessage } from './render.ts';
import { messageOptions, replyOptions, sendMessage, updateOptions } from './send.ts';

/**
 * Answering an interaction within Discord's 3-second deadline. The turn runs at once; if it has not
 * finished after `deferAfterMs`, the interaction is deferred (type 5 for commands, 6 for clicks) and
 * the answer follows through the interaction webhook (edit @original + follow-ups).
 */

export interface ReplyContext {
  client: Client;
  logger: Logger;
  /** Defer when the turn has not finished after this long, in ms (Discord allows 3,000 in all). */
  deferAfterMs: number;
  /** In servers, send private messages that carry buttons (a flow) to the person's DM instead. */
  personalFlowsInDm: boolean;
}

/** Said ephemerally in a server when a personal flow moves to DMs. */
export const MOVED_TO_DM_TEXT = "I've sent you a direct message, so we can continue privately.";
const FAILED_TEXT = 'Sorry, something went wrong on my side. Please try again in a moment.';

type Outcome = { ok: true; reply: TurnReply } | { ok: false; error: unknown };
type Deferred = { ephemeral: boolean } | null;

const settle = (work: Promise<TurnReply>): Promise<Outcome> =>
  work.then(
    (reply) => ({ ok: true as const, reply }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** Resolves to the outcome if it arrives within `ms`, else null (time to defer). */
async function within(outcome: Promise<Outcome>, ms: number): Promise<Outcome | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([outcome, late]);
  } finally {
    clearTimeout(timer);
  }
}

function codeOf(error: unknown): string {
  if (error instanceof DiscordAPIError) return `discord_${String(error.code)}`;
  return (error as { code?: string }).code ?? (error as Error).name ?? 'unknown';
}

/** Another delivery of the same interaction (another process, a replay) already answered it. */
function alreadyAnswered(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === 40060 || error.code === 10062);
}

const hasButtons = (m: OutboundMessage) => m.blocks.some((b) => b.type === 'choices' || b.type === 'scale');

/**
 * In a server, a private flow step would live in an ephemeral message, which vanishes when the
 * client reloads; DMs keep it. When a reply carries such a step, all its private messages move to
 * the person's DM, in order, leaving an ephemeral pointer. Urgent messages stay where the person is.
 */
async function routePersonal(ctx: ReplyContext, i: RepliableInteraction, messages: OutboundMessage[]) {
  if (!i.inGuild() || !ctx.personalFlowsInDm) return messages;
  const movable = (m: OutboundMessage) => m.private === true && !m.urgent;
  if (!messages.some((m) => movable(m) && hasButtons(m))) return messages;
  const kept: OutboundMessage[] = [];
  let moved = 0;
  let refused = false;
  for (const message of messages) {
    if (!movable(message) || refused) {
      kept.push(message);
      continue;
    }
    try {
      await sendMessage(ctx.client, dmAddress(i.user.id), message);
      moved += 1;
    } catch (error) {
      // DMs closed (or the DM failed): the rest stays here, ephemerally; the flow still works.
      ctx.logger.info(
        { interaction: i.id, code: codeOf(error) },
        'discord: DM refused, replying ephemerally',
      );
      refused = true;
      kept.push(message);
    }
  }
  if (moved) kept.unshift({ blocks: [{ type: 'text', text: MOVED_TO_DM_TEXT }], private: true });
  return kept;
}

function payloadsOf(i: RepliableInteraction, messages: OutboundMessage[]): DiscordPayload[] {
  return messages.flatMap((m) => renderMessage(m, { ephemeral: i.inGuild() && m.private === true }));
}

async function followUps(i: RepliableInteraction, payloads: DiscordPayload[]): Promise<void> {
  for (const p of payloads) await i.followUp(replyOptions(p));
}

async function apologise(ctx: ReplyContext, i: RepliableInteraction, deferred: Deferred, error: unknown) {
  ctx.logger.error({ interaction: i.id, code: codeOf(error) }, 'discord: turn failed');
  const payload = { content: FAILED_TEXT, flags: MessageFlags.Ephemeral } as const;
  if (deferred) await i.followUp(payload);
  else await i.reply(payload);
}

/** Runs the deferral race; resolves to the outcome and how (or whether) the interaction was deferred. */
async function acknowledge(
  ctx: ReplyContext,
  i: RepliableInteraction,
  work: Promise<TurnReply>,
  defer: () => Promise<Deferred>,
  deferNow: boolean,
): Promise<{ outcome: Outcome; deferred: Deferred } | null> {
  const outcome = settle(work);
  const early = deferNow ? null : await within(outcome, ctx.deferAfterMs);
  if (early) return { outcome: early, deferred: null };
  let deferred: Deferred;
  try {
    deferred = await defer();
  } catch (error) {
    await outcome;
    if (alreadyAnswered(error)) {
      ctx.logger.info({ interaction: i.id }, 'discord: interaction already answered elsewhere');
      return null;
    }
    throw error;
  }
  return { outcome: await outcome, deferred };
}

/**
 * Answers a slash command with the turn's reply. An empty reply means the core had nothing to say
 * (a duplicate delivery it dropped): the interaction is left to the delivery that answered it.
 */
export async function answerCommand(
  ctx: ReplyContext,
  i: ChatInputCommandInteraction,
  work: Promise<TurnReply>,
  options: { deferNow: boolean; deferEphemeral: boolean },
): Promise<void> {
  const ephemeral = i.inGuild() && options.deferEphemeral;
  const acked = await acknowledge(
    ctx,
    i,
    work,
    async () => {
      await i.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
      return { ephemeral };
    },
    options.deferNow,
  );
  if (!acked) return;
  const { outcome, deferred } = acked;
  try {
    if (!outcome.ok) return await apologise(ctx, i, deferred, outcome.error);
    const payloads = payloadsOf(i, await routePersonal(ctx, i, outcome.reply.messages));
    const [first, ...rest] = payloads;
    if (!deferred) {
      if (!first) return;
      await i.reply(replyOptions(first));
      return await followUps(i, rest);
    }
    if (first && first.ephemeral === deferred.ephemeral) {
      await i.editReply(updateOptions(first) as InteractionEditReplyOptions);
      return await followUps(i, rest);
    }
    // The "thinking…" message has the wrong visibility (or nothing to say): replace it.
    await i.deleteReply();
    await followUps(i, payloads);
  } catch (error) {
    ctx.logger.warn({ interaction: i.id, code: codeOf(error) }, 'discord: reply failed');
  }
}

/**
 * Answers a button click: the clicked message is updated to show the answer with its buttons
 * removed (type 7, or an edit of @original after a deferral), then any new messages follow.
 */
export async function answerClick(
  ctx: ReplyContext,
  i: ButtonInteraction,
  work: Promise<TurnReply>,
): Promise<void> {
  const acked = await acknowledge(
    ctx,
    i,
    work,
    async () => {
      await i.deferUpdate();
      return { ephemeral: false };
    },
    false,
  );
  if (!acked) return;
  const { outcome, deferred } = acked;
  try {
    if (!outcome.ok) return await apologise(ctx, i, deferred, outcome.error);
    const reply = outcome.reply;
    const update = reply.updateAnswered ? renderMessage(reply.updateAnswered, { ephemeral: false }) : [];
    const messages = payloadsOf(i, await routePersonal(ctx, i, reply.messages));
    const [head, ...tail] = update;
    if (deferred) {
      if (head) await i.editReply(updateOptions(head) as InteractionEditReplyOptions);
      return await followUps(i, [...tail, ...messages]);
    }
    if (head) {
      await i.update(updateOptions(head));
      return await followUps(i, [...tail, ...messages]);
    }
    const [first, ...rest] = messages;
    if (!first) return;
    await i.reply(replyOptions(first));
    await followUps(i, rest);
  } catch (error) {
    ctx.logger.warn({ interaction: i.id, code: codeOf(error) }, 'discord: click reply failed');
  }
}

/** Replies in a DM channel to a message the person wrote. */
export async function answerDm(
  channel: { send(o: ReturnType<typeof messageOptions>): Promise<unknown> },
  reply: TurnReply,
): Promise<void> {
  for (const message of reply.messages) {
    for (const payload of renderMessage(message, { ephemeral: false }))
      await channel.send(messageOptions(payload));
  }
}
