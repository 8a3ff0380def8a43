import type { SafetyAssessment, SafetyCategory, SafetyScreen } from '../core/ports.ts';
import {
  hasLaughter,
  hasTimeSet,
  hasTrivialCause,
  isAboutWriter,
  isAccident,
  isDiscussion,
  isDistantPast,
  isIdeation,
  isNegated,
  isOrdinaryFarewell,
  isQuoted,
  isResolved,
  isStoryFrame,
  isTechContext,
  isTrivialCondition,
  spanOf,
} from './framing.ts';
import { detectLanguage } from './language.ts';
import { normalize } from './normalize.ts';
import { buildPrefilter, type Prefilter } from './prefilter.ts';
import { DE_RULES } from './rules/de.ts';
import { EN_RULES } from './rules/en.ts';
import { ES_RULES } from './rules/es.ts';
import { FAMILY_RULES } from './rules/families.ts';
import { ACT_RULES, INTENT_RULES } from './rules/families-intent.ts';
import { PEOPLE_FAMILY_RULES } from './rules/families-people.ts';
import { FR_RULES } from './rules/fr.ts';
import type { Rule } from './rules/types.ts';

/**
 * The crisis-language screen: a rule-based detector over normalised text. It is a screen, not a
 * clinical tool: it aims to notice, cheaply and on every free-text turn, the messages that need a
 * human answer, and to stay quiet on idioms, games and quotes.
 */

/** How the detector read a message, beyond the port's level and category. */
export type SafetyFraming = 'past' | 'past_resolved' | 'joking';

/** The port's assessment plus what the replies need to pick the right words. Never holds user text. */
export interface SafetyVerdict extends SafetyAssessment {
  /** Set when a framing rule lowered the level (e.g. history told as resolved). */
  framing?: SafetyFraming;
  /** Ids of the rules that fired, for evaluation and tests. */
  rules: string[];
}

/**
 * Most severe first. Something already taken or done comes first (minutes matter), then a plan or
 * means (including a final farewell), then suicidal thoughts, harm to others, self-harm, abuse and
 * eating disorders. Level always outranks category: any crisis beats any concern.
 */
export const SEVERITY: readonly SafetyCategory[] = [
  'overdose_or_emergency',
  'plan_or_means',
  'suicidal_thoughts',
  'harm_to_others',
  'self_harm',
  'abuse',
  'eating_disorder',
];

export const ALL_RULES: readonly Rule[] = [
  ...EN_RULES,
  ...ES_RULES,
  ...DE_RULES,
  ...FR_RULES,
  ...FAMILY_RULES,
  ...PEOPLE_FAMILY_RULES,
  ...INTENT_RULES,
  ...ACT_RULES,
];

interface Hit {
  rule: Rule;
  level: 'crisis' | 'concern';
  category: SafetyCategory;
  framing?: SafetyFraming;
}

// One prefilter per rule set, built on first use (tests pass their own rule lists).
const PREFILTERS = new WeakMap<readonly Rule[], Prefilter | null>();

/**
 * The fast path's question: could any rule match this normalised text? False only when no rule's
 * anchor occurs in it (see prefilter.ts), in which case the full detector would say `none` too.
 */
export function mightMatch(normalized: string, rules: readonly Rule[] = ALL_RULES): boolean {
  const filter = prefilterFor(rules);
  return filter === null || filter.test(normalized);
}

function prefilterFor(rules: readonly Rule[]): Prefilter | null {
  let filter = PREFILTERS.get(rules);
  if (filter === undefined) {
    filter = buildPrefilter(rules);
    PREFILTERS.set(rules, filter);
  }
  return filter;
}

/** Assesses one message. Pure and synchronous; safe to call on every turn. */
export function assessText(raw: string, rules: readonly Rule[] = ALL_RULES): SafetyVerdict {
  const text = normalize(raw);
  const filter = prefilterFor(rules);
  if (filter === null) return assessFully(raw, text, rules);
  if (!filter.test(text)) return noneVerdict(raw, text);
  // Only rules with an anchor in the text can match: the others are skipped, in rule order.
  return assessFully(raw, text, rules, filter.candidates(text));
}

function noneVerdict(raw: string, text: string): SafetyVerdict {
  const guessed = detectLanguage(raw, text);
  return { level: 'none', category: null, ...(guessed ? { language: guessed } : {}), rules: [] };
}

/**
 * The full detector without the fast path: what the prefilter is proven against. `only` (from
 * the prefilter's candidates) skips rules that cannot match; without it every rule runs.
 */
export function assessFully(
  raw: string,
  text: string = normalize(raw),
  rules: readonly Rule[] = ALL_RULES,
  only?: Uint8Array,
): SafetyVerdict {
  const hits: Hit[] = [];
  for (let i = 0; i < rules.length; i++) {
    if (only && only[i] === 0) continue;
    const r = rules[i]!;
    const hit = evaluate(r, text);
    if (hit) hits.push(hit);
  }
  if (hits.length === 0) return noneVerdict(raw, text);
  const guessed = detectLanguage(raw, text);

  hits.sort(
    (a, b) => rank(a.level) - rank(b.level) || SEVERITY.indexOf(a.category) - SEVERITY.indexOf(b.category),
  );
  const top = hits[0]!;
  const language = guessed ?? top.rule.lang;
  return {
    level: top.level,
    category: top.category,
    language,
    ...(top.framing ? { framing: top.framing } : {}),
    rules: hits.map((h) => h.rule.id),
  };
}

function rank(level: 'crisis' | 'concern'): number {
  return level === 'crisis' ? 0 : 1;
}

function evaluate(r: Rule, text: string): Hit | null {
  const match = r.pattern.exec(text);
  if (!match) return null;
  if (r.requires && !r.requires.test(text)) return null;
  const start = match.index;
  const end = start + match[0].length;
  const span = spanOf(text, start, end);
  if (r.unless?.test(span.sentence)) return null;
  if (isNegated(span.before, match[0], r.negates ?? false)) return null;
  if (isStoryFrame(span.clause) || isQuoted(span.sentence)) return null;
  if (r.topic && isDiscussion(span.sentence)) return null;
  if (r.self && !isAboutWriter(span.sentence)) return null;
  // Bare topic words are tech words too ("the daemon commits suicide when it loses the lock").
  if ((r.tech || r.topic) && isTechContext(span.sentence)) return null;
  if (r.accident && isAccident(span.sentence)) return null;
  if (r.conditional && isTrivialCondition(span.sentence, text)) return null;
  if (r.farewell && isOrdinaryFarewell(text)) return null;

  let level = r.level;
  let category = r.category;
  let framing: SafetyFraming | undefined;
  if (r.hyperbole && hasTrivialCause(span.sentence)) return null;
  if (r.hyperbole && level === 'crisis' && hasLaughter(span.sentence)) {
    level = 'concern';
    framing = 'joking';
  }
  if (r.ideation && isIdeation(span.before)) level = 'concern';
  if (isDistantPast(span.sentence)) {
    level = 'concern';
    framing = isResolved(text) ? 'past_resolved' : 'past';
  } else if (category === 'suicidal_thoughts' && level === 'crisis' && hasTimeSet(text)) {
    category = 'plan_or_means';
  }
  return { rule: r, level, category, ...(framing ? { framing } : {}) };
}

/** The SafetyScreen port, backed by the rule-based detector. */
export function createSafetyScreen(rules: readonly Rule[] = ALL_RULES): SafetyScreen & {
  assess(text: string): SafetyVerdict;
} {
  return { assess: (text) => assessText(text, rules) };
}
