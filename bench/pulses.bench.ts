import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BUILTIN_CONTENT_DIR } from '../src/compose.ts';
import type { ConversationAddress } from '../src/core/address.ts';
import { asUserKey } from '../src/core/user-key.ts';
import { silentLogger } from '../src/ops/logger.ts';
import { aggregate } from '../src/pulses/aggregate.ts';
import { createPulses } from '../src/pulses/index.ts';
import { loadPulseSets } from '../src/pulses/sets.ts';
import type { Benchmark, Figure } from './types.ts';

/**
 * Team pulses in process (memory pulse store, real AES-GCM and HMAC): recording one answer, and
 * closing a pulse of a large channel (decrypt every answer, count, save, render the results picture),
 * each beside a baseline from the same run — counting the same answers with no crypto or storage,
 * and rendering the results with no answers at all.
 */

const CHANNEL: ConversationAddress = { platform: 'slack', id: 'slack:T1:CBENCH', scope: 'channel', ref: {} };

const bench: Benchmark = {
  name: 'pulses',
  description: 'team pulse: answer latency and closing a large channel’s pulse (memory store, real crypto)',
  async run({ quick }) {
    const people = quick ? 20 : 1000;
    let now = Date.UTC(2026, 2, 6, 14, 0);
    const set = loadPulseSets([BUILTIN_CONTENT_DIR]).get('team')!;
    const pulses = createPulses({
      config: { CHECKIN_PULSE_MIN_GROUP: 5, CHECKIN_ADMINS: [], CHECKIN_SUPPORT_URL: undefined },
      contentDirs: [BUILTIN_CONTENT_DIR],
      logger: silentLogger,
      clock: { now: () => now },
      send: async () => ({ status: 'delivered' }),
    });
    const core = pulses.core;

    const { meta } = await core.open(CHANNEL, set, 3_600_000, 'bench');
    const users = Array.from({ length: people }, (_, i) => asUserKey(`slack:T1:U${i}`));
    const answerTimes: number[] = [];
    for (const [i, user] of users.entries()) {
      for (const q of set.questions) {
        const start = performance.now();
        await core.answer(meta.id, q.id, String(1 + ((i * 7 + q.id.length) % 5)), user);
        answerTimes.push(performance.now() - start);
      }
    }
    answerTimes.sort((a, b) => a - b);
    const answerMedian = answerTimes[Math.floor(answerTimes.length / 2)]!;

    // Baseline: the same counting on plain values (what closing costs without crypto or storage).
    const plain = new Map<string, number>();
    for (const [i] of users.entries())
      for (const q of set.questions)
        plain.set(`${randomBytes(8).toString('hex')}:${q.id}`, 1 + ((i * 7 + q.id.length) % 5));
    let start = performance.now();
    aggregate(meta, plain, 5, now);
    const countOnly = performance.now() - start;

    now += 3_600_000;
    start = performance.now();
    await core.closeDue();
    const close = performance.now() - start;

    // Baseline for the close: a pulse nobody answered (the note, no picture, no decrypting).
    const empty = await core.open({ ...CHANNEL, id: 'slack:T1:CEMPTY' }, set, 1, 'bench-empty');
    now += 10;
    start = performance.now();
    await core.close(empty.meta.id);
    const closeEmpty = performance.now() - start;

    const figures: Record<string, Figure> = {
      answer_median_ms: { value: answerMedian, unit: 'ms', target: '< 1 ms in process' },
      [`close_${people}_people_ms`]: {
        value: close,
        unit: 'ms',
        baseline: closeEmpty,
        baselineLabel: 'closing a pulse nobody answered',
        target: '< 1000 ms for 1000 people',
      },
      [`count_only_${people}_people_ms`]: {
        value: countOnly,
        unit: 'ms',
        baseline: close,
        baselineLabel: 'the full close',
      },
    };
    return figures;
  },
};
export default bench;
