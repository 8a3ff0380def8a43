import { CheckinError, ErrorCode } from '../core/errors.ts';
import { type Config, SETTINGS, type SettingName } from './schema.ts';

/**
 * Reads and validates the environment. Every bad variable is reported at once, each with what it
 * expects, so an operator fixes them in one go. Secrets are never echoed back.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(SETTINGS) as Array<
    [SettingName, (typeof SETTINGS)[SettingName]]
  >) {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? undefined : raw;
    const parsed = setting.schema.safeParse(value);
    if (parsed.success) out[name] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}. Expected: ${setting.doc}`);
  }
  const config = out as Config;
  problems.push(...crossChecks(config));
  if (problems.length) {
    throw new CheckinError(ErrorCode.InvalidConfig, `Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return config;
}

function crossChecks(c: Config): string[] {
  const problems: string[] = [];
  const redisModes = [c.REDIS_URL, c.REDIS_CLUSTER_NODES, c.REDIS_SENTINELS].filter((v) => v !== undefined);
  if (redisModes.length > 1)
    problems.push('REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS: set only one of them.');
  if (c.REDIS_SENTINELS && !c.REDIS_SENTINEL_NAME)
    problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS.');
  if (redisModes.length && !c.CHECKIN_ENCRYPTION_KEY) {
    problems.push(
      'CHECKIN_ENCRYPTION_KEY: required when Redis is used, so data is encrypted at rest. Create one with `checkin gen-key`.',
    );
  }
  if (Boolean(c.SLACK_BOT_TOKEN) !== Boolean(c.SLACK_SIGNING_SECRET)) {
    problems.push('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET: set both to enable Slack, or neither.');
  }
  if (Boolean(c.DISCORD_TOKEN) !== Boolean(c.DISCORD_APPLICATION_ID)) {
    problems.push('DISCORD_TOKEN and DISCORD_APPLICATION_ID: set both to enable Discord, or neither.');
  }
  if (c.MICROSOFT_APP_ID && !c.MICROSOFT_APP_PASSWORD && c.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
    problems.push('MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID.');
  }
  return problems;
}

export function platformsConfigured(c: Config): { slack: boolean; discord: boolean; teams: boolean } {
  return {
    slack: Boolean(c.SLACK_BOT_TOKEN && c.SLACK_SIGNING_SECRET),
    discord: Boolean(c.DISCORD_TOKEN && c.DISCORD_APPLICATION_ID),
    teams: Boolean(c.MICROSOFT_APP_ID) || c.TEAMS_DEV_MODE,
  };
}
