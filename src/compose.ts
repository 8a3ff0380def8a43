import { fileURLToPath } from 'node:url';
import type { Cluster, Redis } from 'ioredis';
import { type Bot, type BotMetrics, createBot } from './bot/bot.ts';
import { settingsCommand } from './bot/builtin-commands.ts';
import { createLifecycle, type Lifecycle } from './bot/lifecycle.ts';
import type { SafetyService } from './bot/safety.ts';
import type { Config } from './config/schema.ts';
import { contentFeaturesFromConfig } from './content/feature.ts';
import { type Library, loadLibrary } from './content/library.ts';
import type { ConversationAddress } from './core/address.ts';
import type { LifecycleEvent } from './core/inbound.ts';
import type { OutboundMessage } from './core/outbound.ts';
import type { Clock, DeliveryResult, Logger, StateStore } from './core/ports.ts';
import { systemClock } from './core/ports.ts';
import { asUserKey } from './core/user-key.ts';
import { type FlowCatalog, loadFlowsOrThrow } from './engine/loader.ts';
import { historyCommand } from './history/command.ts';
import { screenCommand } from './instruments/command.ts';
import { loadInstrumentsFromContent } from './instruments/load.ts';
import { screenerOffer } from './instruments/offer.ts';
import { createInstrumentScorer } from './instruments/scorer.ts';
import { type Pulses, withPulseForget } from './pulses/index.ts';
import { countryFromText, createEscalation, createSafetyService } from './safety/index.ts';
import {
  checkinReminderMessage,
  pauseCommand,
  remindCommand,
  syncRemindersOnProfileChange,
  withReminderData,
} from './scheduler/bot-glue.ts';
import type { DueJob, Scheduler } from './scheduler/scheduler.ts';
import type { KeyBuilder } from './store/keys.ts';
import { MemoryStore } from './store/memory.ts';

/**
 * Builds the platform-neutral core from configuration: content, store, safety and the bot. The
 * composition root (src/main.ts) and the command line (src/cli) both use it; neither it nor
 * anything it imports knows about a platform.
 */

/** The built-in content folder shipped with the project. */
export const BUILTIN_CONTENT_DIR = fileURLToPath(new URL('../dialogs', import.meta.url));

/** Content folders in override order: built-in first, then the operator's overlay. */
export function contentDirs(config: Pick<Config, 'CHECKIN_CONTENT_DIR'>): string[] {
  return config.CHECKIN_CONTENT_DIR
    ? [BUILTIN_CONTENT_DIR, config.CHECKIN_CONTENT_DIR]
    : [BUILTIN_CONTENT_DIR];
}

export interface Core {
  bot: Bot;
  flows: FlowCatalog;
  store: StateStore;
  safety: SafetyService;
  /** The article library (learn, summary, Discord autocomplete). */
  library: Library;
  /** Installs and removals (present when a scheduler was given, which runs the grace-period purge). */
  lifecycle: Lifecycle | null;
  /** Team pulses, when given. */
  pulses: Pulses | null;
}

export interface CoreOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** A store made by the caller (e.g. Redis); the in-memory store otherwise. */
  store?: StateStore;
  metrics?: BotMetrics;
  /** Redis for the URL summary cache (StoreBundle.redis and .keys); an in-process cache otherwise. */
  summaryRedis?: { client: Redis | Cluster; keys: KeyBuilder };
  /** Team pulses (src/pulses `createPulses`): routed before personal state; `forget` covers their open answers. */
  pulses?: Pulses;
  /** The reminder scheduler: follows profile changes; joins export and forget. */
  scheduler?: Scheduler;
}

/** The store with every feature's own per-person data joined to export and forget. */
function withFeatureData(store: StateStore, options: CoreOptions): StateStore {
  let joined = store;
  if (options.scheduler) joined = withReminderData(joined, options.scheduler);
  if (options.pulses) joined = withPulseForget(joined, options.pulses);
  return joined;
}

export function buildCore(options: CoreOptions): Core {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const dirs = contentDirs(config);
  const instruments = loadInstrumentsFromContent(dirs);
  const flows = loadFlowsOrThrow(dirs, { knownInstruments: new Set(instruments.keys()) });
  const library = loadLibrary(dirs);
  const store =
    options.store ??
    new MemoryStore({
      clock,
      conversationTtlMs: config.CHECKIN_CONVERSATION_TTL_HOURS * 3_600_000,
      retentionMs: config.CHECKIN_RETENTION_DAYS * 86_400_000,
    });
  // Safety first: the real detector and the helpline directory (built-in, then the overlay).
  const safety: SafetyService = createSafetyService(dirs);
  const escalation = createEscalation({
    ...(config.CHECKIN_SAFETY_WEBHOOK_URL ? { url: config.CHECKIN_SAFETY_WEBHOOK_URL } : {}),
    logger,
  });
  const joined = withFeatureData(store, options);
  const lifecycle = options.scheduler
    ? createLifecycle({
        store: joined,
        scheduler: options.scheduler,
        clock,
        logger,
        graceMs: config.CHECKIN_UNINSTALL_GRACE_DAYS * 86_400_000,
      })
    : null;
  const bot = createBot({
    store: joined,
    flows,
    clock,
    logger,
    safety,
    dedupTtlMs: config.CHECKIN_DEDUP_TTL_HOURS * 3_600_000,
    countryFromText,
    // Off unless an operator set the webhook AND the person consented; never waits on the network.
    onCrisis: (user, profile, assessment) => {
      void escalation.notify(user, profile, assessment, clock.now());
    },
    scorer: createInstrumentScorer(instruments),
    // Every couple of weeks a finished check-in offers one short screener (never a stack of them).
    onFlowComplete: (flowId, profile, now) =>
      flowId === 'daily-checkin' && profile.consents.storeCheckins
        ? screenerOffer(profile, instruments, now, config.CHECKIN_SCREENER_INTERVAL_DAYS)
        : null,
    // remind/pause change the profile; the scheduler follows the committed profile.
    ...(options.scheduler ? { onProfileChange: syncRemindersOnProfileChange(options.scheduler) } : {}),
    ...(lifecycle ? { onLifecycle: (event: LifecycleEvent) => lifecycle.handle(event) } : {}),
    features: {
      // Crisis alerts can only be agreed to where an operator set up the escalation webhook.
      settings: settingsCommand({ crisisAlerts: Boolean(config.CHECKIN_SAFETY_WEBHOOK_URL) }),
      remind: remindCommand,
      pause: pauseCommand,
      screen: screenCommand({ instruments, intervalDays: config.CHECKIN_SCREENER_INTERVAL_DAYS }),
      history: historyCommand({ instruments }),
      // The article library (learn, summary): loaded from the same content folders as the flows.
      ...contentFeaturesFromConfig(config, {
        library,
        clock,
        buttons: true,
        ...(options.summaryRedis ? { redis: options.summaryRedis } : {}),
      }),
    },
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.pulses ? { pulses: options.pulses } : {}),
  });
  return { bot, flows, store, safety, library, lifecycle, pulses: options.pulses ?? null };
}

/** Sends one message to an address through its platform (an adapter's `sendProactive`). */
export type ProactiveSend = (
  address: ConversationAddress,
  message: OutboundMessage,
) => Promise<DeliveryResult>;

/**
 * One due job from the scheduler: a grace-period purge, a team pulse's prompt, or a check-in
 * reminder through `send`
 * (undefined when this process does not serve the address's platform: retried later). A reminder
 * that comes back `gone` turns the person's reminders off and is explained at their next turn.
 */
export async function deliverDueJob(
  core: Core,
  job: DueJob,
  send: ProactiveSend | undefined,
): Promise<DeliveryResult> {
  if (job.kind === 'purge') {
    return core.lifecycle ? core.lifecycle.purge(job.owner) : { status: 'failed', reason: 'no_lifecycle' };
  }
  if (!send) return { status: 'failed', reason: `no_${job.address.platform}_adapter` };
  if (job.kind === 'pulse') {
    return core.pulses
      ? core.pulses.deliverScheduled(job, (message) => send(job.address, message))
      : { status: 'failed', reason: 'no_pulses' };
  }
  const result = await send(job.address, checkinReminderMessage());
  if (result.status === 'gone' && job.kind === 'checkin') {
    await core.bot.noteUndelivered(asUserKey(job.owner), result.reason);
  }
  return result;
}
