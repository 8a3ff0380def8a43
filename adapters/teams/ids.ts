import { z } from 'zod';
import type { ConversationAddress } from '../../src/core/address.ts';
import { CheckinError, ErrorCode } from '../../src/core/errors.ts';
import type { Json } from '../../src/core/json.ts';
import { type UserKey, userKey } from '../../src/core/user-key.ts';

/**
 * Teams ids ↔ our neutral identities. Pure functions over activity-shaped data (no botbuilder
 * import), so the mapping is tested alone and survives a move to the SDK's successor unchanged.
 */

/** The slice of a Bot Framework ConversationReference we store; the SDK's own type fits into it. */
export const conversationReferenceSchema = z.object({
  channelId: z.string().min(1),
  serviceUrl: z.url(),
  bot: z.object({ id: z.string().min(1), name: z.string().optional() }),
  conversation: z.object({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  user: z.object({ id: z.string().min(1), aadObjectId: z.string().optional() }).optional(),
  locale: z.string().optional(),
});
/** A conversation reference as stored in an address (JSON only). */
export type StoredReference = z.infer<typeof conversationReferenceSchema>;

/**
 * What a Teams address keeps in `ref`. `reference`: an existing conversation (a personal chat, a
 * channel, a group chat) as TurnContext.getConversationReference gave it. `personal`: the person's
 * 1:1 chat with the bot, not yet known by id, created on demand (POST /v3/conversations) — made from
 * a channel turn so personal content can move out of the channel.
 */
export const teamsRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reference'), reference: conversationReferenceSchema }),
  z.object({
    kind: z.literal('personal'),
    channelId: z.string().min(1),
    serviceUrl: z.url(),
    tenantId: z.string().min(1),
    /** The person's Teams user id (`29:…`), which conversation creation needs. */
    userId: z.string().min(1),
    botId: z.string().min(1),
  }),
]);
/** A Teams address's `ref`. */
export type TeamsRef = z.infer<typeof teamsRefSchema>;

/** The activity fields the mapping reads (a structural subset of botbuilder's Activity). */
export interface ActivityLike {
  id?: string | undefined;
  type?: string | undefined;
  channelId?: string | undefined;
  serviceUrl?: string | undefined;
  locale?: string | undefined;
  from?: { id?: string; aadObjectId?: string; name?: string } | undefined;
  recipient?: { id?: string; name?: string } | undefined;
  conversation?: { id?: string; conversationType?: string; tenantId?: string; isGroup?: boolean } | undefined;
  channelData?: unknown;
}

/** Teams' tenant id: `channelData.tenant.id`, else `conversation.tenantId`; `emulator` in the Emulator. */
export function tenantOf(activity: ActivityLike): string | null {
  const data = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromData = typeof data?.tenant?.id === 'string' ? data.tenant.id : undefined;
  const tenant = fromData ?? activity.conversation?.tenantId;
  if (tenant) return tenant;
  return activity.channelId === 'emulator' ? 'emulator' : null;
}

/** The team a channel conversation belongs to (`channelData.team.id`), if any. */
export function teamOf(activity: ActivityLike): string | null {
  const data = activity.channelData as { team?: { id?: unknown } } | undefined;
  return typeof data?.team?.id === 'string' ? data.team.id : null;
}

const SAFE = /[^A-Za-z0-9._@-]/g;

/** `teams:<tenant>:<aad object id>`; in the Emulator (no AAD) the Bot Framework user id stands in. */
export function teamsUserKey(tenant: string, aadObjectId: string): UserKey {
  return userKey({
    platform: 'teams',
    tenant: tenant.replace(SAFE, '-'),
    user: aadObjectId.replace(SAFE, '-'),
  });
}

/** The person who sent an activity, or null when Teams gave no identity to key them by. */
export function userOf(activity: ActivityLike): UserKey | null {
  const tenant = tenantOf(activity);
  const aad =
    activity.from?.aadObjectId ?? (activity.channelId === 'emulator' ? activity.from?.id : undefined);
  if (!tenant || !aad) return null;
  return teamsUserKey(tenant, aad);
}

/** A personal (1:1) chat: only this person and the bot read it. */
export function isPersonal(activity: ActivityLike): boolean {
  const type = activity.conversation?.conversationType;
  if (type) return type === 'personal';
  return activity.conversation?.isGroup !== true;
}

/** Stable id of a person's 1:1 chat with the bot, whichever way it is reached. */
export function personalAddressId(tenant: string, aadObjectId: string): string {
  return `teams:dm:${tenant}:${aadObjectId}`;
}

/** Strips the reply-thread suffix (`;messageid=…`) so a channel keeps one id across threads. */
function channelKey(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

/** The address a turn arrived on: the personal chat, or the channel / group chat (scope `channel`). */
export function addressOf(activity: ActivityLike, reference: StoredReference): ConversationAddress {
  const tenant = tenantOf(activity) ?? 'unknown';
  if (isPersonal(activity)) {
    const ref: TeamsRef = { kind: 'reference', reference: stripReference(reference) };
    const aad = activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown';
    return { platform: 'teams', id: personalAddressId(tenant, aad), scope: 'direct', ref: ref as Json };
  }
  // Stored for later posts (team prompts): to the channel itself, not the thread this turn came in.
  const root = channelKey(reference.conversation.id);
  const rooted: TeamsRef = {
    kind: 'reference',
    reference: stripReference({ ...reference, conversation: { ...reference.conversation, id: root } }),
  };
  const id = `teams:${tenant}:${root}`;
  return { platform: 'teams', id: id.slice(0, 512), scope: 'channel', ref: rooted as Json };
}

/** The person's 1:1 chat, to be created on demand, from a channel or group-chat activity. */
export function personalAddressFor(activity: ActivityLike): ConversationAddress | null {
  const tenant = tenantOf(activity);
  const userId = activity.from?.id;
  const aad = activity.from?.aadObjectId;
  const botId = activity.recipient?.id;
  if (!tenant || !userId || !aad || !botId || !activity.serviceUrl || !activity.channelId) return null;
  const ref: TeamsRef = {
    kind: 'personal',
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    tenantId: tenant,
    userId,
    botId,
  };
  return { platform: 'teams', id: personalAddressId(tenant, aad), scope: 'direct', ref: ref as Json };
}

/** Keeps only the documented reference fields (no activity id, no names beyond the bot's). */
export function stripReference(reference: StoredReference): StoredReference {
  const out: StoredReference = {
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
    bot: { id: reference.bot.id, ...(reference.bot.name ? { name: reference.bot.name } : {}) },
    conversation: {
      id: reference.conversation.id,
      ...(reference.conversation.conversationType
        ? { conversationType: reference.conversation.conversationType }
        : {}),
      ...(reference.conversation.tenantId ? { tenantId: reference.conversation.tenantId } : {}),
      ...(reference.conversation.isGroup !== undefined ? { isGroup: reference.conversation.isGroup } : {}),
    },
  };
  if (reference.user)
    out.user = {
      id: reference.user.id,
      ...(reference.user.aadObjectId ? { aadObjectId: reference.user.aadObjectId } : {}),
    };
  if (reference.locale) out.locale = reference.locale;
  return out;
}

/** Reads a stored address back; a clear error names what is wrong instead of sending astray. */
export function parseTeamsAddress(address: ConversationAddress): TeamsRef {
  if (address.platform !== 'teams') {
    throw new CheckinError(
      ErrorCode.InvalidAddress,
      `Address ${address.id} belongs to ${address.platform}, not teams.`,
    );
  }
  const parsed = teamsRefSchema.safeParse(address.ref);
  if (!parsed.success) {
    throw new CheckinError(
      ErrorCode.InvalidAddress,
      `Address ${address.id} has no valid Teams ref: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/** A SentRef's Teams content: the conversation and the activity to update later. */
export const sentRefSchema = z.object({
  reference: conversationReferenceSchema,
  activityId: z.string().min(1),
});
/** A message the adapter sent, for `update`. */
export type TeamsSentRef = z.infer<typeof sentRefSchema>;

/** De-duplication ids, namespaced so they never collide with other platforms. */
export const eventIds = {
  activity: (id: string) => `teams:act:${id}`,
};

/** Installation scopes the core indexes people under, so a removal finds them. */
export const scopes = {
  tenant: (tenant: string) => `teams:${tenant}`,
  team: (teamId: string) => `teams-team:${teamId}`,
  chat: (conversationId: string) => `teams-chat:${channelKey(conversationId)}`,
};
