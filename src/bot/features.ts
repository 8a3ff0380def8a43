import type { CommandName } from '../core/commands.ts';
import type { InboundTurn } from '../core/inbound.ts';
import type { OutboundMessage } from '../core/outbound.ts';
import type { Clock, Logger, StateStore, UserChange, UserSnapshot } from '../core/ports.ts';

/** What a command handler sees: the turn, the person's snapshot and the shared services. */
export interface CommandContext {
  turn: InboundTurn;
  argsText: string;
  snapshot: UserSnapshot;
  store: StateStore;
  clock: Clock;
  logger: Logger;
}

/** What a command handler returns: messages, writes for this turn, and optionally a flow to start. */
export interface CommandOutcome {
  messages: OutboundMessage[];
  change?: UserChange;
  /** Start this flow after the messages (an active one is suspended and resumed afterwards). */
  startFlow?: string;
  /** Replies that may be shown in a shared channel (public information such as articles). */
  public?: boolean;
}

export type CommandHandler = (context: CommandContext) => Promise<CommandOutcome> | CommandOutcome;

/** Handlers that features (screeners, articles, reminders, …) plug into the core's command registry. */
export type FeatureHandlers = Partial<Record<CommandName, CommandHandler>>;
