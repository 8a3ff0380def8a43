/**
 * Slack payloads as the platform sends them (Events API envelopes, block_actions, slash commands),
 * trimmed to the documented fields the adapter reads. Shared by the HTTP and Socket Mode tests.
 */
export const TEAM = 'T1';

let counter = 0;
const next = () => ++counter;

/** A message timestamp like Slack's (`seconds.micro`), unique per call. */
export function ts(): string {
  return `1700001${String(next()).padStart(3, '0')}.000${String(next()).padStart(3, '0')}`;
}

export function eventEnvelope(
  event: Record<string, unknown>,
  eventId = `Ev${next()}`,
): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM,
    api_app_id: 'A1',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: 1_700_000_000,
    authorizations: [{ team_id: TEAM, user_id: 'UBOT', is_bot: true }],
  };
}

export function dmMessage(user: string, text: string, messageTs = ts()): Record<string, unknown> {
  return {
    type: 'message',
    channel: `D${user}`,
    channel_type: 'im',
    user,
    text,
    ts: messageTs,
    team: TEAM,
    event_ts: messageTs,
  };
}

export function mention(
  user: string,
  channel: string,
  text: string,
  messageTs = ts(),
): Record<string, unknown> {
  return { type: 'app_mention', channel, user, text, ts: messageTs, team: TEAM, event_ts: messageTs };
}

/** A click on one of our buttons, read from a recorded chat.postMessage's blocks. */
export function blockActions(options: {
  user: string;
  channel: string;
  messageTs: string;
  actionId: string;
  value: string;
  responseUrl: string;
  ephemeral?: boolean;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: TEAM, domain: 'test' },
    user: { id: options.user, team_id: TEAM, username: options.user },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: `trig.${next()}`,
    container: {
      type: 'message',
      message_ts: options.messageTs,
      channel_id: options.channel,
      is_ephemeral: options.ephemeral ?? false,
    },
    channel: { id: options.channel, name: 'directmessage' },
    message: options.ephemeral
      ? undefined
      : { type: 'message', ts: options.messageTs, user: 'UBOT', text: '' },
    response_url: options.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: options.actionId,
        block_id: 'b',
        value: options.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

export function slashCommand(options: {
  user: string;
  channel: string;
  text: string;
  responseUrl: string;
  command?: string;
}): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM,
    team_domain: 'test',
    channel_id: options.channel,
    channel_name: options.channel.startsWith('D') ? 'directmessage' : 'general',
    user_id: options.user,
    user_name: options.user,
    command: options.command ?? '/checkin',
    text: options.text,
    api_app_id: 'A1',
    response_url: options.responseUrl,
    trigger_id: `trig.${next()}`,
  };
}

/** The buttons of a recorded post: action id, value and label of each. */
export function buttonsOf(blocks: unknown): Array<{ actionId: string; value: string; label: string }> {
  const out: Array<{ actionId: string; value: string; label: string }> = [];
  for (const block of (blocks as Array<Record<string, unknown>>) ?? []) {
    if (block.type !== 'actions') continue;
    for (const el of block.elements as Array<Record<string, unknown>>) {
      out.push({
        actionId: String(el.action_id),
        value: String(el.value),
        label: String((el.text as { text: string }).text),
      });
    }
  }
  return out;
}
