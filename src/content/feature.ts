import type { Cluster, Redis } from 'ioredis';
import type { CommandContext, FeatureHandlers } from '../bot/features.ts';
import type { Config } from '../config/schema.ts';
import { type Clock, systemClock } from '../core/ports.ts';
import type { KeyBuilder } from '../store/keys.ts';
import { MemorySummaryCache, RedisSummaryCache, type SummaryCache } from './cache.ts';
import { learnReply, looksLikeUrl, summaryReply } from './commands.ts';
import type { FetchOptions } from './fetch.ts';
import type { Library } from './library.ts';

/** What the `learn` and `summary` commands need, built once at start. */
export interface ContentFeatureDeps {
  library: Library;
  /** Fetch limits for links; links are refused without them. */
  fetch?: FetchOptions;
  cache?: SummaryCache;
  clock?: Clock;
  /**
   * Offer articles and "read the full article" as command buttons (COMMAND_TARGET with value
   * `summary <slug>`). Needs the bot to read arguments from a command button's value.
   */
  buttons?: boolean;
}

/** The bot core's handlers for `learn` and `summary` (plug into `createBot({ features })`). */
export function contentFeatures(deps: ContentFeatureDeps): FeatureHandlers {
  return {
    learn: () => ({ messages: learnReply(deps.library, { buttons: deps.buttons ?? false }), public: true }),
    summary: async (context: CommandContext) => {
      const messages = await summaryReply(context.argsText, {
        library: deps.library,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.cache ? { cache: deps.cache } : {}),
        clock: deps.clock ?? context.clock,
        buttons: deps.buttons ?? false,
      });
      // Counts and kinds only: the topic or link typed is never logged.
      context.logger.debug({ kind: looksLikeUrl(context.argsText) ? 'url' : 'article' }, 'summary served');
      return { messages, public: true };
    },
  };
}

/** Fetch limits from configuration. */
export function fetchOptionsFrom(
  config: Pick<
    Config,
    'CHECKIN_FETCH_TIMEOUT_MS' | 'CHECKIN_FETCH_MAX_BYTES' | 'CHECKIN_FETCH_ALLOW_PRIVATE'
  >,
): FetchOptions {
  return {
    timeoutMs: config.CHECKIN_FETCH_TIMEOUT_MS,
    maxBytes: config.CHECKIN_FETCH_MAX_BYTES,
    allowPrivate: config.CHECKIN_FETCH_ALLOW_PRIVATE,
  };
}

/**
 * Everything from configuration: fetch limits, and the summary cache in Redis when a client is given (memory otherwise).
 */
export function contentFeaturesFromConfig(
  config: Config,
  options: {
    /** The article library, loaded once at start (`loadLibrary(contentDirs)`). */
    library: Library;
    clock?: Clock;
    redis?: { client: Redis | Cluster; keys: KeyBuilder };
    /** See ContentFeatureDeps.buttons. */
    buttons?: boolean;
  },
): FeatureHandlers {
  const clock = options.clock ?? systemClock;
  const hours = config.CHECKIN_SUMMARY_CACHE_HOURS;
  const cache = options.redis
    ? new RedisSummaryCache(options.redis.client, options.redis.keys, hours * 3600)
    : new MemorySummaryCache(hours * 3_600_000, clock);
  return contentFeatures({
    library: options.library,
    fetch: fetchOptionsFrom(config),
    cache,
    clock,
    buttons: options.buttons ?? false,
  });
}
