import { describe, expect, it } from 'vitest';
import { loadConfig, platformsConfigured } from '../../src/config/load.ts';
import { SETTINGS, type SettingName } from '../../src/config/schema.ts';
import { ErrorCode } from '../../src/core/errors.ts';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toMatchObject({ code: ErrorCode.InvalidConfig });
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('starts from the documented defaults, and treats an empty variable as unset', () => {
    const config = loadConfig({ PORT: '', CHECKIN_WEBCHAT: '' });
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.PORT).toBe(3978);
    expect(config.CHECKIN_WEBCHAT).toBeUndefined();
    expect(config.CHECKIN_SHUTDOWN_TIMEOUT_MS).toBe(10_000);
    expect(config.CHECKIN_TEST_TURN_DELAY_MS).toBe(0);
    expect(platformsConfigured(config)).toEqual({ slack: false, discord: false, teams: false });
  });

  it('reads booleans, numbers and lists', () => {
    const config = loadConfig({
      CHECKIN_WEBCHAT: 'yes',
      PORT: '0',
      CHECKIN_ADMINS: 'slack:T1:U1, local:me ,',
    });
    expect(config.CHECKIN_WEBCHAT).toBe(true);
    expect(config.PORT).toBe(0);
    expect(config.CHECKIN_ADMINS).toEqual(['slack:T1:U1', 'local:me']);
    expect(loadConfig({ CHECKIN_WEBCHAT: '0' }).CHECKIN_WEBCHAT).toBe(false);
  });

  it('reports every bad variable at once, each named with what it expects', () => {
    const message = problemsOf({
      PORT: '70000',
      CHECKIN_WEBCHAT: 'maybe',
      HOST: '',
      CHECKIN_LOG_LEVEL: 'loud',
    });
    expect(message).toContain('PORT: expected a whole number from 0 to 65535');
    expect(message).toMatch(/CHECKIN_WEBCHAT: .*Expected: Serve the local web chat/);
    expect(message).toContain('CHECKIN_LOG_LEVEL');
    expect(message).not.toContain('HOST');
  });

  it('never repeats a refused value back, for any setting', () => {
    const sentinel = 'sentinel\u0007 value that fits nothing:::,,';
    let refused = 0;
    for (const name of Object.keys(SETTINGS) as SettingName[]) {
      let message: string | null = null;
      try {
        loadConfig({ [name]: sentinel });
      } catch (error) {
        message = (error as Error).message;
      }
      if (message === null) continue; // free-form settings (HOST, a sentinel name) accept it
      refused += 1;
      expect(message, name).toContain(name);
      expect(message, name).not.toContain('sentinel');
    }
    // Most settings have a shape, so this checked something real.
    expect(refused).toBeGreaterThan(30);
  });

  it('checks settings that only make sense together', () => {
    expect(problemsOf({ REDIS_URL: 'redis://r:6379', REDIS_CLUSTER_NODES: 'a:1' })).toContain(
      'set only one of them',
    );
    expect(problemsOf({ REDIS_SENTINELS: 'a:26379' })).toContain('REDIS_SENTINEL_NAME: required');
    expect(problemsOf({ REDIS_URL: 'redis://r:6379' })).toContain(
      'CHECKIN_ENCRYPTION_KEY: required when Redis is used',
    );
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toContain('set both to enable Slack');
    expect(problemsOf({ DISCORD_TOKEN: 't' })).toContain('set both to enable Discord');
    expect(problemsOf({ MICROSOFT_APP_ID: 'id' })).toContain('MICROSOFT_APP_PASSWORD: required');
  });
});
