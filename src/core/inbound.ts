import type { ConversationAddress } from './address.ts';
import type { UserKey } from './user-key.ts';

/**
 * A button click answers one question of one conversation. It carries which step asked it and the
 * conversation's version at the time, so a stale or repeated click is recognised and ignored
 * politely instead of answering whatever the user is on now.
 */
export interface ChoiceInput {
  kind: 'choice';
  flowId: string;
  stepId: string;
  /** The conversation version at the time the question was asked (see ConversationState.version). */
  version: number;
  value: string;
}

export interface TextInput {
  kind: 'text';
  text: string;
}

/** A native command (slash command, mention with a verb); typed commands arrive as text. */
export interface CommandInput {
  kind: 'command';
  name: string;
  /** Whatever followed the command name, as typed; parsed by the registry's argument spec. */
  argsText: string;
}

export type TurnInput = TextInput | ChoiceInput | CommandInput;

/** One thing a person did, translated by an adapter into the platform-neutral form. */
export interface InboundTurn {
  type: 'turn';
  user: UserKey;
  address: ConversationAddress;
  /** The platform's id for this delivery, namespaced by the adapter (`slack:Ev123`); de-duplicated. */
  eventId: string;
  /** BCP 47 locale if the platform told us (`en-US`, `de`). */
  locale?: string;
  input: TurnInput;
  /** Facts the platform knows and onboarding may offer as defaults. Never trusted as identity. */
  hints?: {
    timeZone?: string;
    /** A private route to this person when `address` is a channel (their DM), if already known. */
    directAddress?: ConversationAddress;
    /**
     * The platform says this person administers the workspace or server (Slack admin/owner,
     * Discord Manage Server). Set only from the platform's own signed data; used for team pulses.
     */
    isAdmin?: boolean;
  };
}

export const LIFECYCLE_EVENTS = ['installed', 'uninstalled', 'removed', 'member_left'] as const;
export type LifecycleEventName = (typeof LIFECYCLE_EVENTS)[number];

/**
 * The app was installed or removed, or a member left. The core handles these once for every
 * platform: an uninstall or removal schedules deletion of everyone in `scope` after a grace period.
 */
export interface LifecycleEvent {
  type: 'lifecycle';
  eventId: string;
  event: LifecycleEventName;
  /** The installation concerned: `slack:<team>`, `teams:<tenant>`, `discord-guild:<id>`, … */
  scope: string;
  /** The person concerned, for per-user events (a member left, a personal install). */
  user?: UserKey;
  /** Where to greet on install, if the platform gave one. */
  address?: ConversationAddress;
}

export type InboundEvent = InboundTurn | LifecycleEvent;
