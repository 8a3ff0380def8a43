import type { SourceDocument } from './document.ts';
import { judgeMedication, type MedicationReason, type MedicationTerms } from './medication.ts';
import { candidateSentences, type SummaryNotice, type SummarySentence, summarise } from './summarise.ts';

/** The most sentences any summary shows; a digest keeps this many, ranked, so any N ≤ it is cheap. */
export const MAX_SUMMARY_SENTENCES = 10;

/**
 * Everything needed to show a summary of one document at any length: the top-ranked sentences with
 * their scores and positions, and the medication facts about the whole text. It holds only the
 * document's own public text (it is what the URL cache stores).
 */
export interface Digest {
  title?: string;
  /** Up to MAX_SUMMARY_SENTENCES sentences, in source order, each with its TextRank score. */
  ranked: SummarySentence[];
  candidates: number;
  totalSentences: number;
  /** Notices about the whole text (`list`, `not_english`); `short` depends on N and is added later. */
  notices: SummaryNotice[];
  /** Medication reasons that hold for the whole text (never `summary`, which depends on N). */
  medicationReasons: MedicationReason[];
}

/** Ranks a document once. Throws CheckinError(invalid_content) when there is nothing to summarise. */
export function digestDocument(
  doc: SourceDocument,
  options: { flagged?: boolean; terms?: MedicationTerms } = {},
): Digest {
  const summary = summarise(doc, { sentences: MAX_SUMMARY_SENTENCES });
  const sentences = candidateSentences(doc).candidates.map((s) => s.text);
  const judgement = judgeMedication(
    { ...(doc.title ? { title: doc.title } : {}), sentences, summary: [], flagged: options.flagged ?? false },
    options.terms,
  );
  return {
    ...(doc.title ? { title: doc.title } : {}),
    ranked: summary.sentences,
    candidates: summary.candidates,
    totalSentences: summary.totalSentences,
    notices: summary.notices.filter((n) => n.code !== 'short'),
    medicationReasons: judgement.reasons,
  };
}

/** A summary of N sentences, ready to show. */
export interface SummaryView {
  title?: string;
  sentences: SummarySentence[];
  notices: SummaryNotice[];
  /** True when the prescriber guardrail must follow the summary. */
  guardrail: boolean;
  medicationReasons: MedicationReason[];
}

/** Picks the top `n` sentences of a digest (in source order) and decides on the guardrail. */
export function viewSummary(digest: Digest, n: number, terms?: MedicationTerms): SummaryView {
  const count = Math.max(1, Math.min(n, MAX_SUMMARY_SENTENCES));
  const sentences = [...digest.ranked]
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count)
    .sort((a, b) => a.index - b.index);
  const notices = [...digest.notices];
  if (digest.candidates <= count) {
    notices.push({ code: 'short', message: 'The text is short, so every sentence of it is shown.' });
  }
  const reasons = [...digest.medicationReasons];
  const shown = judgeMedication({ sentences: [], summary: sentences.map((s) => s.text) }, terms);
  if (shown.reasons.includes('summary')) reasons.push('summary');
  return {
    ...(digest.title ? { title: digest.title } : {}),
    sentences,
    notices,
    guardrail: reasons.length > 0,
    medicationReasons: reasons,
  };
}
