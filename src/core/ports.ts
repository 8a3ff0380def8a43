import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConversationAddress } from './address.ts';
import type { InboundEvent } from './inbound.ts';
import type { Json } from './json.ts';
import type { OutboundMessage, TurnReply } from './outbound.ts';
import type { ConversationState, HistoryEntry, Profile } from './state.ts';
import type { Platform, UserKey } from './user-key.ts';

/** Wall-clock time as an input, so schedules and expiry are testable under a frozen clock. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Structured logger (pino-compatible). Bindings carry ids, counts and codes only: never message
 * text, answers, tokens or secrets.
 */
export interface Logger {
  debug(bindings: object, message: string): void;
  info(bindings: object, message: string): void;
  warn(bindings: object, message: string): void;
  error(bindings: object, message: string): void;
  child(bindings: object): Logger;
}

/** Everything stored about one person, read in one go at the start of a turn. */
export interface UserSnapshot {
  /** Optimistic-concurrency version of this person's record; 0 when nothing is stored yet. */
  version: number;
  conversation: ConversationState | null;
  profile: Profile;
  /** Named private documents (a safety plan, a platform conversation reference, …). */
  records: Record<string, Json>;
}

/** The writes of one turn, applied all together or not at all. */
export interface UserChange {
  /** New conversation state; `null` clears it; absent leaves it. */
  conversation?: ConversationState | null;
  profile?: Profile;
  /** Records to set; a `null` value deletes that record. */
  records?: Record<string, Json | null>;
  /** Entries appended to history (retention applies). */
  history?: HistoryEntry[];
}

/** What `forget` removed, so the person can be told. */
export interface ForgetReport {
  /** Families of data deleted, e.g. `conversation`, `profile`, `history` (count of entries), `records`. */
  deleted: Record<string, number>;
}

/**
 * Per-person state. Implementations: memory (the embedded default) and Redis. Values are
 * encrypted before they leave the process where the implementation persists them.
 */
export interface StateStore {
  /**
   * Records `eventId` as handled; resolves true the first time, false for a repeat within `ttlMs`.
   * Atomic across processes.
   */
  markSeen(eventId: string, ttlMs: number): Promise<boolean>;
  /** Reads everything a turn needs for one person in one round trip. */
  load(user: UserKey): Promise<UserSnapshot>;
  /**
   * Applies `change` atomically if the person's version is still `expectedVersion`; resolves false
   * (writing nothing) on conflict, so the caller reloads and retries the turn.
   */
  commit(user: UserKey, expectedVersion: number, change: UserChange): Promise<boolean>;
  /** History entries with `fromMs <= at < toMs`, oldest first. */
  history(user: UserKey, fromMs: number, toMs?: number): Promise<HistoryEntry[]>;
  /** Everything stored about one person, decrypted, for the person or an operator. */
  exportUser(user: UserKey): Promise<Json>;
  /** Deletes every key of one person. */
  forgetUser(user: UserKey): Promise<ForgetReport>;
  /** Adds a person to an installation's index (`slack:T1`, `discord-guild:9`), so an uninstall can find them. */
  indexUser(scope: string, user: UserKey): Promise<void>;
  /** Everyone indexed under `scope`. */
  usersIn(scope: string): Promise<UserKey[]>;
  /** Removes `scope`'s index itself (after its people were forgotten). */
  dropScope(scope: string): Promise<void>;
  /** Resolves when the store can be reached; rejects with the reason otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The bot's single entry point, as adapters see it. */
export type TurnSink = (event: InboundEvent) => Promise<TurnReply>;

/** An HTTP request as adapters receive it: the raw bytes (for signatures) and the parsed body. */
export interface HttpRequest extends IncomingMessage {
  rawBody: Buffer;
  /** JSON or form-decoded body, or undefined when empty or of another type. */
  body: unknown;
}

export type HttpHandler = (req: HttpRequest, res: ServerResponse) => void | Promise<void>;

/** The one HTTP server of the process, as adapters see it: they add routes, never open ports. */
export interface HttpRoutes {
  route(method: 'GET' | 'POST', path: string, handler: HttpHandler): void;
}

/** Outcome of a proactive send; the scheduler acts on each kind differently. */
export type DeliveryResult =
  | { status: 'delivered' }
  /** The platform asked us to wait `retryAfterMs` before trying again. */
  | { status: 'rate_limited'; retryAfterMs: number }
  /** The person cannot be reached any more (left, blocked the bot, app removed): stop scheduling. */
  | { status: 'gone'; reason: string }
  /** A transient failure: retry with backoff. */
  | { status: 'failed'; reason: string };

/** A message an adapter sent, so it can be updated later. Adapter-defined content. */
export type SentRef = { platform: Platform; ref: Json };

export interface StartContext {
  sink: TurnSink;
  http: HttpRoutes;
  logger: Logger;
}

/**
 * A chat platform. Replies to a turn normally go out in the adapter's own reply path (it renders
 * the TurnReply the sink returns); `send`, `update` and `sendProactive` serve the rest.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** Registers routes / opens the gateway and starts delivering events to `sink`. */
  start(context: StartContext): Promise<void>;
  /** Stops taking new events; resolves when in-flight deliveries are done. */
  stop(): Promise<void>;
  send(address: ConversationAddress, message: OutboundMessage): Promise<SentRef>;
  update(sent: SentRef, message: OutboundMessage): Promise<void>;
  /** A message nobody asked for right now (a reminder); never throws, reports the outcome. */
  sendProactive(address: ConversationAddress, message: OutboundMessage): Promise<DeliveryResult>;
}

export const SAFETY_LEVELS = ['none', 'concern', 'crisis'] as const;
export type SafetyLevel = (typeof SAFETY_LEVELS)[number];

export const SAFETY_CATEGORIES = [
  'suicidal_thoughts',
  'self_harm',
  'plan_or_means',
  'overdose_or_emergency',
  'abuse',
  'eating_disorder',
  'harm_to_others',
] as const;
export type SafetyCategory = (typeof SAFETY_CATEGORIES)[number];

/** Detector verdict for one piece of free text. */
export interface SafetyAssessment {
  level: SafetyLevel;
  /** The most severe category that applies; null exactly when level is `none`. */
  category: SafetyCategory | null;
  /** Language the text was written in, when recognised (`en`, `es`, `de`, `fr`). */
  language?: string;
}

/** Screens free text before any flow sees it. */
export interface SafetyScreen {
  assess(text: string): SafetyAssessment;
}
