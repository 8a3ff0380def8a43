/**
 * Complete Discord API objects (API v10) for the fake: what the gateway dispatches and what REST
 * returns. discord.js builds its structures from these, so they carry every field it reads.
 */

/** JSON as it crosses the wire; the tests that read it check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: arbitrary wire JSON sent by discord.js
export type Wire = any;

const DISCORD_EPOCH = 1_420_070_400_000n;
let counter = 0n;

/** A fresh snowflake; `timestampMs` chooses its time part (which decides a guild's shard). */
export function snowflake(timestampMs: bigint = BigInt(Date.now())): string {
  counter = (counter + 1n) % 4096n;
  return (((timestampMs - DISCORD_EPOCH) << 22n) | counter).toString();
}

/** A guild id whose events Discord routes to `shard` of `count`: `(id >> 22) % count === shard`. */
export function guildIdOnShard(shard: number, count: number): string {
  let ts = BigInt(Date.now()) - DISCORD_EPOCH;
  ts = ts - (ts % BigInt(count)) + BigInt(shard);
  return snowflake(ts + DISCORD_EPOCH);
}

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

export function user(id: string, username = `user${id.slice(-4)}`, bot = false): FakeUser {
  return {
    id,
    username,
    global_name: username,
    discriminator: '0',
    avatar: null,
    ...(bot ? { bot: true } : {}),
  };
}

export function member(u: FakeUser) {
  return {
    user: u,
    roles: [],
    joined_at: new Date().toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    permissions: '2147483647',
    nick: null,
    avatar: null,
    premium_since: null,
  };
}

export function guildChannel(id: string, guildId: string, name = 'general') {
  return {
    id,
    type: 0,
    guild_id: guildId,
    name,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
  };
}

export function dmChannel(id: string, recipient: FakeUser) {
  return { id, type: 1, recipients: [recipient], last_message_id: null, flags: 0 };
}

/** GUILD_CREATE payload (also the REST guild): one text channel. */
export function guild(id: string, channelId: string, joinedAt = new Date().toISOString()) {
  return {
    id,
    name: `Server ${id.slice(-4)}`,
    icon: null,
    owner_id: '1',
    unavailable: false,
    joined_at: joinedAt,
    large: false,
    member_count: 2,
    features: [],
    roles: [],
    emojis: [],
    stickers: [],
    members: [],
    channels: [guildChannel(channelId, id)],
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    preferred_locale: 'en-US',
    premium_tier: 0,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    system_channel_id: channelId,
    system_channel_flags: 0,
    afk_channel_id: null,
    afk_timeout: 300,
  };
}

export interface MessageFields {
  id?: string;
  channelId: string;
  author: FakeUser;
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  attachments?: unknown[];
  flags?: number;
  guildId?: string;
  webhookId?: string;
  applicationId?: string;
}

/** A complete message object, as REST returns and MESSAGE_CREATE dispatches. */
export function message(f: MessageFields) {
  return {
    id: f.id ?? snowflake(),
    channel_id: f.channelId,
    ...(f.guildId ? { guild_id: f.guildId } : {}),
    author: f.author,
    content: f.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    mention_channels: [],
    attachments: f.attachments ?? [],
    embeds: f.embeds ?? [],
    components: f.components ?? [],
    reactions: [],
    pinned: false,
    type: 0,
    flags: f.flags ?? 0,
    ...(f.webhookId ? { webhook_id: f.webhookId } : {}),
    ...(f.applicationId ? { application_id: f.applicationId } : {}),
  };
}

/** Where an interaction happens: a server channel (with member) or the bot's DM with the user. */
export type InteractionPlace = { guildId: string; channelId: string } | { dmChannelId: string };

interface InteractionBase {
  applicationId: string;
  user: FakeUser;
  place: InteractionPlace;
  id?: string;
  token?: string;
  locale?: string;
}

function base(b: InteractionBase, type: number) {
  const where =
    'guildId' in b.place
      ? {
          guild_id: b.place.guildId,
          guild_locale: 'en-US',
          channel_id: b.place.channelId,
          channel: guildChannel(b.place.channelId, b.place.guildId),
          member: member(b.user),
          context: 0,
        }
      : {
          channel_id: b.place.dmChannelId,
          channel: dmChannel(b.place.dmChannelId, b.user),
          user: b.user,
          context: 1,
        };
  return {
    id: b.id ?? snowflake(),
    application_id: b.applicationId,
    type,
    token: b.token ?? `tok-${snowflake()}`,
    version: 1,
    locale: b.locale ?? 'en-US',
    app_permissions: '2147483647',
    entitlements: [],
    authorizing_integration_owners: { '0': 'guildId' in b.place ? b.place.guildId : '0' },
    attachment_size_limit: 10_485_760,
    ...where,
  };
}

export interface CommandOptionValue {
  name: string;
  value: string;
  focused?: boolean;
}

/** INTERACTION_CREATE for a slash command (type 2). */
export function commandInteraction(b: InteractionBase & { name: string; options?: CommandOptionValue[] }) {
  return {
    ...base(b, 2),
    data: {
      id: snowflake(),
      name: b.name,
      type: 1,
      options: (b.options ?? []).map((o) => ({ name: o.name, type: 3, value: o.value })),
    },
  };
}

/** INTERACTION_CREATE for autocomplete (type 4): one focused option. */
export function autocompleteInteraction(
  b: InteractionBase & { name: string; options: CommandOptionValue[] },
) {
  return {
    ...base(b, 4),
    data: {
      id: snowflake(),
      name: b.name,
      type: 1,
      options: b.options.map((o) => ({
        name: o.name,
        type: 3,
        value: o.value,
        ...(o.focused ? { focused: true } : {}),
      })),
    },
  };
}

/** INTERACTION_CREATE for a button click (type 3) on `clicked`, a message the bot sent. */
export function buttonInteraction(
  b: InteractionBase & { customId: string; clicked: ReturnType<typeof message> },
) {
  return {
    ...base(b, 3),
    data: { custom_id: b.customId, component_type: 2 },
    message: b.clicked,
  };
}
