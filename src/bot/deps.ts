import type { InboundEvent, InboundTurn, LifecycleEvent } from '../core/inbound.ts';
import type { OutboundMessage, TurnReply } from '../core/outbound.ts';
import type { Clock, Logger, SafetyAssessment, StateStore } from '../core/ports.ts';
import type { Profile } from '../core/state.ts';
import type { UserKey } from '../core/user-key.ts';
import type { InstrumentScorer } from '../engine/effects.ts';
import type { FlowCatalog } from '../engine/loader.ts';
import type { FeatureHandlers } from './features.ts';
import type { SafetyService } from './safety.ts';

/** What the bot core is given (by src/compose.ts) and what it offers. */

/** Counters the bot reports (counts only, never content); implemented with prom-client in src/ops. */
export interface BotMetrics {
  turn(
    kind: 'text' | 'choice' | 'command' | 'lifecycle',
    outcome: 'ok' | 'duplicate' | 'degraded' | 'error',
    seconds: number,
  ): void;
  safety(level: 'concern' | 'crisis', category: string): void;
}

export interface BotDeps {
  store: StateStore;
  flows: FlowCatalog;
  clock: Clock;
  logger: Logger;
  safety: SafetyService;
  scorer?: InstrumentScorer;
  /** Handlers features plug into the command registry (replacing "coming soon"). */
  features?: FeatureHandlers;
  metrics?: BotMetrics;
  /** Called after a committed turn changed a profile (reminders reschedule from it). */
  onProfileChange?: (user: InboundTurn['user'], before: Profile, after: Profile) => Promise<void>;
  /** Called once per lifecycle event (uninstall → delete after a grace period). */
  onLifecycle?: (event: LifecycleEvent) => Promise<void>;
  /** How long an event id is remembered (ms, default 24 h). */
  dedupTtlMs?: number;
  /**
   * Team pulses (src/pulses): claims `pulse` commands and `~pulse` buttons before any personal
   * state is read, so answering a team pulse never touches (or is linked to) personal data.
   */
  pulses?: { route(event: InboundTurn): Promise<TurnReply | null> };
  /** Reads a country from typed words (`sos Germany`); helplines for it are shown. */
  countryFromText?: (text: string) => string | undefined;
  /**
   * Called when a flow finishes in a turn; may add a message and change the profile (e.g. a
   * screener offered after a daily check-in).
   */
  onFlowComplete?: (
    flowId: string,
    profile: Profile,
    now: number,
  ) => { message: OutboundMessage; profile: Profile } | null;
  /** Called after a crisis was answered and recorded (the consented escalation webhook). */
  onCrisis?: (user: InboundTurn['user'], profile: Profile, assessment: SafetyAssessment) => void;
}

export interface Bot {
  /** The single entry point of every turn, for every platform. */
  handle(event: InboundEvent): Promise<TurnReply>;
  /**
   * A proactive message to this person came back `gone` (DMs closed, app blocked): turn their
   * reminders off and tell them privately at their next interaction.
   */
  noteUndelivered(user: UserKey, reason: string): Promise<void>;
}
