import type { InboundTurn } from '../core/inbound.ts';
import type { UserChange, UserSnapshot } from '../core/ports.ts';
import type { Profile } from '../core/state.ts';

/** The person's profile as a turn touches it: contact facts, the open flow, and small helpers. */

/** The profile with this turn's contact facts: first contact, and the private address for reminders. */
export function touchProfile(event: InboundTurn, profile: Profile, now: number): Profile {
  const direct = event.address.scope === 'direct' ? event.address : event.hints?.directAddress;
  const addressChanged = direct && !sameJson(direct, profile.address);
  const hintZone = !profile.timeZone && event.hints?.timeZone;
  if (profile.createdAt !== undefined && !addressChanged && (!event.locale || profile.locale) && !hintZone)
    return profile;
  return {
    ...profile,
    createdAt: profile.createdAt ?? now,
    ...(direct ? { address: direct } : {}),
    ...(!profile.locale && event.locale ? { locale: event.locale } : {}),
    // The platform's time zone (e.g. from a Slack profile) becomes the default onboarding confirms.
    ...(!profile.timeZone && event.hints?.timeZone ? { timeZone: event.hints.timeZone } : {}),
  };
}

/** Equal JSON values (key order aside; undefined members are absent, as in JSON), without serialising. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let members = 0;
  for (const key in x) {
    if (x[key] === undefined) continue;
    members += 1;
    if (!sameJson(x[key], y[key])) return false;
  }
  for (const key in y) if (y[key] !== undefined) members -= 1;
  return members === 0;
}

/** Records which flow is open (or none), writing the profile only when that changes. */
export function trackOpenFlow(profile: Profile, flowId: string | undefined): Profile {
  if (profile.openFlow === flowId) return profile;
  return flowId ? { ...profile, openFlow: flowId } : withoutOpenFlow(profile);
}

export function withoutOpenFlow(profile: Profile): Profile {
  const { openFlow: _closed, ...rest } = profile;
  return rest;
}

/** Nothing was stored about this person before this turn. */
export function isNewContact(snapshot: UserSnapshot): boolean {
  return snapshot.profile.createdAt === undefined;
}

/** `change` with the profile added when the turn changed it. */
export function withProfile(snapshot: UserSnapshot, profile: Profile, change: UserChange): UserChange {
  return profile === snapshot.profile ? change : { ...change, profile };
}
