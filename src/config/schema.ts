import { z } from 'zod';

/**
 * Every setting the bot reads from its environment. `docs/configuration.md` lists the same
 * settings, and a test keeps the two in step: add a setting here and document it there.
 *
 * Each entry: the variable name, its schema (with the default), and a one-line description that
 * says what it expects, used in error messages.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => {
  const error = `expected a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const hostPort = z
  .string()
  .regex(/^[^\s:,]+:\d{1,5}$/, 'expected host:port')
  .transform((v) => {
    const i = v.lastIndexOf(':');
    return { host: v.slice(0, i), port: Number(v.slice(i + 1)) };
  });
const hostPortList = list.pipe(
  z.array(hostPort.pipe(z.object({ host: z.string(), port: z.number() }))).min(1),
);
const url = z.url({ protocol: /^https?$/ });

export const SETTINGS = {
  // Server
  HOST: {
    schema: z.string().min(1).default('127.0.0.1'),
    doc: 'Address the HTTP server binds to (the container sets 0.0.0.0).',
  },
  PORT: {
    schema: int(0, 65535).default(3978),
    doc: 'Port of the one HTTP server (webhooks, web chat, health, metrics).',
  },
  CHECKIN_LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    doc: 'Log level: fatal, error, warn, info, debug, trace or silent.',
  },
  CHECKIN_SHUTDOWN_TIMEOUT_MS: {
    schema: int(0, 600_000).default(10_000),
    doc: 'How long SIGTERM waits for turns in flight before exiting, in milliseconds.',
  },
  CHECKIN_WEBCHAT: {
    schema: bool.optional(),
    doc: 'Serve the local web chat (unauthenticated). Default: on only when no platform is configured.',
  },
  CHECKIN_HTTP_MAX_BODY_BYTES: {
    schema: int(1024, 50_000_000).default(1_048_576),
    doc: 'Largest HTTP request body accepted, in bytes; larger requests get 413.',
  },
  CHECKIN_TEST_TURN_DELAY_MS: {
    schema: int(0, 60_000).default(0),
    doc: 'TESTS ONLY: hold every turn this many milliseconds, to test shutdown with a turn in flight. Keep 0.',
  },
  CHECKIN_CONTENT_DIR: {
    schema: z.string().min(1).optional(),
    doc: 'An overlay folder whose dialog files replace or add to the built-in ones in dialogs/.',
  },

  // Storage
  REDIS_URL: {
    schema: z
      .string()
      .regex(/^rediss?:\/\//, 'expected redis:// or rediss:// URL')
      .optional(),
    doc: 'A single Redis (redis://host:port/db). Without any Redis setting the bot keeps state in memory.',
  },
  REDIS_CLUSTER_NODES: {
    schema: hostPortList.optional(),
    doc: 'Redis Cluster seed nodes, comma-separated host:port.',
  },
  REDIS_SENTINELS: {
    schema: hostPortList.optional(),
    doc: 'Redis Sentinels, comma-separated host:port (with REDIS_SENTINEL_NAME).',
  },
  REDIS_SENTINEL_NAME: {
    schema: z.string().min(1).optional(),
    doc: 'The master name the Sentinels monitor.',
  },
  CHECKIN_REDIS_PREFIX: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,32}$/)
      .default('checkin'),
    doc: 'Prefix of every Redis key.',
  },
  CHECKIN_ENCRYPTION_KEY: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'expected base64 of 32 bytes, as `checkin gen-key` prints')
      .optional(),
    doc: 'AES-256-GCM key for data at rest: base64 of 32 bytes (`checkin gen-key`). Required with Redis.',
  },
  CHECKIN_ENCRYPTION_OLD_KEYS: {
    schema: list
      .pipe(z.array(z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'expected base64 of 32 bytes')))
      .default([]),
    doc: 'Earlier keys, comma-separated, still accepted for decryption while `checkin rotate-key` runs.',
  },
  CHECKIN_CONVERSATION_TTL_HOURS: {
    schema: int(1, 24 * 90).default(24),
    doc: 'Idle conversations expire after this many hours.',
  },
  CHECKIN_RETENTION_DAYS: {
    schema: int(1, 3650).default(365),
    doc: 'Mood history and screener results are kept this many days.',
  },
  CHECKIN_DEDUP_TTL_HOURS: {
    schema: int(1, 168).default(24),
    doc: 'How long an event id is remembered to drop platform retries.',
  },
  CHECKIN_UNINSTALL_GRACE_DAYS: {
    schema: int(0, 365).default(30),
    doc: "Days after an uninstall or removal before that installation's data is deleted.",
  },

  // Reminders
  CHECKIN_REMINDER_SHARDS: {
    schema: int(1, 1024).default(16),
    doc: 'Number of due-index shards (sorted sets) spread over Redis Cluster nodes.',
  },
  CHECKIN_REMINDER_GRACE_MINUTES: {
    schema: int(0, 24 * 60).default(120),
    doc: 'A reminder missed during downtime is still sent within this many minutes, else skipped.',
  },
  CHECKIN_REMINDER_LEASE_SECONDS: {
    schema: int(5, 3600).default(60),
    doc: 'How long a process holds claimed reminders before another may reclaim them.',
  },
  CHECKIN_REMINDER_BATCH: { schema: int(1, 10_000).default(500), doc: 'Reminders claimed per batch.' },
  CHECKIN_REMINDER_TICK: {
    schema: z.string().min(1).default('*/15 * * * * *'),
    doc: 'node-cron expression of the scheduler tick (default every 15 seconds).',
  },

  // Content and safety
  CHECKIN_SCREENER_INTERVAL_DAYS: {
    schema: int(1, 365).default(14),
    doc: 'A screener is offered at most once per this many days per instrument.',
  },
  CHECKIN_SAFETY_WEBHOOK_URL: {
    schema: url.optional(),
    doc: "Operator escalation webhook, called only with the user's explicit consent. Off when unset.",
  },
  CHECKIN_FETCH_ALLOW_PRIVATE: {
    schema: bool.default(false),
    doc: 'Allow `summary <url>` to fetch private/loopback addresses. Tests only; keep off.',
  },
  CHECKIN_FETCH_TIMEOUT_MS: {
    schema: int(100, 60_000).default(8_000),
    doc: 'Time limit of one article fetch, in milliseconds.',
  },
  CHECKIN_FETCH_MAX_BYTES: {
    schema: int(1024, 50_000_000).default(2_000_000),
    doc: 'Largest page `summary <url>` will read, in bytes.',
  },
  CHECKIN_SUMMARY_CACHE_HOURS: {
    schema: int(0, 24 * 365).default(24 * 7),
    doc: 'How long URL summaries are cached in Redis.',
  },

  // Teams pulses
  CHECKIN_PULSE_MIN_GROUP: {
    schema: int(3, 1000).default(5),
    doc: 'Pulse results are shared only when at least this many people answered (never below 3).',
  },
  CHECKIN_ADMINS: {
    schema: list.default([]),
    doc: 'User keys allowed to manage team pulses, comma-separated (Teams, and Slack in addition to workspace admins).',
  },
  CHECKIN_SUPPORT_URL: {
    schema: url.optional(),
    doc: 'An employee-assistance or support link added to low pulse results.',
  },

  // Slack
  SLACK_BOT_TOKEN: {
    schema: z
      .string()
      .regex(/^xoxb-/, 'expected a bot token starting xoxb-')
      .optional(),
    doc: 'Slack bot token; with SLACK_SIGNING_SECRET enables Slack.',
  },
  SLACK_SIGNING_SECRET: {
    schema: z.string().min(1).optional(),
    doc: 'Slack signing secret, to verify requests.',
  },
  SLACK_APP_TOKEN: {
    schema: z
      .string()
      .regex(/^xapp-/, 'expected an app-level token starting xapp-')
      .optional(),
    doc: 'Slack app-level token; when set, Socket Mode is used instead of HTTP.',
  },
  SLACK_API_URL: {
    schema: url.optional(),
    doc: 'Slack Web API base URL (tests, proxies), e.g. http://127.0.0.1:9000/api/.',
  },

  // Discord
  DISCORD_TOKEN: {
    schema: z.string().min(1).optional(),
    doc: 'Discord bot token; with DISCORD_APPLICATION_ID enables Discord.',
  },
  DISCORD_APPLICATION_ID: {
    schema: z.string().regex(/^\d+$/, 'expected a numeric id').optional(),
    doc: 'Discord application id.',
  },
  DISCORD_API_URL: {
    schema: url.optional(),
    doc: 'Discord REST base URL (tests, proxies), e.g. http://127.0.0.1:9000/api.',
  },
  DISCORD_SHARD_IDS: {
    schema: list
      .pipe(z.array(z.string().regex(/^\d+$/, 'expected shard numbers').transform(Number)))
      .optional(),
    doc: 'Gateway shard ids this process runs, comma-separated (default: all).',
  },
  DISCORD_SHARD_COUNT: {
    schema: int(1, 100_000).optional(),
    doc: "Total gateway shards across all processes (default: Discord's recommendation).",
  },

  // Microsoft Teams
  MICROSOFT_APP_ID: {
    schema: z.string().min(1).optional(),
    doc: 'Azure bot app id; enables Teams with authentication.',
  },
  MICROSOFT_APP_PASSWORD: { schema: z.string().min(1).optional(), doc: 'Azure bot client secret.' },
  MICROSOFT_APP_TYPE: {
    schema: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    doc: 'MultiTenant, SingleTenant or UserAssignedMSI.',
  },
  MICROSOFT_APP_TENANT_ID: { schema: z.string().min(1).optional(), doc: 'Tenant id, for SingleTenant apps.' },
  TEAMS_DEV_MODE: {
    schema: bool.default(false),
    doc: 'Accept unauthenticated Teams traffic when MICROSOFT_APP_ID is unset (Bot Framework Emulator). Never in production.',
  },
} as const satisfies Record<string, { schema: z.ZodType; doc: string }>;

export type SettingName = keyof typeof SETTINGS;
export type Config = { [K in SettingName]: z.output<(typeof SETTINGS)[K]['schema']> };
