import { createSlackAdapter } from '../adapters/slack/index.ts';
import type { InboundEvent } from '../src/core/inbound.ts';
import { text } from '../src/core/outbound.ts';
import { createHttpServer } from '../src/http/server.ts';
import { silentLogger } from '../src/ops/logger.ts';
import { dmMessage, eventEnvelope } from '../test/fakes/slack/payloads.ts';
import { postSigned } from '../test/fakes/slack/signer.ts';
import { FakeSlack } from '../test/fakes/slack/web-api.ts';
import type { Benchmark } from './types.ts';

/**
 * Slack's deadline is an HTTP 200 within 3 seconds. Measures how long the adapter takes to answer a
 * signed event (signature check, Bolt, ack) on the shared HTTP server, next to a bare route on the
 * same server, and the full round trip until the reply reaches the (local, fake) Web API.
 */
const SECRET = 'bench-secret';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

const bench: Benchmark = {
  name: 'slack',
  description: 'Slack HTTP ack latency and event→reply round trip (real Bolt, fake Web API)',
  async run({ quick }) {
    const n = quick ? 20 : 400;
    const fake = await FakeSlack.start();
    const http = createHttpServer({ logger: silentLogger, maxBodyBytes: 1_000_000 });
    http.route('POST', '/bare', (_req, res) => {
      res.writeHead(200).end();
    });
    let replied = 0;
    const adapter = createSlackAdapter({
      botToken: 'xoxb-bench',
      signingSecret: SECRET,
      apiUrl: fake.apiUrl,
    });
    await adapter.start({
      sink: async (_event: InboundEvent) => ({ messages: [text('ok')] }),
      http,
      logger: silentLogger,
    });
    const port = await http.listen('127.0.0.1', 0);
    const base = `http://127.0.0.1:${port}`;

    const measure = async (url: string) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const started = performance.now();
        const { status } = await postSigned(url, SECRET, {
          json: eventEnvelope(dmMessage('U1', `hello ${i}`)),
        });
        times.push(performance.now() - started);
        if (status !== 200) throw new Error(`status ${status}`);
      }
      return times.sort((a, b) => a - b);
    };
    await measure(`${base}/slack/events`); // warm-up (auth.test, JIT)
    const bare = await measure(`${base}/bare`);
    const before = fake.callsTo('chat.postMessage').length;
    const roundTrip = performance.now();
    const slack = await measure(`${base}/slack/events`);
    await fake.waitForCalls('chat.postMessage', before + n, 60_000);
    const perTurn = (performance.now() - roundTrip) / n;
    replied = fake.callsTo('chat.postMessage').length - before;

    await adapter.stop();
    await http.close(100);
    await fake.close();
    if (replied !== n) throw new Error(`expected ${n} replies, got ${replied}`);
    return {
      'ack p50': {
        value: percentile(slack, 0.5),
        unit: 'ms',
        baseline: percentile(bare, 0.5),
        baselineLabel: 'bare route',
      },
      'ack p99': {
        value: percentile(slack, 0.99),
        unit: 'ms',
        baseline: percentile(bare, 0.99),
        baselineLabel: 'bare route',
        target: '≤ 100 ms (Slack allows 3000)',
      },
      'event → reply posted, per turn': { value: perTurn, unit: 'ms' },
    };
  },
};

export default bench;
