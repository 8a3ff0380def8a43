import { CheckinError, ErrorCode } from './errors.ts';

/** The chat platforms Checkin speaks to. `local` is the embedded web chat and console. */
export const PLATFORMS = ['slack', 'discord', 'teams', 'local'] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * One person on one platform, in the canonical string form an operator can type:
 * `slack:<team>:<user>`, `teams:<tenant>:<aad object id>`, `discord:<user>`, `local:<name>`.
 * Discord users are global (not per server), so a flow can move from a server to a DM and keep
 * its state. Everything stored per person hangs off this string.
 */
export type UserKey = string & { readonly __brand: 'UserKey' };

export type UserKeyParts =
  | { platform: 'slack'; team: string; user: string }
  | { platform: 'teams'; tenant: string; user: string }
  | { platform: 'discord'; user: string }
  | { platform: 'local'; user: string };

const USAGE = 'use slack:<team>:<user>, teams:<tenant>:<aad object id>, discord:<user> or local:<name>';

// Ids on every platform are plain tokens; refusing ':' keeps the canonical form unambiguous.
const SEGMENT = /^[A-Za-z0-9._@-]{1,128}$/;

function segment(value: string, what: string, whole: string): string {
  if (!SEGMENT.test(value)) {
    throw new CheckinError(
      ErrorCode.InvalidUserKey,
      `Invalid ${what} in user key "${whole}": expected 1-128 letters, digits or . _ @ -; ${USAGE}`,
    );
  }
  return value;
}

export function userKey(parts: UserKeyParts): UserKey {
  switch (parts.platform) {
    case 'slack':
      return `slack:${segment(parts.team, 'team id', parts.team)}:${segment(parts.user, 'user id', parts.user)}` as UserKey;
    case 'teams':
      return `teams:${segment(parts.tenant, 'tenant id', parts.tenant)}:${segment(parts.user, 'AAD object id', parts.user)}` as UserKey;
    case 'discord':
      return `discord:${segment(parts.user, 'user id', parts.user)}` as UserKey;
    case 'local':
      return `local:${segment(parts.user, 'name', parts.user)}` as UserKey;
  }
}

/** Parses the canonical form; throws CheckinError(invalid_user_key) naming what is wrong. */
export function parseUserKey(text: string): UserKeyParts {
  const parts = text.split(':');
  const [platform, a, b] = parts;
  const usage = 'use slack:<team>:<user>, teams:<tenant>:<aad object id>, discord:<user> or local:<name>';
  const fail = (why: string) =>
    new CheckinError(ErrorCode.InvalidUserKey, `Invalid user key "${text}": ${why}; ${usage}`);
  switch (platform) {
    case 'slack':
    case 'teams': {
      if (parts.length !== 3 || a === undefined || b === undefined) throw fail('expected three parts');
      segment(a, platform === 'slack' ? 'team id' : 'tenant id', text);
      segment(b, platform === 'slack' ? 'user id' : 'AAD object id', text);
      return platform === 'slack' ? { platform, team: a, user: b } : { platform, tenant: a, user: b };
    }
    case 'discord':
    case 'local': {
      if (parts.length !== 2 || a === undefined) throw fail('expected two parts');
      segment(a, platform === 'discord' ? 'user id' : 'name', text);
      return { platform, user: a };
    }
    default:
      throw fail(`unknown platform "${platform ?? ''}"`);
  }
}

/** Validates and brands a canonical user key string. */
export function asUserKey(text: string): UserKey {
  parseUserKey(text);
  return text as UserKey;
}

export function platformOf(key: UserKey): Platform {
  return key.slice(0, key.indexOf(':')) as Platform;
}

/**
 * The installation a user belongs to, for indexes that let an uninstall find everyone concerned:
 * `slack:<team>` or `teams:<tenant>`. Discord users are global, so their scopes are guilds,
 * recorded by the adapter as `discord-guild:<id>` when a member is seen there.
 */
export function installScopeOf(key: UserKey): string | null {
  const parts = parseUserKey(key);
  switch (parts.platform) {
    case 'slack':
      return `slack:${parts.team}`;
    case 'teams':
      return `teams:${parts.tenant}`;
    default:
      return null;
  }
}
