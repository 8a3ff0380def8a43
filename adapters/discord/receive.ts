import {
  type AutocompleteInteraction,
  ChannelType,
  type Client,
  Events,
  type Guild,
  type Interaction,
  type Message,
  PermissionFlagsBits,
} from 'discord.js';
import { decodeChoice } from '../../src/core/choice-token.ts';
import { findCommand } from '../../src/core/commands.ts';
import type { InboundTurn, LifecycleEvent, TurnInput } from '../../src/core/inbound.ts';
import type { TurnSink } from '../../src/core/ports.ts';
import type { UserKey } from '../../src/core/user-key.ts';
import { argsTextOf, SUMMARY_URL_OPTION } from './commands.ts';
import { channelAddress, discordUserKey, dmAddress, eventIds, guildScope } from './ids.ts';
import { answerClick, answerCommand, answerDm, type ReplyContext } from './reply.ts';

/**
 * Gateway events → neutral inbound events. Interactions (slash commands, button clicks,
 * autocomplete) come from servers and DMs; plain messages only from DMs (no privileged intent);
 * a server removal becomes a lifecycle event.
 */

/** One autocomplete suggestion: `name` shown (≤ 100 characters), `value` sent back (≤ 100). */
export interface AutocompleteChoice {
  name: string;
  value: string;
}

export interface ReceiveContext extends ReplyContext {
  sink: TurnSink;
  /** Suggestions for `/summary topic:` as the person types; empty when not given. */
  autocomplete?: ((query: string) => AutocompleteChoice[] | Promise<AutocompleteChoice[]>) | undefined;
  /** Records that a person was seen in a server, so removing that server finds them. */
  indexMember?: ((scope: string, user: UserKey) => Promise<void>) | undefined;
  /** False while stopping: new events are left for another process or a later RESUME. */
  accepting(): boolean;
  /** Keeps a handler's promise so `stop()` can wait for turns in flight. */
  track(work: Promise<unknown>): void;
}

// Answers that are not personal: a deferral for them is public in a server.
const PUBLIC_COMMANDS = new Set(['summary', 'learn', 'help']);
const AUTOCOMPLETE_MAX = 25;
const CHOICE_TEXT_MAX = 100;

/** The neutral turn for an interaction or DM; `guildId` null in DMs. */
export function turnFor(o: {
  id: string;
  userId: string;
  guildId: string | null;
  channelId: string;
  locale?: string | undefined;
  input: TurnInput;
  message?: boolean;
  /** The member has Manage Server (from the interaction's own permissions): may manage team pulses. */
  isAdmin?: boolean;
}): InboundTurn {
  const turn: InboundTurn = {
    type: 'turn',
    user: discordUserKey(o.userId),
    address: o.guildId ? channelAddress(o.guildId, o.channelId) : dmAddress(o.userId, o.channelId),
    eventId: o.message ? eventIds.message(o.id) : eventIds.interaction(o.id),
    input: o.input,
  };
  if (o.locale) turn.locale = o.locale;
  // Discord can always open a DM with someone who used the bot, so the core may go private.
  if (o.guildId) turn.hints = { directAddress: dmAddress(o.userId), ...(o.isAdmin ? { isAdmin: true } : {}) };
  return turn;
}

/** Lifecycle event for the bot's removal from a server (not a server outage). */
export function removedEvent(guildId: string, joinedAtMs: number): LifecycleEvent {
  return {
    type: 'lifecycle',
    eventId: eventIds.guildRemoved(guildId, joinedAtMs),
    event: 'removed',
    scope: guildScope(guildId),
  };
}

function clipChoice(c: AutocompleteChoice): AutocompleteChoice {
  const clip = (s: string) => (s.length > CHOICE_TEXT_MAX ? `${s.slice(0, CHOICE_TEXT_MAX - 1)}…` : s);
  return { name: clip(c.name), value: c.value.slice(0, CHOICE_TEXT_MAX) };
}

async function onAutocomplete(ctx: ReceiveContext, i: AutocompleteInteraction): Promise<void> {
  const query = String(i.options.getFocused() ?? '');
  let choices: AutocompleteChoice[] = [];
  try {
    choices = ctx.autocomplete ? await ctx.autocomplete(query) : [];
  } catch (error) {
    ctx.logger.warn({ interaction: i.id, code: (error as Error).name }, 'discord: autocomplete failed');
  }
  await i.respond(choices.slice(0, AUTOCOMPLETE_MAX).map(clipChoice));
}

// A bounded memo, so a busy server does not write the same index entry on every click. Entries
// expire, so a person who used `forget` and came back is indexed again within the hour.
const INDEX_MEMO_MAX = 10_000;
const INDEX_MEMO_TTL_MS = 3_600_000;

function noteMember(ctx: ReceiveContext, memo: Map<string, number>, guildId: string, userId: string): void {
  if (!ctx.indexMember) return;
  const key = `${guildId}:${userId}`;
  const now = Date.now();
  if ((memo.get(key) ?? 0) > now) return;
  if (memo.size >= INDEX_MEMO_MAX) memo.clear();
  memo.set(key, now + INDEX_MEMO_TTL_MS);
  ctx.indexMember(guildScope(guildId), discordUserKey(userId)).catch((error: unknown) => {
    memo.delete(key);
    ctx.logger.warn({ guild: guildId, code: (error as Error).name }, 'discord: member index write failed');
  });
}

async function onInteraction(ctx: ReceiveContext, memo: Map<string, number>, i: Interaction): Promise<void> {
  if (i.isAutocomplete()) return onAutocomplete(ctx, i);
  if (!i.isChatInputCommand() && !i.isButton()) return;
  if (i.guildId) noteMember(ctx, memo, i.guildId, i.user.id);
  const where = {
    id: i.id,
    userId: i.user.id,
    guildId: i.guildId,
    channelId: i.channelId ?? '',
    locale: i.locale,
    isAdmin: i.inGuild() && i.memberPermissions.has(PermissionFlagsBits.ManageGuild),
  };

  if (i.isChatInputCommand()) {
    const spec = findCommand(i.commandName);
    const turn = turnFor({
      ...where,
      input: { kind: 'command', name: spec?.name ?? i.commandName, argsText: argsTextOf(i, spec) },
    });
    // A link means fetching a web page: defer at once rather than race the deadline.
    const fetches = i.commandName === 'summary' && Boolean(i.options.getString(SUMMARY_URL_OPTION));
    return answerCommand(ctx, i, ctx.sink(turn), {
      deferNow: fetches,
      deferEphemeral: !PUBLIC_COMMANDS.has(spec?.name ?? ''),
    });
  }

  const choice = decodeChoice(i.customId);
  if (!choice) {
    // Not a button we made (tampered, or from an old format): acknowledge quietly, change nothing.
    ctx.logger.info({ interaction: i.id }, 'discord: unknown button ignored');
    await i.deferUpdate();
    return;
  }
  const turn = turnFor({ ...where, input: { kind: 'choice', ...choice } });
  return answerClick(ctx, i, ctx.sink(turn));
}

async function onMessage(ctx: ReceiveContext, m: Message): Promise<void> {
  // Only DMs: server messages would need the privileged MessageContent intent, which we do not ask for.
  if (m.author.bot || m.channel.type !== ChannelType.DM || m.system) return;
  if (!m.content.trim()) return;
  const turn = turnFor({
    id: m.id,
    userId: m.author.id,
    guildId: null,
    channelId: m.channelId,
    input: { kind: 'text', text: m.content },
    message: true,
  });
  const reply = await ctx.sink(turn);
  await answerDm(m.channel, reply);
}

async function onGuildDelete(ctx: ReceiveContext, guild: Guild): Promise<void> {
  await ctx.sink(removedEvent(guild.id, guild.joinedTimestamp));
}

async function onGuildCreate(ctx: ReceiveContext, guild: Guild): Promise<void> {
  await ctx.sink({
    type: 'lifecycle',
    eventId: eventIds.guildAdded(guild.id, guild.joinedTimestamp),
    event: 'installed',
    scope: guildScope(guild.id),
  });
}

/** Subscribes the handlers; each event's work is tracked so `stop()` can wait for it. */
export function listen(client: Client, ctx: ReceiveContext): void {
  const memo = new Map<string, number>();
  const run = (what: string, id: string, work: () => Promise<void>) => {
    if (!ctx.accepting()) return;
    const p = work().catch((error: unknown) => {
      ctx.logger.error(
        { event: what, id, code: (error as { code?: string }).code ?? (error as Error).name },
        'discord: event failed',
      );
    });
    ctx.track(p);
  };
  client.on(Events.InteractionCreate, (i) => run('interaction', i.id, () => onInteraction(ctx, memo, i)));
  client.on(Events.MessageCreate, (m) => run('message', m.id, () => onMessage(ctx, m)));
  // guildDelete fires only for removals; outages arrive as guildUnavailable.
  client.on(Events.GuildDelete, (g) => run('guild_delete', g.id, () => onGuildDelete(ctx, g)));
  client.on(Events.GuildCreate, (g) => run('guild_create', g.id, () => onGuildCreate(ctx, g)));
}
