import type { Activity, TurnContext } from 'botbuilder';
import type { ConversationAddress } from '../../src/core/address.ts';
import type { InboundTurn } from '../../src/core/inbound.ts';
import {
  type OutboundMessage,
  PRIVATE_FALLBACK_NOTICE,
  plainTextOf,
  type TurnReply,
  text,
} from '../../src/core/outbound.ts';
import type { Logger } from '../../src/core/ports.ts';
import { failureCode } from './deliver.ts';
import { parseTeamsAddress, type TeamsRef } from './ids.ts';
import {
  ADAPTIVE_CARD_TYPE,
  adaptiveCard,
  type RenderOptions,
  renderActivity,
  type TeamsActivity,
} from './render.ts';

/**
 * Answering one inbound activity with the core's TurnReply: the clicked card is replaced by its
 * answered form (updateActivity, or the invoke response for Action.Execute), public messages go
 * where the person wrote, and personal ones never stay in a channel. A short text-only answer to a
 * click on a channel card (a team pulse) goes back in the Action.Execute invoke response, which only
 * the clicker sees; anything else moves to the person's 1:1 chat, or, where that chat cannot be
 * opened, only a neutral notice is posted.
 */

/** Said in a channel after personal content moved to the 1:1 chat (reveals nothing personal). */
export const MOVED_TO_CHAT_TEXT = 'I’ve sent you a private message — let’s continue there.';

const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';
/** Invoke response body when there is no card to show (a stale or repeated click). */
const ACKNOWLEDGED = { statusCode: 200, type: MESSAGE_RESPONSE, value: 'OK' };
/** Longest text Teams shows comfortably in an invoke's message response. */
const INVOKE_MESSAGE_MAX = 1000;

export interface ReplyDeps {
  logger: Logger;
  /** How messages render where the activity happened. */
  render: RenderOptions;
  /** How messages render in the person's 1:1 chat (where files can be sent). */
  personalRender: RenderOptions;
  /** Sends activities to a stored conversation (existing or created on demand). */
  deliver(ref: TeamsRef, activities: TeamsActivity[]): Promise<unknown>;
}

const send = (context: TurnContext, activity: TeamsActivity) =>
  context.sendActivity(activity as Partial<Activity>);

/** The invoke response for an Action.Execute click: a card, a message only the clicker sees, or OK. */
export async function answerInvoke(
  context: TurnContext,
  answer: { card: OutboundMessage } | { message: string } | null,
  render: RenderOptions,
) {
  const body = !answer
    ? ACKNOWLEDGED
    : 'card' in answer
      ? { statusCode: 200, type: ADAPTIVE_CARD_TYPE, value: adaptiveCard(answer.card, render) }
      : { statusCode: 200, type: MESSAGE_RESPONSE, value: answer.message };
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } } as Partial<Activity>);
}

/** Moves personal messages to the 1:1 chat; resolves false when that chat cannot be reached. */
async function movePersonal(
  deps: ReplyDeps,
  direct: ConversationAddress | undefined,
  messages: OutboundMessage[],
  activityId: string,
): Promise<boolean> {
  if (!direct) return false;
  try {
    await deps.deliver(
      parseTeamsAddress(direct),
      messages.map((m) => renderActivity(m, deps.personalRender)),
    );
    return true;
  } catch (error) {
    // App not installed for the person (403), or Teams refused: the channel gets the notice only.
    deps.logger.info({ activity: activityId, code: failureCode(error) }, 'teams: 1:1 chat unreachable');
    return false;
  }
}

/** Plain text of private replies that can ride in an invoke response (no buttons, nothing urgent). */
function invokeText(messages: OutboundMessage[]): string | null {
  if (!messages.length || messages.some((m) => m.urgent || m.blocks.some((b) => b.type !== 'text')))
    return null;
  const plain = messages.map(plainTextOf).join('\n\n');
  return plain.length <= INVOKE_MESSAGE_MAX ? plain : null;
}

/** Sends the reply of one turn in the activity's own conversation (and the person's 1:1 chat). */
export async function answerTurn(
  deps: ReplyDeps,
  context: TurnContext,
  turn: InboundTurn,
  reply: TurnReply,
): Promise<void> {
  const activity = context.activity;
  const shared = turn.address.scope === 'channel';
  const invoke = activity.type === 'invoke';
  let personal = shared ? reply.messages.filter((m) => m.private) : [];
  const here = shared ? reply.messages.filter((m) => !m.private) : reply.messages;
  if (invoke) {
    // A card in a channel is seen by everyone: one person's answer is never written onto it.
    const privately = shared ? invokeText(personal) : null;
    if (privately !== null) personal = [];
    await answerInvoke(
      context,
      shared
        ? privately !== null
          ? { message: privately }
          : null
        : reply.updateAnswered
          ? { card: reply.updateAnswered }
          : null,
      deps.render,
    );
  } else if (!shared && reply.updateAnswered && activity.replyToId) {
    try {
      await context.updateActivity({
        ...renderActivity(reply.updateAnswered, deps.render),
        id: activity.replyToId,
      } as Partial<Activity>);
    } catch (error) {
      // The answer is saved either way; a card that cannot be updated only stays clickable (stale).
      deps.logger.warn({ activity: activity.id, code: failureCode(error) }, 'teams: card update failed');
    }
  }
  for (const message of here) await send(context, renderActivity(message, deps.render));
  if (!personal.length) return;
  const moved = await movePersonal(deps, turn.hints?.directAddress, personal, activity.id ?? '');
  // After a click the 1:1 chat's own notification is enough; a channel pointer would only show
  // everyone who answered. A typed request gets the pointer, so the person knows where to look.
  if (moved && turn.input.kind === 'choice') return;
  await send(
    context,
    renderActivity(text(moved ? MOVED_TO_CHAT_TEXT : PRIVATE_FALLBACK_NOTICE), deps.render),
  );
}
