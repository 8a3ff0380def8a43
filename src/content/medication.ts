import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CheckinError, ErrorCode } from '../core/errors.ts';

/** The line every medication summary ends with. */
export const PRESCRIBER_GUARDRAIL = 'Do not start, stop or change a medication without your prescriber.';

const here = dirname(fileURLToPath(import.meta.url));
/** The maintained, cited term list (dialogs/medication-terms.yaml). */
export const MEDICATION_TERMS_FILE = join(here, '../../dialogs/medication-terms.yaml');

const byLanguage = z.record(z.string(), z.array(z.string().min(2)));
const termsFileSchema = z.object({
  sources: z.array(z.object({ title: z.string(), url: z.url() })).min(1),
  taken_on: z.union([z.iso.date(), z.date()]),
  terms: z.object({ generic: byLanguage, classes: byLanguage, drugs: byLanguage }).strict(),
});

/** A compiled term list: one matcher over every term, accent- and case-insensitive. */
export interface MedicationTerms {
  count: number;
  /** Every medication term in `text`, normalised (lower case, no accents), in order of appearance. */
  find(text: string): string[];
}

/** Lower case without accents, so "Fluoxétine" and "fluoxetine" match one entry. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’‘]/g, "'");
}

/** Compiles a list of terms into a matcher (terms may contain spaces, hyphens and apostrophes). */
export function compileTerms(terms: readonly string[]): MedicationTerms {
  const unique = [...new Set(terms.map(fold))].sort((a, b) => b.length - a.length);
  const escaped = unique.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[ -]/g, '[\\s-]'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})s?(?![\\p{L}\\p{N}])`, 'gu');
  return {
    count: unique.length,
    find(text) {
      return [...fold(text).matchAll(pattern)].map((m) => m[1] ?? '');
    },
  };
}

let cached: MedicationTerms | undefined;

/** Loads and checks the term list (once per process for the default file). */
export function loadMedicationTerms(file = MEDICATION_TERMS_FILE): MedicationTerms {
  if (file === MEDICATION_TERMS_FILE && cached) return cached;
  let parsed: z.infer<typeof termsFileSchema>;
  try {
    parsed = termsFileSchema.parse(parseYaml(readFileSync(file, 'utf8')));
  } catch (cause) {
    throw new CheckinError(
      ErrorCode.InvalidContent,
      `Medication term list ${file} is unreadable or malformed`,
      { cause },
    );
  }
  const all = Object.values(parsed.terms).flatMap((group) => Object.values(group).flat());
  const terms = compileTerms(all);
  if (file === MEDICATION_TERMS_FILE) cached = terms;
  return terms;
}

/** Why a text counts as prominently about medication (empty when it does not). */
export type MedicationReason = 'flagged' | 'title' | 'opening' | 'density' | 'summary';

export interface MedicationJudgement {
  prominent: boolean;
  reasons: MedicationReason[];
  /** Term mentions in the whole text, and per 100 words. */
  mentions: number;
  density: number;
}

/** How many opening sentences count as "the opening". */
export const OPENING_SENTENCES = 3;
/** At least this many mentions, at this many per 100 words, make a text dense in medication. */
export const DENSITY_MIN_MENTIONS = 3;
export const DENSITY_PER_100_WORDS = 1;

/**
 * Decides whether a summary must carry the prescriber guardrail. A text is prominently about
 * medication when any of these holds:
 * - `flagged`: it is a library article marked `medication: true`;
 * - `title`: its title names a medication, a drug class or medication in general;
 * - `opening`: one of its first three sentences does;
 * - `density`: it mentions medication at least 3 times and at least once per 100 words;
 * - `summary`: a sentence shown in the summary mentions one (so a medication statement is never
 *   shown without the guardrail, however incidental it was in the source).
 */
export function judgeMedication(
  input: { title?: string; sentences: readonly string[]; summary: readonly string[]; flagged?: boolean },
  terms: MedicationTerms = loadMedicationTerms(),
): MedicationJudgement {
  const reasons: MedicationReason[] = [];
  if (input.flagged) reasons.push('flagged');
  if (input.title && terms.find(input.title).length) reasons.push('title');
  if (input.sentences.slice(0, OPENING_SENTENCES).some((s) => terms.find(s).length)) reasons.push('opening');
  const all = input.sentences.join(' ');
  const mentions = terms.find(all).length;
  const words = all.split(/\s+/).filter(Boolean).length;
  const density = words ? (mentions * 100) / words : 0;
  if (mentions >= DENSITY_MIN_MENTIONS && density >= DENSITY_PER_100_WORDS) reasons.push('density');
  if (input.summary.some((s) => terms.find(s).length)) reasons.push('summary');
  return { prominent: reasons.length > 0, reasons, mentions, density };
}
