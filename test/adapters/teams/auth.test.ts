import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { createTeamsAdapter, teamsOptionsFromConfig } from '../../../adapters/teams/index.ts';
import { loadConfig, platformsConfigured } from '../../../src/config/load.ts';
import { hasCode } from '../../../src/core/errors.ts';
import * as A from '../../fakes/teams/activities.ts';
import { type FakeConnector, startFakeConnector } from '../../fakes/teams/connector.ts';
import {
  type FakeIdentityProvider,
  startFakeIdentityProvider,
  staticCredentialsFactory,
} from '../../fakes/teams/identity.ts';
import { startTeamsBot, type TeamsBot } from './driver.ts';

/**
 * Bot Framework authentication, for real: the SDK fetches OpenID metadata and keys from the fake
 * identity provider and verifies RS256 tokens the test signs. Only a valid channel token runs a turn.
 */
const APP_ID = '11111111-2222-4333-8444-555555555555';
const OUTBOUND_TOKEN = 'outbound-token-for-tests';

let idp: FakeIdentityProvider;
let connector: FakeConnector;
let bot: TeamsBot;
let consoleError: MockInstance;

beforeAll(async () => {
  // The SDK prints every rejected request to stderr itself (messages, public keys; no tokens).
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
  idp = await startFakeIdentityProvider();
  connector = await startFakeConnector();
  bot = await startTeamsBot(connector, {
    adapter: {
      devMode: false,
      appId: APP_ID,
      appPassword: 'unused-with-the-injected-factory',
      cloudSettings: idp.settingsFor(),
      credentialsFactory: staticCredentialsFactory(APP_ID, OUTBOUND_TOKEN) as never,
    },
  });
});
afterAll(async () => {
  await bot?.stop();
  await connector?.close();
  await idp?.close();
  consoleError.mockRestore();
});

const who = A.person(1);
const activity = () => A.message(connector.url, who, A.personalPlace(who), 'help');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Posts and reports the HTTP status and whether a turn reached the bot core. */
async function attempt(headers: Record<string, string>) {
  const before = bot.events.length;
  const a = activity();
  const { status } = await bot.post(a, headers);
  const replies = connector.calls.filter((c) => c.activityId === a.id);
  return { status, turned: bot.events.length > before, replies };
}

describe('Teams authentication', () => {
  it('accepts a valid channel token, and signs its replies with the outbound credentials', async () => {
    const result = await attempt(bearer(idp.token({ aud: APP_ID, serviceurl: connector.url })));
    expect(result.status).toBe(200);
    expect(result.turned).toBe(true);
    expect(result.replies.length).toBeGreaterThan(0);
    expect(result.replies.every((c) => c.token === OUTBOUND_TOKEN)).toBe(true);
    expect(idp.served).toContain('/v1/.well-known/keys');
  });

  it.each([
    ['missing', () => ({})],
    [
      'expired',
      () =>
        bearer(
          idp.token({ aud: APP_ID, serviceurl: connector.url, exp: Math.floor(Date.now() / 1000) - 3600 }),
        ),
    ],
    ['for another app', () => bearer(idp.token({ aud: 'another-app', serviceurl: connector.url }))],
    [
      'for another service URL',
      () => bearer(idp.token({ aud: APP_ID, serviceurl: 'https://smba.example.test/' })),
    ],
    [
      'from another issuer',
      () => bearer(idp.token({ aud: APP_ID, serviceurl: connector.url, iss: 'https://evil.test' })),
    ],
  ])('rejects a %s token with 401 and runs no turn', async (_what, headers) => {
    const result = await attempt(headers());
    expect(result.status).toBe(401);
    expect(result.turned).toBe(false);
    expect(result.replies).toEqual([]);
  });

  it('rejects a tampered or forged token without running a turn', async () => {
    const good = idp.token({ aud: APP_ID, serviceurl: connector.url });
    const [h, p, s] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, aud: APP_ID, extra: 1 })).toString('base64url')}.${s}`;
    for (const token of [tampered, idp.forged({ aud: APP_ID, serviceurl: connector.url })]) {
      const result = await attempt(bearer(token));
      expect([401, 500]).toContain(result.status);
      expect(result.turned).toBe(false);
      expect(result.replies).toEqual([]);
    }
  });
});

describe('Teams configuration', () => {
  it('stays off without an app id unless dev mode is on', () => {
    expect(platformsConfigured(loadConfig({})).teams).toBe(false);
    expect(platformsConfigured(loadConfig({ TEAMS_DEV_MODE: 'true' })).teams).toBe(true);
    expect(() => teamsOptionsFromConfig(loadConfig({}))).toThrow(/MICROSOFT_APP_ID/);
    let error: unknown;
    try {
      createTeamsAdapter({});
    } catch (e) {
      error = e;
    }
    expect(hasCode(error, 'invalid_config')).toBe(true);
  });

  it('maps the MICROSOFT_* settings onto the adapter options', () => {
    const config = loadConfig({
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TYPE: 'SingleTenant',
      MICROSOFT_APP_TENANT_ID: A.TENANT,
    });
    expect(platformsConfigured(config).teams).toBe(true);
    expect(teamsOptionsFromConfig(config)).toEqual({
      appId: APP_ID,
      appPassword: 'secret',
      appType: 'SingleTenant',
      tenantId: A.TENANT,
      devMode: false,
    });
  });
});
