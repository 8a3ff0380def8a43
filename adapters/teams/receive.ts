import { decodeChoice } from '../../src/core/choice-token.ts';
import type { InboundEvent, InboundTurn, TurnInput } from '../../src/core/inbound.ts';
import {
  type ActivityLike,
  addressOf,
  eventIds,
  isPersonal,
  personalAddressFor,
  type StoredReference,
  scopes,
  teamOf,
  tenantOf,
  userOf,
} from './ids.ts';

/**
 * Activities → neutral inbound events. Pure: the caller passes the activity and its conversation
 * reference (TurnContext.getConversationReference), so no SDK type leaks past adapter.ts.
 */

/** The field our card buttons carry the choice token in (Action.Submit `data`, Action.Execute `data`). */
export const CHOICE_DATA_KEY = 'ck';

/** Invoke name of an Adaptive Card Universal Action (Action.Execute). */
export const EXECUTE_INVOKE = 'adaptiveCard/action';

/** The activity fields receive.ts reads beyond the identity ones. */
export interface MessageActivity extends ActivityLike {
  text?: string | undefined;
  value?: unknown;
  name?: string | undefined;
  action?: string | undefined;
  replyToId?: string | undefined;
  /** The client's IANA time zone (Teams sends it on messages), a default for onboarding. */
  localTimezone?: string | undefined;
  membersAdded?: Array<{ id?: string }> | undefined;
  membersRemoved?: Array<{ id?: string }> | undefined;
  entities?: Array<{ type?: string; mentioned?: { id?: string }; text?: string }> | undefined;
}

/** What the card action carried, if it was one of ours: the decoded choice, else null. */
function choiceFrom(data: unknown): TurnInput | null {
  const token = (data as Record<string, unknown> | null | undefined)?.[CHOICE_DATA_KEY];
  if (typeof token !== 'string') return null;
  const choice = decodeChoice(token);
  return choice ? { kind: 'choice', ...choice } : null;
}

const ENTITIES: Record<string, string> = {
  '&nbsp;': ' ',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * The words the person typed. In channels Teams puts the bot's mention (`<at>Checkin</at>`) into the
 * text and sends HTML entities; both are removed so "@Checkin checkin" reads as "checkin".
 */
export function typedText(activity: MessageActivity): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const entity of activity.entities ?? []) {
    if (entity.type === 'mention' && entity.mentioned?.id === botId && entity.text) {
      text = text.split(entity.text).join(' ');
    }
  }
  // Any other <at> tag left (a bot mention without an entity, e.g. from a client that sent none).
  text = text.replace(/<at>[^<]*<\/at>/g, ' ');
  text = text.replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
  return text.replace(/\s+/g, ' ').trim();
}

/** The input of a message or invoke activity, or null when it is nothing we answer. */
export function inputOf(activity: MessageActivity): TurnInput | null {
  if (activity.type === 'invoke') {
    if (activity.name !== EXECUTE_INVOKE) return null;
    const action = (activity.value as { action?: { data?: unknown } } | undefined)?.action;
    return choiceFrom(action?.data);
  }
  if (activity.type !== 'message') return null;
  // An Action.Submit click arrives as a message with `value` and (usually) no text.
  if (activity.value !== undefined && activity.value !== null) return choiceFrom(activity.value);
  const text = typedText(activity);
  return text ? { kind: 'text', text } : null;
}

/** A message or card action as the core's turn; null for anything else or without identity. */
export function turnOf(activity: MessageActivity, reference: StoredReference): InboundTurn | null {
  const input = inputOf(activity);
  const user = userOf(activity);
  if (!input || !user || !activity.id) return null;
  const turn: InboundTurn = {
    type: 'turn',
    user,
    address: addressOf(activity, reference),
    eventId: eventIds.activity(activity.id),
    input,
  };
  if (activity.locale) turn.locale = activity.locale;
  const hints: NonNullable<InboundTurn['hints']> = {};
  if (activity.localTimezone && /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(activity.localTimezone))
    hints.timeZone = activity.localTimezone;
  if (!isPersonal(activity)) {
    const direct = personalAddressFor(activity);
    if (direct) hints.directAddress = direct;
  }
  if (hints.timeZone || hints.directAddress) turn.hints = hints;
  return turn;
}

const isBot = (activity: MessageActivity, members: Array<{ id?: string }> | undefined) =>
  Boolean(members?.some((m) => m.id && m.id === activity.recipient?.id));

/**
 * installationUpdate (add / remove; Teams sends it for personal, team and group-chat installs) and,
 * outside Teams, conversationUpdate (the bot added or removed) → lifecycle events. A personal uninstall names the person; a team's or group chat's
 * removal names the team or chat, under which the adapter indexed the people seen there.
 */
export function lifecycleOf(activity: MessageActivity, reference: StoredReference): InboundEvent | null {
  const tenant = tenantOf(activity);
  if (!tenant || !activity.id) return null;
  let change: 'add' | 'remove' | null = null;
  if (activity.type === 'installationUpdate') {
    change = activity.action?.startsWith('remove')
      ? 'remove'
      : activity.action?.startsWith('add')
        ? 'add'
        : null;
  } else if (activity.type === 'conversationUpdate' && activity.channelId !== 'msteams') {
    // Teams sends installationUpdate alongside; only other channels (the Emulator) need this.
    change = isBot(activity, activity.membersAdded)
      ? 'add'
      : isBot(activity, activity.membersRemoved)
        ? 'remove'
        : null;
  }
  if (!change) return null;
  const personal = isPersonal(activity);
  const team = teamOf(activity);
  const scope = personal
    ? scopes.tenant(tenant)
    : team
      ? scopes.team(team)
      : scopes.chat(reference.conversation.id);
  const user = personal ? userOf(activity) : null;
  return {
    type: 'lifecycle',
    eventId: eventIds.activity(activity.id),
    event: change === 'add' ? 'installed' : personal ? 'uninstalled' : 'removed',
    scope,
    ...(user ? { user } : {}),
    ...(change === 'add' ? { address: addressOf(activity, reference) } : {}),
  };
}

/** The installation scope a channel turn's person should be indexed under (team or group chat). */
export function memberScopeOf(activity: MessageActivity, reference: StoredReference): string | null {
  if (isPersonal(activity)) return null;
  const team = teamOf(activity);
  return team ? scopes.team(team) : scopes.chat(reference.conversation.id);
}
