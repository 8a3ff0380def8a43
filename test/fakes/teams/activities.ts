/**
 * Activities as Teams sends them to a bot's messaging endpoint (Bot Framework v3 wire format), for
 * the fake's people, personal chats, team channels and card actions.
 */

// biome-ignore lint/suspicious/noExplicitAny: activities are open wire JSON.
export type ActivityJson = Record<string, any>;

export const TENANT = '72f988bf-0000-4000-8000-000000000001';
export const BOT = { id: '28:checkin-bot-app-id', name: 'Checkin' };

export interface TeamsPerson {
  /** Teams user id (`29:…`). */
  id: string;
  aadObjectId: string;
  name: string;
}

let counter = 0;
export function nextId(prefix = 'in'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export function person(n: number): TeamsPerson {
  return {
    id: `29:user-${n}`,
    aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: `Person ${n}`,
  };
}

/** Where an activity happens: a personal chat or a team channel (with its team). */
export type Place =
  | { kind: 'personal'; conversationId: string }
  | { kind: 'channel'; conversationId: string; teamId: string; channelId: string };

export function personalPlace(p: TeamsPerson): Place {
  return { kind: 'personal', conversationId: `a:1chat-${p.aadObjectId}` };
}

export function channelPlace(teamId = '19:team-general@thread.tacv2'): Place {
  return { kind: 'channel', conversationId: teamId, teamId, channelId: teamId };
}

export function base(
  serviceUrl: string,
  p: TeamsPerson,
  place: Place,
  extra: ActivityJson = {},
): ActivityJson {
  const personal = place.kind === 'personal';
  return {
    id: nextId(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    from: { id: p.id, name: p.name, aadObjectId: p.aadObjectId },
    recipient: BOT,
    conversation: personal
      ? { id: place.conversationId, conversationType: 'personal', tenantId: TENANT }
      : { id: place.conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: personal
      ? { tenant: { id: TENANT } }
      : {
          tenant: { id: TENANT },
          team: { id: place.teamId, name: 'Team' },
          channel: { id: place.channelId, name: 'General' },
        },
    ...extra,
  };
}

export function message(serviceUrl: string, p: TeamsPerson, place: Place, text: string): ActivityJson {
  if (place.kind === 'personal')
    return base(serviceUrl, p, place, { type: 'message', text, textFormat: 'plain' });
  // In a channel the bot is only told about messages that @mention it; the mention is in the text.
  const mention = `<at>${BOT.name}</at>`;
  return base(serviceUrl, p, place, {
    type: 'message',
    text: `${mention} ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: mention, mentioned: { id: BOT.id, name: BOT.name } }],
  });
}

/** An Action.Submit click: a message with the action's data as `value`, replying to the card. */
export function submit(
  serviceUrl: string,
  p: TeamsPerson,
  place: Place,
  cardId: string,
  data: unknown,
): ActivityJson {
  return base(serviceUrl, p, place, { type: 'message', value: data, replyToId: cardId });
}

/** An Action.Execute click: an `adaptiveCard/action` invoke; the answer is the HTTP body. */
export function execute(
  serviceUrl: string,
  p: TeamsPerson,
  place: Place,
  cardId: string,
  verb: string,
  data: unknown,
): ActivityJson {
  return base(serviceUrl, p, place, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: cardId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
}

export function installation(
  serviceUrl: string,
  p: TeamsPerson,
  place: Place,
  action: 'add' | 'remove',
): ActivityJson {
  return base(serviceUrl, p, place, { type: 'installationUpdate', action });
}
