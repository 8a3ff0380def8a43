import { readFileSync } from 'node:fs';
import { assessText } from '../src/safety/detector.ts';
import type { Benchmark } from './types.ts';

/**
 * The crisis screen runs on every free-text turn, so its cost is per message. Measured against a
 * naive baseline in the same run: one case-insensitive regex of crisis keywords (what a simple
 * bot would do), which is fast but cannot tell "kill myself" from "kill the process".
 */
const NAIVE =
  /suicid|kill myself|kms|want to die|self.?harm|cut myself|overdose|pills|hang myself|goodbye|abuse|rape|starv|purge|matarme|suicid|umbringen|sterben|mourir|me tuer/i;

function corpus(): string[] {
  const texts = readFileSync(new URL('../eval/safety/dataset.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text);
  // Check-in notes can be long: add a few paragraph-sized messages.
  const long = texts
    .slice(0, 10)
    .map((t) => `${'Work was long and the train was late again. '.repeat(12)}${t}`);
  return [...texts, ...long];
}

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
  description: 'crisis-language screen throughput (messages/second) vs a single keyword regex',
  async run({ quick }) {
    const messages = corpus();
    const rounds = quick ? 1 : 30;
    rate(messages, 1, (t) => assessText(t)); // warm-up: regex compilation and JIT
    rate(messages, 1, (t) => NAIVE.test(t));
    const detector = rate(messages, rounds, (t) => assessText(t).level !== 'none');
    const naive = rate(messages, rounds, (t) => NAIVE.test(t));
    return {
      'screen messages/second': {
        value: detector,
        unit: 'msg/s',
        baseline: naive,
        baselineLabel: 'single keyword regex',
        target: '≥ 2,000 msg/s (well under 1 ms per turn)',
      },
      'screen µs/message': { value: 1e6 / detector, unit: 'µs', baseline: 1e6 / naive, target: '< 500 µs' },
    };
  },
};
export default bench;
