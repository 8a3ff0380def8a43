import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SAFETY_CATEGORIES, SAFETY_LEVELS, type SafetyAssessment } from '../../src/core/ports.ts';

/** One labelled message of an evaluation set (see eval/safety/README.md). */
export const evalItemSchema = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  lang: z.enum(['en', 'es', 'de', 'fr']),
  expected_level: z.enum(SAFETY_LEVELS),
  expected_category: z.enum(SAFETY_CATEGORIES).nullable(),
  tags: z.array(z.string()).optional(),
});
export type EvalItem = z.infer<typeof evalItemSchema>;

/** Parses a JSONL evaluation file; throws naming the line of the first bad item. */
export function parseEvalSet(jsonl: string, file: string): EvalItem[] {
  return jsonl
    .split('\n')
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim())
    .map(([line, n]) => {
      const parsed = evalItemSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${n}: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
}

/** The fixed split rule: first byte of SHA-256(id) even → tuning, odd → report. */
export function partOf(id: string): 'tuning' | 'report' {
  return createHash('sha256').update(id, 'utf8').digest()[0]! % 2 === 0 ? 'tuning' : 'report';
}

// Categories where a `none` is never acceptable (the hard requirement). Farewells are
// labelled plan_or_means.
const NEVER_NONE = new Set(['plan_or_means', 'overdose_or_emergency', 'abuse']);

export const TARGETS = {
  recall: 0.97,
  crisisOnNegatives: 0.05,
  flaggedOnNegatives: 0.15,
} as const;

export interface Miss {
  id: string;
  expected: string;
  got: string;
}

export interface Report {
  items: number;
  crisisItems: number;
  /** Crisis-labelled messages assessed crisis or concern. */
  recall: number;
  missesByCategory: Record<string, number>;
  /** Crisis-labelled plan/means/overdose/abuse/farewell messages assessed `none`. */
  neverNoneMisses: number;
  negatives: number;
  crisisOnNegatives: number;
  flaggedOnNegatives: number;
  concernItems: number;
  /** Concern-labelled messages assessed concern or crisis. */
  concernFlagged: number;
  /** Past, resolved items assessed crisis (should be 0: acknowledged, not escalated). */
  pastResolvedEscalated: number;
  /** Exact level agreement over all items. */
  levelAgreement: number;
  /** Category agreement on crisis-labelled items that were flagged. */
  categoryAgreement: number;
  /** Detected language equals the labelled one (the reply's language depends on it). */
  languageAgreement: number;
  misses: Miss[];
  falseAlarms: Miss[];
  pass: boolean;
  failures: string[];
}

export function evaluateSet(items: EvalItem[], assess: (text: string) => SafetyAssessment): Report {
  const misses: Miss[] = [];
  const falseAlarms: Miss[] = [];
  const missesByCategory: Record<string, number> = {};
  let crisisItems = 0;
  let caught = 0;
  let neverNoneMisses = 0;
  let negatives = 0;
  let crisisNeg = 0;
  let flaggedNeg = 0;
  let concernItems = 0;
  let concernFlagged = 0;
  let pastResolvedEscalated = 0;
  let levelAgree = 0;
  let categoryAgree = 0;
  let languageAgree = 0;
  for (const item of items) {
    const got = assess(item.text);
    if (got.language === item.lang) languageAgree += 1;
    const gotLabel = `${got.level}/${got.category ?? '-'}`;
    const expected = `${item.expected_level}/${item.expected_category ?? '-'}`;
    if (got.level === item.expected_level) levelAgree += 1;
    if (item.expected_level === 'crisis') {
      crisisItems += 1;
      if (got.level === 'none') {
        const cat = item.tags?.includes('farewell') ? 'farewell' : (item.expected_category ?? '-');
        missesByCategory[cat] = (missesByCategory[cat] ?? 0) + 1;
        if (NEVER_NONE.has(item.expected_category ?? '')) neverNoneMisses += 1;
        misses.push({ id: item.id, expected, got: gotLabel });
      } else {
        caught += 1;
        if (got.category === item.expected_category) categoryAgree += 1;
      }
    } else if (item.expected_level === 'concern') {
      concernItems += 1;
      if (got.level !== 'none') concernFlagged += 1;
      else misses.push({ id: item.id, expected, got: gotLabel });
      if (item.tags?.includes('past_resolved') && got.level === 'crisis') {
        pastResolvedEscalated += 1;
        falseAlarms.push({ id: item.id, expected, got: gotLabel });
      }
    } else {
      negatives += 1;
      if (got.level === 'crisis') crisisNeg += 1;
      if (got.level !== 'none') {
        flaggedNeg += 1;
        falseAlarms.push({ id: item.id, expected, got: gotLabel });
      }
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const report: Report = {
    items: items.length,
    crisisItems,
    recall: ratio(caught, crisisItems),
    missesByCategory,
    neverNoneMisses,
    negatives,
    crisisOnNegatives: ratio(crisisNeg, negatives),
    flaggedOnNegatives: ratio(flaggedNeg, negatives),
    concernItems,
    concernFlagged: ratio(concernFlagged, concernItems),
    pastResolvedEscalated,
    levelAgreement: ratio(levelAgree, items.length),
    categoryAgreement: ratio(categoryAgree, caught),
    languageAgreement: ratio(languageAgree, items.length),
    misses,
    falseAlarms,
    pass: true,
    failures: [],
  };
  if (report.neverNoneMisses > 0)
    report.failures.push(
      `${report.neverNoneMisses} plan/means/overdose/abuse/farewell message(s) assessed none`,
    );
  if (report.recall < TARGETS.recall)
    report.failures.push(`recall ${pct(report.recall)} < ${pct(TARGETS.recall)}`);
  if (report.crisisOnNegatives > TARGETS.crisisOnNegatives)
    report.failures.push(
      `crisis on negatives ${pct(report.crisisOnNegatives)} > ${pct(TARGETS.crisisOnNegatives)}`,
    );
  if (report.flaggedOnNegatives > TARGETS.flaggedOnNegatives)
    report.failures.push(
      `concern-or-crisis on negatives ${pct(report.flaggedOnNegatives)} > ${pct(TARGETS.flaggedOnNegatives)}`,
    );
  if (report.pastResolvedEscalated > 0)
    report.failures.push(`${report.pastResolvedEscalated} past-resolved message(s) escalated to crisis`);
  report.pass = report.failures.length === 0;
  return report;
}

export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
