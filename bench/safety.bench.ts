import { readFileSync } from 'node:fs';
import { assessFully, assessText } from '../src/safety/detector.ts';
import type { Benchmark } from './types.ts';

/**
 * The crisis screen runs on every free-text turn, so its cost is per message. Three detectors are
 * measured in the same run:
 * - the screen as shipped (fast path: normalise, one derived prefilter, full rules only on a hit);
 * - the same rules without the fast path ("before"): every rule and its framing on every message;
 * - a naive baseline: one case-insensitive regex of crisis keywords (what a simple bot would do),
 *   fast but unable to tell "kill myself" from "kill the process".
 * On two corpora: every evaluation message (crisis-heavy, the worst case) and ordinary check-in
 * turns (the common case, where the fast path should answer in a few µs).
 */
const NAIVE =
  /suicid|kill myself|kms|want to die|self.?harm|cut myself|overdose|pills|hang myself|goodbye|abuse|rape|starv|purge|matarme|suicid|umbringen|sterben|mourir|me tuer/i;

function evalTexts(): string[] {
  return ['dataset', 'holdout', 'fresh'].flatMap((name) =>
    readFileSync(new URL(`../eval/safety/${name}.jsonl`, import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { text: string }).text),
  );
}

// Typical answers and notes in a daily check-in, in the four languages, short and long.
const TURNS = [
  'fine',
  '7',
  'a bit tired today, slept badly',
  'Good! Had a nice walk at lunch and finished the report.',
  'meh. meetings all day, nothing special',
  'Work was long and the train was late again. Then I cooked pasta with a friend and we watched a film. Early night.',
  'stressed about the exam on friday but revising',
  'skip',
  'estoy bien, un poco cansada',
  'hoy fue un buen día, fuimos al parque con los niños',
  'ich bin heute gut drauf, viel geschafft',
  'müde, aber okay',
  'ça va, journée tranquille au bureau',
  'pas terrible, mal dormi, mais ça ira',
  'Feeling anxious about the presentation tomorrow, practiced twice with my partner',
  '5/10 — headache most of the day, took an ibuprofen and it helped',
];

function rate(messages: string[], rounds: number, fn: (text: string) => unknown): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const m of messages) if (fn(m)) sink++;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < 0) throw new Error('unreachable');
  return (rounds * messages.length) / seconds;
}

const bench: Benchmark = {
  name: 'safety',
  description:
    'crisis-language screen throughput: fast path vs full rules without it vs a single keyword regex',
  async run({ quick }) {
    const mixed = evalTexts();
    const rounds = quick ? 1 : 20;
    const turnRounds = quick ? 10 : 3000;
    // Warm-up: regex compilation, the prefilter build and JIT.
    for (const fn of [assessText, assessFully, (t: string) => NAIVE.test(t)]) rate(mixed, 1, fn);
    const fast = rate(mixed, rounds, (t) => assessText(t).level !== 'none');
    const full = rate(mixed, rounds, (t) => assessFully(t).level !== 'none');
    const naive = rate(mixed, rounds, (t) => NAIVE.test(t));
    const turnsFast = rate(TURNS, turnRounds, (t) => assessText(t).level !== 'none');
    const turnsFull = rate(TURNS, turnRounds, (t) => assessFully(t).level !== 'none');
    const turnsNaive = rate(TURNS, turnRounds, (t) => NAIVE.test(t));
    return {
      'eval messages/s (fast path)': {
        value: fast,
        unit: 'msg/s',
        baseline: naive,
        baselineLabel: 'single keyword regex',
        target: '≥ 2,000 msg/s',
      },
      'eval messages/s (full rules, no fast path)': {
        value: full,
        unit: 'msg/s',
        baseline: naive,
        baselineLabel: 'single keyword regex',
      },
      'check-in turns µs/message (fast path)': {
        value: 1e6 / turnsFast,
        unit: 'µs',
        baseline: 1e6 / turnsFull,
        baselineLabel: 'full rules, no fast path',
        target: 'a few µs (the whole turn budget is ~12 µs)',
      },
      'check-in turns µs/message (keyword regex)': { value: 1e6 / turnsNaive, unit: 'µs' },
    };
  },
};
export default bench;
