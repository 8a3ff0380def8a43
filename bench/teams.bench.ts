import { createTeamsAdapter, type TeamsAdapterOptions } from '../adapters/teams/index.ts';
import { text } from '../src/core/outbound.ts';
import { createHttpServer } from '../src/http/server.ts';
import { silentLogger } from '../src/ops/logger.ts';
import * as A from '../test/fakes/teams/activities.ts';
import { startFakeConnector } from '../test/fakes/teams/connector.ts';
import { startFakeIdentityProvider, staticCredentialsFactory } from '../test/fakes/teams/identity.ts';
import type { Benchmark } from './types.ts';

/**
 * Teams holds the HTTP request open for the whole turn (it gives a bot 15 s). Measures activity →
 * HTTP 200 with the reply posted to the (local, fake) connector through the real CloudAdapter, with
 * authentication off (dev mode) and on (RS256 token verified against a local identity provider),
 * next to a bare route on the same server. The sink answers at once, so this is the adapter's cost.
 */
const APP_ID = '11111111-2222-4333-8444-555555555555';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

const bench: Benchmark = {
  name: 'teams',
  description:
    'Teams activity → reply posted → HTTP 200 (real CloudAdapter, fake connector), auth off and on',
  async run({ quick }) {
    const n = quick ? 20 : 400;
    const connector = await startFakeConnector();
    const idp = await startFakeIdentityProvider();
    const http = createHttpServer({ logger: silentLogger, maxBodyBytes: 1_000_000 });
    http.route('POST', '/bare', (_req, res) => {
      res.writeHead(200).end();
    });
    const sink = async () => ({ messages: [text('ok')] });
    const adapters = [
      createTeamsAdapter({ devMode: true }),
      createTeamsAdapter({
        appId: APP_ID,
        appPassword: 'unused',
        cloudSettings: idp.settingsFor(),
        credentialsFactory: staticCredentialsFactory(
          APP_ID,
          'bench',
        ) as unknown as TeamsAdapterOptions['credentialsFactory'],
        route: '/api/messages-auth',
      }),
    ];
    for (const adapter of adapters) await adapter.start({ sink, http, logger: silentLogger });
    const port = await http.listen('127.0.0.1', 0);
    const base = `http://127.0.0.1:${port}`;
    const who = A.person(1);
    const token = idp.token({ aud: APP_ID, serviceurl: connector.url });

    const measure = async (path: string, headers: Record<string, string> = {}) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const body = JSON.stringify(A.message(connector.url, who, A.personalPlace(who), `hello ${i}`));
        const started = performance.now();
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
        await res.arrayBuffer();
        times.push(performance.now() - started);
        if (res.status !== 200) throw new Error(`status ${res.status}`);
      }
      return times.sort((a, b) => a - b);
    };
    const auth = { authorization: `Bearer ${token}` };
    await measure('/api/messages'); // warm-up (JIT, keys fetched once)
    await measure('/api/messages-auth', auth);
    const bare = await measure('/bare');
    const before = connector.callsOf('reply').length;
    const open = await measure('/api/messages');
    const signed = await measure('/api/messages-auth', auth);
    const replies = connector.callsOf('reply').length - before;

    for (const adapter of adapters) await adapter.stop();
    await http.close(100);
    await connector.close();
    await idp.close();
    if (replies !== 2 * n) throw new Error(`expected ${2 * n} replies, got ${replies}`);
    const figure = (times: number[], p: number, target?: string) => ({
      value: percentile(times, p),
      unit: 'ms',
      baseline: percentile(bare, p),
      baselineLabel: 'bare route',
      ...(target ? { target } : {}),
    });
    return {
      'turn p50, auth off': figure(open, 0.5),
      'turn p99, auth off': figure(open, 0.99, '≤ 100 ms (Teams allows 15000)'),
      'turn p50, auth on': figure(signed, 0.5),
      'turn p99, auth on': figure(signed, 0.99, '≤ 100 ms (Teams allows 15000)'),
    };
  },
};

export default bench;
