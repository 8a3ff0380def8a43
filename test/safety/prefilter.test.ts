import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEvalSet } from '../../eval/safety/metrics.ts';
import { ALL_RULES, assessFully, assessText, mightMatch } from '../../src/safety/detector.ts';
import { normalize } from '../../src/safety/normalize.ts';
import { anchorsOf, buildPrefilter, unanchoredRules } from '../../src/safety/prefilter.ts';

const SETS = ['dataset.jsonl', 'holdout.jsonl', 'fresh.jsonl'].map((name) =>
  parseEvalSet(readFileSync(`eval/safety/${name}`, 'utf8'), name),
);
const EVAL_TEXTS = SETS.flat().map((i) => i.text);

// A deterministic generator (no Math.random: a failure must reproduce).
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/**
 * Messages that look like chat and are dense in trigger words: shuffled word salads over the
 * vocabulary of all evaluation sets plus every literal word in the rule sources, glued with the
 * punctuation, apostrophes, accents, leetspeak and stretched letters normalisation must undo, and
 * crisis messages with words dropped or swapped.
 */
function corpus(n: number): string[] {
  const rnd = lcg(20261126);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const ruleWords = ALL_RULES.flatMap((r) => r.pattern.source.match(/[a-z]{3,}/g) ?? []);
  const evalWords = EVAL_TEXTS.flatMap((t) => t.split(/\s+/));
  const vocab = [...new Set([...ruleWords, ...evalWords])];
  const glue = [' ', ' ', ' ', ', ', '. ', '! ', "'", ' - ', '\n', '  '];
  const twist = (w: string) => {
    const r = rnd();
    if (r < 0.05) return w.toUpperCase();
    if (r < 0.08) return w.replace(/e/g, '3').replace(/i/g, '1');
    if (r < 0.1) return w.replace(/([aeiou])/, '$1$1$1');
    if (r < 0.12) return w.replace(/e/, 'é');
    return w;
  };
  const out: string[] = [];
  while (out.length < n) {
    if (rnd() < 0.3) {
      const words = pick(EVAL_TEXTS).split(/\s+/);
      const drop = Math.floor(rnd() * words.length);
      const swap = Math.floor(rnd() * words.length);
      words.splice(drop, 1);
      if (words[swap] !== undefined) words[swap] = pick(vocab);
      out.push(words.join(' '));
      continue;
    }
    const len = 1 + Math.floor(rnd() * 14);
    let text = '';
    for (let i = 0; i < len; i++) text += twist(pick(vocab)) + pick(glue);
    out.push(text.trim());
  }
  return out;
}

describe('the prefilter (fast path)', () => {
  it('derives an anchor for every rule, so the fast path is on', () => {
    expect(unanchoredRules(ALL_RULES)).toEqual([]);
    expect(buildPrefilter(ALL_RULES)?.size).toBeGreaterThan(100);
  });

  it('proves the anchors a pattern needs', () => {
    expect(anchorsOf(/\bkill\s+myself\b/)?.some((a) => a.includes('myself'))).toBe(true);
    const alt = anchorsOf(/\b(?:overdose|took all)\b/) ?? [];
    expect(alt.map((a) => a.replaceAll('\u0001', '')).sort()).toEqual(['overdose', 'took all']);
    // An optional part proves nothing; the required one does.
    const sad = anchorsOf(/(?:very )?sad/) ?? [];
    expect(sad).toContain('sad');
    expect(sad.every((a) => a.endsWith('sad'))).toBe(true);
    // Lookarounds consume nothing; a dot or \w proves no literal.
    expect(anchorsOf(/(?=x)ab/)).toEqual(['ab']);
    expect(anchorsOf(/.+/)).toBeNull();
    expect(anchorsOf(/\w{3,}/)).toBeNull();
    // A bare rule list with an unanchored rule turns the fast path off rather than guessing.
    expect(buildPrefilter([{ ...ALL_RULES[0]!, pattern: /.*/ }])).toBeNull();
  });

  it('lets ordinary check-in text through on the fast path', () => {
    for (const t of [
      'fine, a bit tired today',
      'slept ok, 7/10',
      'estoy bien, un poco cansada',
      'ça va, journée tranquille',
    ])
      expect(mightMatch(normalize(t)), t).toBe(false);
    expect(mightMatch(normalize('i want to kill myself'))).toBe(true);
    // Only rules with an anchor in the text are candidates.
    const filter = buildPrefilter(ALL_RULES)!;
    const picked = filter.candidates(normalize('i want to kill myself'));
    const ids = ALL_RULES.filter((_, i) => picked[i] === 1).map((r) => r.id);
    expect(ids).toContain('en.sui.kill-myself');
    expect(ids.length).toBeLessThan(ALL_RULES.length / 4);
  });

  it('changes no verdict on any evaluation set (level, category, language, framing, rules)', () => {
    let fast = 0;
    for (const text of EVAL_TEXTS) {
      const full = assessFully(text);
      if (!mightMatch(normalize(text))) {
        fast += 1;
        expect(full.level, text).toBe('none');
      }
      expect(assessText(text), text).toEqual(full);
    }
    expect(fast).toBeGreaterThan(50); // the property is exercised, not vacuous
  });

  it('property on a generated corpus: prefilter says none ⇒ the full detector says none; candidate rules give the full verdict', () => {
    const texts = corpus(12_000);
    let fast = 0;
    let flagged = 0;
    const broken: string[] = [];
    for (const text of texts) {
      const full = assessFully(text);
      if (full.level !== 'none') flagged += 1;
      if (!mightMatch(normalize(text))) {
        fast += 1;
        if (full.level !== 'none') broken.push(text);
      }
      // Running only the candidate rules must not change any part of the verdict either.
      if (JSON.stringify(assessText(text)) !== JSON.stringify(full)) broken.push(`candidates: ${text}`);
    }
    expect(broken).toEqual([]);
    // Both sides are populated, so the check can fail.
    expect(flagged).toBeGreaterThan(500);
    expect(fast).toBeGreaterThan(500);
  });
});
