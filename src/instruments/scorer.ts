import type { InstrumentResult, InstrumentScorer } from '../engine/effects.ts';
import { instrumentById } from './load.ts';
import type { Instrument } from './schema.ts';
import { bandLabel, type ScoreOptions, scoreAnswers } from './score.ts';

/** What the engine's `score` step keeps: the published result plus the band's name for flow text. */
export interface FlowScreenerResult extends InstrumentResult {
  /** "Moderately severe": lets a flow say the band without a branch per band. */
  bandLabel: string;
}

/**
 * The engine's `score` step hook (BotDeps.scorer), backed by the instrument files. It throws an
 * `AnswerError` on a missing or out-of-range answer, which cannot happen after the flow's own
 * choice questions; `cutoffs` overrides PHQ-2/GAD-2 cut-offs by instrument id.
 */
export function createInstrumentScorer(
  instruments: ReadonlyMap<string, Instrument>,
  cutoffs: Readonly<Record<string, number>> = {},
): InstrumentScorer & { score(instrument: string, answers: number[]): FlowScreenerResult } {
  return {
    has: (id) => instruments.has(id),
    score(id, answers) {
      const inst = instrumentById(id, instruments);
      const cutoff = cutoffs[id];
      const options: ScoreOptions = cutoff === undefined ? {} : { cutoff };
      const { instrument: _id, ...result } = scoreAnswers(inst, answers, options);
      return { ...result, bandLabel: bandLabel(inst, result.band) };
    },
  };
}
