import type { SafetyCategory } from '../../core/ports.ts';

/** Languages with their own lexicon. */
export const SAFETY_LANGUAGES = ['en', 'es', 'de', 'fr'] as const;
export type SafetyLanguage = (typeof SAFETY_LANGUAGES)[number];

/**
 * One lexicon entry: a phrase pattern over normalised text (see normalize.ts) and what it means.
 * The flags say which framing rules may cancel or lower it, because the same words are a
 * disclosure in one sentence and an idiom, a quote or a game in the next.
 */
export interface Rule {
  /** Stable id for tests and evaluation output, e.g. `en.sui.kill-myself`. Never user text. */
  id: string;
  lang: SafetyLanguage;
  category: SafetyCategory;
  level: 'crisis' | 'concern';
  /** Matched against normalised text; no `g` flag. */
  pattern: RegExp;
  /** The pattern contains its own negation ("no longer want to live"): skip the negation check. */
  negates?: boolean;
  /** A topic word ("suicide"): counts only when the sentence is about the writer and not a discussion. */
  topic?: boolean;
  /** The words also appear in tech and gaming talk ("kill the process", "my character overdosed"). */
  tech?: boolean;
  /** The words also describe everyday accidents ("cut myself shaving"). */
  accident?: boolean;
  /** Hyperbole often uses these words ("I want to die 😂"). */
  hyperbole?: boolean;
  /** A trivial condition makes it an idiom ("I'll kill him if he eats my lunch"), unless a weapon is named. */
  conditional?: boolean;
  /** Also required somewhere in the message (a second cue, such as a means next to a time). */
  requires?: RegExp;
  /** Cancelled when this appears in the same sentence (rule-specific idiom). */
  unless?: RegExp;
  /** The sentence must speak about the writer (I, me, my), or name nobody else. */
  self?: boolean;
  /** A farewell: ordinary goodbyes ("see you Monday", "goodbye to my old job") cancel it. */
  farewell?: boolean;
  /** Thought-only phrasing ("thinking about hurting myself") lowers it to concern. */
  ideation?: boolean;
}

/** Shorthand for lexicon files: `rule('en.sui.x', 'suicidal_thoughts', 'crisis', /.../, {…})`. */
export function rule(
  id: string,
  category: SafetyCategory,
  level: 'crisis' | 'concern',
  pattern: RegExp,
  flags: Omit<Rule, 'id' | 'lang' | 'category' | 'level' | 'pattern'> = {},
): Rule {
  const lang = id.slice(0, 2) as SafetyLanguage;
  return { id, lang, category, level, pattern, ...flags };
}
