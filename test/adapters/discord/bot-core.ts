import { type Bot, createBot } from '../../../src/bot/bot.ts';
import { basicReplies, passThroughScreen } from '../../../src/bot/safety.ts';
import { contentDirs } from '../../../src/compose.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { summaryReply } from '../../../src/content/commands.ts';
import { loadLibrary } from '../../../src/content/library.ts';
import { autocomplete } from '../../../src/content/match.ts';
import type { Clock, StateStore } from '../../../src/core/ports.ts';
import { loadFlowsOrThrow } from '../../../src/engine/loader.ts';
import { silentLogger } from '../../../src/ops/logger.ts';

/**
 * The real bot core as the Discord tests run it (also in child processes, so no vitest import):
 * built-in flows, the article library, `/summary` wired to src/content with loopback fetching
 * allowed (CHECKIN_FETCH_ALLOW_PRIVATE), and autocomplete over the same library.
 */
const dirs = contentDirs(loadConfig({}));
const library = loadLibrary(dirs);
const flows = loadFlowsOrThrow(dirs);

export function buildTestBot(store: StateStore, clock: Clock): Bot {
  return createBot({
    store,
    flows,
    clock,
    logger: silentLogger,
    safety: { screen: passThroughScreen, replies: basicReplies },
    features: {
      summary: async ({ argsText }) => ({
        messages: await summaryReply(argsText, {
          library,
          fetch: { timeoutMs: 5000, maxBytes: 2_000_000, allowPrivate: true },
        }),
        public: true,
      }),
    },
  });
}

/** `/summary topic:` suggestions from the library, as src/main.ts should wire them. */
export const libraryAutocomplete = (query: string) => autocomplete(query, library);
