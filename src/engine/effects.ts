import type { JsonObject } from '../core/json.ts';
import type { OutboundMessage } from '../core/outbound.ts';
import type { SafetyCategory } from '../core/ports.ts';
import type { ConversationState, HistoryEntry, Profile } from '../core/state.ts';

/** What the interpreter asks the bot to do besides replying; applied by the bot core after a turn. */
export type Effect =
  | { type: 'history'; entry: HistoryEntry }
  | { type: 'record'; name: string; value: JsonObject }
  /** A flow step raised the safety path (e.g. PHQ-9 item 9); the bot answers with crisis help. */
  /** `atMessage`: how many of the turn's messages came before it, so help is shown right there. */
  | { type: 'safety'; level: 'concern' | 'crisis'; category: SafetyCategory; atMessage: number }
  | { type: 'action'; action: 'forget_me' };

/** Turn outcomes are values, never exceptions: still waiting for an answer, finished, or stopped. */
export type Outcome = 'waiting' | 'complete' | 'cancelled';

export interface EngineResult {
  outcome: Outcome;
  /** New conversation state; null when no flow is active any more. */
  state: ConversationState | null;
  /** The profile after this turn (the same object when unchanged). */
  profile: Profile;
  messages: OutboundMessage[];
  effects: Effect[];
  /** The question answered this turn and the answer's label, so the asking message can show it. */
  answered?: { prompt: string; label: string };
}

/** Scores a validated instrument (implemented from dialogs/instruments by src/instruments). */
export interface InstrumentScorer {
  has(instrument: string): boolean;
  /** Throws when an answer is missing or out of range (no prorating). */
  score(instrument: string, answers: number[]): InstrumentResult;
}

export interface InstrumentResult {
  total: number;
  band: string;
  flags: string[];
  percent?: number;
}
