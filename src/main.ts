/**
 * The composition root: the only file that knows which implementations run. `npm start` runs it.
 * config → logger → metrics/health → store → bot core (content, safety) → HTTP server → adapters →
 * listen, then graceful shutdown on SIGTERM/SIGINT. Each stage is one small function, so wiring a
 * feature means adding a line to the stage it belongs to.
 */
import { createDiscordAdapter, discordOptionsFromConfig } from '../adapters/discord/index.ts';
import { WebChatAdapter } from '../adapters/local/webchat.ts';
import { createSlackAdapter, slackOptionsFromConfig, storeHomeView } from '../adapters/slack/index.ts';
import { createTeamsAdapter, teamsOptionsFromConfig } from '../adapters/teams/index.ts';
import { buildCore, type Core, contentDirs, deliverDueJob } from './compose.ts';
import { loadConfig, platformsConfigured } from './config/load.ts';
import type { Config } from './config/schema.ts';
import { autocomplete } from './content/match.ts';
import type { ConversationAddress } from './core/address.ts';
import { CheckinError, ErrorCode, hasCode } from './core/errors.ts';
import type { OutboundMessage } from './core/outbound.ts';
import { type DeliveryResult, type Logger, type PlatformAdapter, systemClock } from './core/ports.ts';
import type { Platform } from './core/user-key.ts';
import { createHttpServer, type HttpServer } from './http/server.ts';
import { createHealth, type Health } from './ops/health.ts';
import { createLogger } from './ops/logger.ts';
import { botMetricHooks, createMetrics, type Metrics, schedulerMetricHooks } from './ops/metrics.ts';
import { registerOpsRoutes } from './ops/routes.ts';
import { type Closer, installShutdown } from './ops/shutdown.ts';
import { createTurnGate, type TurnGate } from './ops/turn-gate.ts';
import { createPulses, type Pulses } from './pulses/index.ts';
import { createScheduler } from './scheduler/create.ts';
import type { DueJob, Scheduler } from './scheduler/scheduler.ts';
import { createStore, type StoreBundle } from './store/index.ts';

/** Exit status for invalid configuration (EX_CONFIG from sysexits.h). */
export const EXIT_CONFIG = 78;

interface Ops {
  logger: Logger;
  metrics: Metrics;
  health: Health;
}

async function main(): Promise<void> {
  const config = readConfig();
  const ops: Ops = {
    logger: createLogger({ level: config.CHECKIN_LOG_LEVEL }),
    metrics: createMetrics(),
    health: createHealth(),
  };
  guardProcess(ops.logger);
  const storage = await openStore(config, ops);
  // Proactive sends go through whichever adapter serves the address's platform, once started.
  const byPlatform = new Map<Platform, PlatformAdapter>();
  let core: Core | undefined;
  // The scheduler and pulses keep their own keys in the store's Redis, encrypted with its cipher.
  const sharedRedis =
    storage.redis && storage.cipher
      ? { client: storage.redis, keys: storage.keys, cipher: storage.cipher }
      : undefined;
  const scheduler = createScheduler({
    config,
    deliver: (job) => deliverJob(job, byPlatform, core),
    redis: sharedRedis,
    logger: ops.logger,
    metrics: schedulerMetricHooks(ops.metrics),
  });
  const pulses = createPulses({
    config,
    contentDirs: contentDirs(config),
    logger: ops.logger,
    clock: systemClock,
    redis: sharedRedis,
    send: (address, message) => sendThrough(byPlatform, address, message),
    scheduler,
  });
  core = buildBotCore(config, ops, storage, scheduler, pulses);
  const gate = createTurnGate({
    handle: core.bot.handle,
    metrics: ops.metrics,
    logger: ops.logger,
    testDelayMs: config.CHECKIN_TEST_TURN_DELAY_MS,
  });
  const http = createHttpServer({ logger: ops.logger, maxBodyBytes: config.CHECKIN_HTTP_MAX_BODY_BYTES });
  registerOpsRoutes(http, ops);
  const adapters = await startAdapters(config, ops, gate, http, core, storage);
  for (const adapter of adapters) byPlatform.set(adapter.platform, adapter);
  const port = await listen(http, config, ops);
  await scheduler.start();
  pulses.start();
  installShutdown({
    logger: ops.logger,
    health: ops.health,
    gate,
    timeoutMs: config.CHECKIN_SHUTDOWN_TIMEOUT_MS,
    closers: [
      { name: 'scheduler', close: () => scheduler.stop() },
      { name: 'pulses', close: () => pulses.stop() },
      ...adapters.map((a): Closer => ({ name: `adapter:${a.platform}`, close: () => a.stop() })),
      // Last: it also closes the Redis client the scheduler and caches share.
      { name: 'store', close: () => storage.store.close() },
      { name: 'http', close: () => http.close(500) },
    ],
  });
  ops.health.setPhase('ready');
  ops.logger.info(
    {
      host: config.HOST,
      port,
      store: storage.mode,
      adapters: adapters.map((a) => a.platform),
      flows: core.flows.size,
    },
    'ready',
  );
  if (adapters.some((a) => a instanceof WebChatAdapter)) {
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
    process.stdout.write(`Checkin web chat: http://${host.includes(':') ? `[${host}]` : host}:${port}/\n`);
  }
}

/**
 * Last-resort handlers that log through the redacting logger (Node's default would print an error
 * message, which may quote input, to stderr). A stray rejection (say, a background send) is logged and
 * the bot keeps serving; an uncaught exception leaves the process in an unknown state, so it exits 1.
 */
function guardProcess(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (error) => {
    logger.error({ err: error }, 'uncaught exception; exiting');
    setTimeout(() => process.exit(1), 50).unref();
  });
}

/** Reads the environment; on any bad variable prints what to fix (never a value) and exits 78. */
function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (hasCode(error, ErrorCode.InvalidConfig)) {
      process.stderr.write(`checkin: ${error.message}\nSee docs/configuration.md.\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}

async function openStore(config: Config, { logger, health }: Ops): Promise<StoreBundle> {
  const storage = await createStore(config, { logger, clock: systemClock });
  health.addCheck('store', () => storage.store.ping(), 'unreachable');
  if (storage.mode === 'memory')
    logger.warn({}, 'state is kept in memory and lost on restart; set REDIS_URL to keep it');
  return storage;
}

/** Content, safety and the bot core (src/compose.ts, shared with the CLI); refuses bad content. */
function buildBotCore(
  config: Config,
  ops: Ops,
  storage: StoreBundle,
  scheduler: Scheduler,
  pulses: Pulses,
): Core {
  const core = buildCore({
    scheduler,
    pulses,
    config,
    logger: ops.logger,
    store: storage.store,
    metrics: botMetricHooks(ops.metrics),
    ...(storage.redis ? { summaryRedis: { client: storage.redis, keys: storage.keys } } : {}),
  });
  ops.logger.info({ flows: core.flows.size, overlay: Boolean(config.CHECKIN_CONTENT_DIR) }, 'content loaded');
  return core;
}

/** Platform adapters from their credentials; the web chat when none is configured or when asked. */
async function startAdapters(
  config: Config,
  ops: Ops,
  gate: TurnGate,
  http: HttpServer,
  core: Core,
  storage: StoreBundle,
): Promise<PlatformAdapter[]> {
  const adapters: PlatformAdapter[] = [];
  const slack = slackOptionsFromConfig(config);
  if (slack) {
    adapters.push(
      createSlackAdapter({ ...slack, homeView: storeHomeView({ store: core.store, clock: systemClock }) }),
    );
  }
  const platforms = platformsConfigured(config);
  if (platforms.teams) {
    adapters.push(
      createTeamsAdapter({
        ...teamsOptionsFromConfig(config),
        indexMember: (scope, user) => storage.store.indexUser(scope, user),
      }),
    );
  }
  if (platforms.discord) {
    adapters.push(
      createDiscordAdapter({
        ...discordOptionsFromConfig(config),
        autocomplete: (query) => autocomplete(query, core.library),
        indexMember: (scope, user) => storage.store.indexUser(scope, user),
      }),
    );
  }
  const anyPlatform = platforms.slack || platforms.discord || platforms.teams;
  if (config.CHECKIN_WEBCHAT ?? !anyPlatform) {
    ops.logger.warn(
      { host: config.HOST },
      'the local web chat is UNAUTHENTICATED: anyone who can reach this port can chat. Keep HOST on 127.0.0.1 or set CHECKIN_WEBCHAT=false',
    );
    adapters.push(new WebChatAdapter());
  }
  if (config.CHECKIN_TEST_TURN_DELAY_MS > 0) {
    ops.logger.warn(
      { ms: config.CHECKIN_TEST_TURN_DELAY_MS },
      'CHECKIN_TEST_TURN_DELAY_MS is set: every turn is delayed (tests only)',
    );
  }
  if (adapters.length === 0) ops.logger.warn({}, 'no chat adapter is running: nobody can reach the bot');
  for (const adapter of adapters) await adapter.start({ sink: gate.sink, http, logger: ops.logger });
  return adapters;
}

/** One due job through the adapter serving its address's platform (or a purge). */
function deliverJob(
  job: DueJob,
  byPlatform: Map<Platform, PlatformAdapter>,
  core: Core | undefined,
): Promise<DeliveryResult> {
  if (!core) return Promise.resolve({ status: 'failed', reason: 'not_ready' });
  const adapter = byPlatform.get(job.address.platform);
  return deliverDueJob(
    core,
    job,
    adapter ? (address, message) => adapter.sendProactive(address, message) : undefined,
  );
}

/** A message nobody asked for right now, through the adapter of the address's platform. */
function sendThrough(
  byPlatform: Map<Platform, PlatformAdapter>,
  address: ConversationAddress,
  message: OutboundMessage,
): Promise<DeliveryResult> {
  const adapter = byPlatform.get(address.platform);
  return adapter
    ? adapter.sendProactive(address, message)
    : Promise.resolve({ status: 'failed', reason: `no_${address.platform}_adapter` });
}

async function listen(http: HttpServer, config: Config, { logger }: Ops): Promise<number> {
  try {
    return await http.listen(config.HOST, config.PORT);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? `port ${config.PORT} on ${config.HOST} is already in use; set PORT to a free port`
        : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
          ? `HOST ${config.HOST} is not an address of this machine`
          : code === 'EACCES'
            ? `not allowed to listen on port ${config.PORT}; use a port above 1023`
            : `could not listen on ${config.HOST}:${config.PORT} (${code ?? 'unknown error'})`;
    logger.error({ code }, 'listen failed');
    throw new CheckinError(ErrorCode.InvalidConfig, why, { cause: error });
  }
}

main().catch((error: unknown) => {
  // Start-up failures say what to fix; no stack trace for the errors we raise on purpose.
  if (error instanceof CheckinError) {
    process.stderr.write(`checkin: ${error.message}\n`);
    process.exit(hasCode(error, ErrorCode.InvalidConfig) ? EXIT_CONFIG : 1);
  }
  process.stderr.write(
    `checkin: start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
