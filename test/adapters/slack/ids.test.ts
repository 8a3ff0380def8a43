import { describe, expect, it } from 'vitest';
import {
  actionEventId,
  messageEventId,
  parseSlackAddress,
  slackAddress,
  slackTextToPlain,
  slackUserKey,
} from '../../../adapters/slack/ids.ts';
import { createSlackAdapter, slackOptionsFromConfig } from '../../../adapters/slack/index.ts';
import { deliveryFailure } from '../../../adapters/slack/send.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { hasCode } from '../../../src/core/errors.ts';

describe('Slack ids', () => {
  it('makes canonical user keys and round-trips addresses', () => {
    expect(slackUserKey('T1', 'U2')).toBe('slack:T1:U2');
    const address = slackAddress({ team: 'T1', channel: 'C9', thread_ts: '1.2', user: 'U2' }, 'channel');
    expect(address).toEqual({
      platform: 'slack',
      id: 'slack:T1:C9:1.2',
      scope: 'channel',
      ref: { team: 'T1', channel: 'C9', thread_ts: '1.2', user: 'U2' },
    });
    expect(parseSlackAddress(address)).toEqual({ team: 'T1', channel: 'C9', thread_ts: '1.2', user: 'U2' });
  });

  it('refuses addresses made by another adapter with invalid_address', () => {
    let caught: unknown;
    try {
      parseSlackAddress({ platform: 'discord', id: 'discord:1', scope: 'direct', ref: { channel: '1' } });
    } catch (error) {
      caught = error;
    }
    expect(hasCode(caught, 'invalid_address')).toBe(true);
  });

  it('keys a message by team, channel and ts, whatever event id carried it', () => {
    expect(messageEventId('T1', 'D1', '17.1')).toBe('slack:msg:T1:D1:17.1');
    expect(actionEventId('T1', 'U1', { channel: 'D1', messageTs: '17.1' }, 'ck:1:0', '99.9')).toBe(
      actionEventId('T1', 'U1', { channel: 'D1', messageTs: '17.1' }, 'ck:1:0', '100.0'),
    );
  });

  it('reads Slack markup back to what the person wrote', () => {
    expect(
      slackTextToPlain('<@UBOT> I feel &lt;meh&gt; &amp; tired <https://x.org|link> <#C1|general>', 'UBOT'),
    ).toBe('I feel <meh> & tired link #general');
    expect(slackTextToPlain('hi <@U7> <!here>')).toBe('hi @someone @here');
  });
});

describe('delivery outcomes', () => {
  const platform = (error: string) => ({ code: 'slack_webapi_platform_error', data: { ok: false, error } });
  it('reports people who left or blocked the app as gone', () => {
    for (const error of [
      'user_not_found',
      'account_inactive',
      'cannot_dm_bot',
      'is_archived',
      'token_revoked',
      'invalid_auth',
    ]) {
      expect(deliveryFailure(platform(error))).toEqual({ status: 'gone', reason: error });
    }
  });
  it('reports 429 as rate_limited with the wait, and 5xx, network and other errors as failed', () => {
    expect(deliveryFailure({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 })).toEqual({
      status: 'rate_limited',
      retryAfterMs: 7000,
    });
    expect(deliveryFailure({ code: 'slack_webapi_http_error', statusCode: 503 })).toEqual({
      status: 'failed',
      reason: 'http_503',
    });
    expect(deliveryFailure(new Error('ECONNREFUSED'))).toEqual({ status: 'failed', reason: 'network' });
    expect(deliveryFailure(platform('invalid_blocks'))).toEqual({
      status: 'failed',
      reason: 'invalid_blocks',
    });
  });
});

describe('wiring from configuration', () => {
  it('builds adapter options from SLACK_* settings, or null when Slack is not configured', () => {
    expect(slackOptionsFromConfig(loadConfig({}))).toBeNull();
    const http = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    expect(slackOptionsFromConfig(http)).toEqual({ botToken: 'xoxb-1', signingSecret: 's' });
    const socket = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    });
    expect(slackOptionsFromConfig(socket)).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 's',
      appToken: 'xapp-1',
      apiUrl: 'http://127.0.0.1:9/api/',
    });
  });

  it('refuses tokens of the wrong kind with invalid_config', () => {
    for (const options of [
      { botToken: 'xoxp-user-token', signingSecret: 's' },
      { botToken: 'xoxb-1', signingSecret: 's', appToken: 'xoxb-not-an-app-token' },
    ]) {
      let caught: unknown;
      try {
        createSlackAdapter(options);
      } catch (error) {
        caught = error;
      }
      expect(hasCode(caught, 'invalid_config')).toBe(true);
    }
  });
});
