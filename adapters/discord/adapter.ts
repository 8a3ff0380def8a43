import { Client, Events, GatewayIntentBits, Partials, type RateLimitData } from 'discord.js';
import type { ConversationAddress } from '../../src/core/address.ts';
import { CheckinError, ErrorCode } from '../../src/core/errors.ts';
import type { OutboundMessage } from '../../src/core/outbound.ts';
import type { DeliveryResult, Logger, PlatformAdapter, SentRef, StartContext } from '../../src/core/ports.ts';
import type { UserKey } from '../../src/core/user-key.ts';
import { sentRefSchema } from './ids.ts';
import { type AutocompleteChoice, listen } from './receive.ts';
import { editMessage, sendMessage, sendProactive } from './send.ts';

/**
 * The Discord adapter: one discord.js gateway client (this process's shards), translating events
 * into inbound turns for the bot's single entry point and rendering what comes back natively.
 */

export interface DiscordAdapterOptions {
  /** Bot token (DISCORD_TOKEN). */
  token: string;
  /** Application id (DISCORD_APPLICATION_ID). */
  applicationId: string;
  /** REST base URL (DISCORD_API_URL), e.g. `http://127.0.0.1:9000/api`; default Discord's. */
  apiUrl?: string | undefined;
  /** Gateway shards this process runs (DISCORD_SHARD_IDS); default all of `shardCount`. */
  shardIds?: readonly number[] | undefined;
  /** Total shards across all processes (DISCORD_SHARD_COUNT); default Discord's recommendation. */
  shardCount?: number | undefined;
  /** Suggestions for `/summary topic:` (the article library's search). */
  autocomplete?: ((query: string) => AutocompleteChoice[] | Promise<AutocompleteChoice[]>) | undefined;
  /** Records a person seen in a server (`discord-guild:<id>`); wire to `StateStore.indexUser`. */
  indexMember?: ((scope: string, user: UserKey) => Promise<void>) | undefined;
  /** Defer an interaction whose turn takes longer than this, in ms. Default 2,000 (Discord: 3 s). */
  deferAfterMs?: number | undefined;
  /**
   * A REST rate limit longer than this (ms) fails the call instead of waiting it out, so a reminder
   * reports `rate_limited` to the scheduler. Shorter ones are waited out. Default 10,000.
   */
  maxRateLimitWaitMs?: number | undefined;
  /** Retries of a REST call after a 5xx or network error. Default 3. */
  restRetries?: number | undefined;
  /** In servers, continue private flows (steps with buttons) in the person's DM. Default true. */
  personalFlowsInDm?: boolean | undefined;
  /** How long `start()` waits for every shard to be ready, in ms. Default 60,000. */
  readyTimeoutMs?: number | undefined;
}

/**
 * Intents: `Guilds` (server joins and removals, slash commands' context) and `DirectMessages`
 * (messages people write to the bot in DMs, content included). Nothing privileged.
 * `Partials.Channel` lets a DM arrive before its channel is cached.
 */
export const DISCORD_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages];

/** Adapter options from the validated configuration (the Discord settings of src/config/schema.ts). */
export function discordOptionsFromConfig(config: {
  DISCORD_TOKEN?: string | undefined;
  DISCORD_APPLICATION_ID?: string | undefined;
  DISCORD_API_URL?: string | undefined;
  DISCORD_SHARD_IDS?: number[] | undefined;
  DISCORD_SHARD_COUNT?: number | undefined;
}): Pick<DiscordAdapterOptions, 'token' | 'applicationId' | 'apiUrl' | 'shardIds' | 'shardCount'> {
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    throw new CheckinError(
      ErrorCode.InvalidConfig,
      'Discord needs DISCORD_TOKEN and DISCORD_APPLICATION_ID.',
    );
  }
  return {
    token: config.DISCORD_TOKEN,
    applicationId: config.DISCORD_APPLICATION_ID,
    apiUrl: config.DISCORD_API_URL,
    shardIds: config.DISCORD_SHARD_IDS,
    shardCount: config.DISCORD_SHARD_COUNT,
  };
}

function shardOptions(o: DiscordAdapterOptions): { shards: number[] | 'auto'; shardCount?: number } {
  const { shardIds, shardCount } = o;
  if (shardIds?.length) {
    const bad = shardIds.filter((id) => shardCount !== undefined && (id < 0 || id >= shardCount));
    if (bad.length) {
      throw new CheckinError(
        ErrorCode.InvalidConfig,
        `DISCORD_SHARD_IDS ${bad.join(',')} not below DISCORD_SHARD_COUNT ${shardCount}.`,
      );
    }
    return { shards: [...shardIds], ...(shardCount ? { shardCount } : {}) };
  }
  if (shardCount) return { shards: Array.from({ length: shardCount }, (_, i) => i), shardCount };
  return { shards: 'auto' };
}

/** Builds the adapter; nothing connects until `start()`. */
export function createDiscordAdapter(
  options: DiscordAdapterOptions,
): PlatformAdapter & { readonly client: Client } {
  const maxWait = options.maxRateLimitWaitMs ?? 10_000;
  const client = new Client({
    intents: DISCORD_INTENTS,
    partials: [Partials.Channel],
    ...shardOptions(options),
    // Belt and braces: render.ts sets this on every message too.
    allowedMentions: { parse: [] },
    rest: {
      ...(options.apiUrl ? { api: options.apiUrl } : {}),
      retries: options.restRetries ?? 3,
      // discord.js waits out 429s itself; past our limit it throws RateLimitError instead.
      rejectOnRateLimit: (data: RateLimitData) => Math.max(data.retryAfter, data.timeToReset) > maxWait,
    },
  });
  const inFlight = new Set<Promise<unknown>>();
  let accepting = false;
  let logger: Logger | null = null;

  const ready = () => {
    if (!logger) throw new CheckinError(ErrorCode.Platform, 'Discord adapter used before start().');
    return client;
  };

  return {
    platform: 'discord',
    client,

    async start(context: StartContext) {
      logger = context.logger.child({ platform: 'discord' });
      const log = logger;
      listen(client, {
        client,
        logger: log,
        sink: context.sink,
        autocomplete: options.autocomplete,
        indexMember: options.indexMember,
        deferAfterMs: options.deferAfterMs ?? 2000,
        personalFlowsInDm: options.personalFlowsInDm ?? true,
        accepting: () => accepting,
        track(work) {
          inFlight.add(work);
          work.finally(() => inFlight.delete(work));
        },
      });
      client.on(Events.ShardResume, (shard, replayed) =>
        log.info({ shard, replayed }, 'discord: shard resumed'),
      );
      client.on(Events.ShardDisconnect, (_e, shard) => log.warn({ shard }, 'discord: shard disconnected'));
      client.on(Events.Error, (error) => log.error({ code: error.name }, 'discord: client error'));
      accepting = true;
      const timeoutMs = options.readyTimeoutMs ?? 60_000;
      let timer: NodeJS.Timeout | undefined;
      const readyOrTimeout = new Promise<void>((resolve, reject) => {
        client.once(Events.ClientReady, () => resolve());
        timer = setTimeout(
          () =>
            reject(new CheckinError(ErrorCode.Platform, `Discord gateway not ready after ${timeoutMs} ms.`)),
          timeoutMs,
        );
      });
      try {
        await client.login(options.token);
        await readyOrTimeout;
      } catch (error) {
        accepting = false;
        await client.destroy();
        if (error instanceof CheckinError) throw error;
        throw new CheckinError(ErrorCode.Platform, 'Discord login failed: check DISCORD_TOKEN.', {
          cause: error,
        });
      } finally {
        clearTimeout(timer);
      }
      log.info({ shards: client.options.shards, shardCount: client.options.shardCount }, 'discord: ready');
    },

    async stop() {
      accepting = false;
      await Promise.allSettled([...inFlight]);
      await client.destroy();
    },

    async send(address: ConversationAddress, message: OutboundMessage): Promise<SentRef> {
      const sent = await sendMessage(ready(), address, message);
      const last = sent.at(-1);
      if (!last) throw new CheckinError(ErrorCode.Platform, 'Discord accepted no message.');
      return { platform: 'discord', ref: { channelId: last.channelId, messageId: last.id } };
    },

    async update(sent: SentRef, message: OutboundMessage): Promise<void> {
      const ref = sentRefSchema.safeParse(sent.ref);
      if (sent.platform !== 'discord' || !ref.success) {
        throw new CheckinError(ErrorCode.InvalidAddress, 'Not a Discord message reference.');
      }
      await editMessage(ready(), ref.data, message);
    },

    async sendProactive(address: ConversationAddress, message: OutboundMessage): Promise<DeliveryResult> {
      if (!logger) return { status: 'failed', reason: 'not_started' };
      const result = await sendProactive(client, address, message);
      if (result.status !== 'delivered')
        logger.info({ address: address.id, ...result }, 'discord: proactive send');
      return result;
    },
  };
}

export type { AutocompleteChoice } from './receive.ts';
