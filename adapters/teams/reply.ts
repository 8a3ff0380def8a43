import type { Activity, TurnContext } from 'botbuilder';
import type { ConversationAddress } from '../../src/core/address.ts';
import type { InboundTurn } from '../../src/core/inbound.ts';
import {
  type OutboundMessage,
  PRIVATE_FALLBACK_NOTICE,
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
 * where the person wrote, and personal ones never stay in a channel: they move to the person's 1:1
 * chat, or, where that chat cannot be opened, only a neutral notice is posted.
 */

/** Said in a channel after personal content moved to the 1:1 chat (reveals nothing personal). */
export const MOVED_TO_CHAT_TEXT = 'I’ve sent you a private message — let’s continue there.';

/** Invoke response body when there is no card to show (a stale or repeated click). */
const ACKNOWLEDGED = { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'OK' };

export interface ReplyDeps {
  logger: Logger;
  render: RenderOptions;
  /** Sends activities to a stored conversation (existing or created on demand). */
  deliver(ref: TeamsRef, activities: TeamsActivity[]): Promise<unknown>;
}

const send = (context: TurnContext, activity: TeamsActivity) =>
  context.sendActivity(activity as Partial<Activity>);

/** The invoke response for an Action.Execute click: the answered card, or a plain acknowledgement. */
export async function answerInvoke(
  context: TurnContext,
  update: OutboundMessage | undefined,
  render: RenderOptions,
) {
  const body = update
    ? { statusCode: 200, type: ADAPTIVE_CARD_TYPE, value: adaptiveCard(update, render) }
    : ACKNOWLEDGED;
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
      messages.map((m) => renderActivity(m, deps.render)),
    );
    return true;
  } catch (error) {
    // App not installed for the person (403), or Teams refused: the channel gets the notice only.
    deps.logger.info({ activity: activityId, code: failureCode(error) }, 'teams: 1:1 chat unreachable');
    return false;
  }
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
  // A card in a channel is seen by everyone: showing one person's answer on it would publish it.
  const update = shared ? undefined : reply.updateAnswered;
  if (activity.type === 'invoke') await answerInvoke(context, update, deps.render);
  else if (update && activity.replyToId) {
    try {
      await context.updateActivity({
        ...renderActivity(update, deps.render),
        id: activity.replyToId,
      } as Partial<Activity>);
    } catch (error) {
      // The answer is saved either way; a card that cannot be updated only stays clickable (stale).
      deps.logger.warn({ activity: activity.id, code: failureCode(error) }, 'teams: card update failed');
    }
  }
  const personal = shared ? reply.messages.filter((m) => m.private) : [];
  const here = shared ? reply.messages.filter((m) => !m.private) : reply.messages;
  for (const message of here) await send(context, renderActivity(message, deps.render));
  if (!personal.length) return;
  const moved = await movePersonal(deps, turn.hints?.directAddress, personal, activity.id ?? '');
  await send(
    context,
    renderActivity(text(moved ? MOVED_TO_CHAT_TEXT : PRIVATE_FALLBACK_NOTICE), deps.render),
  );
}
