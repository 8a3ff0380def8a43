import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** The manifest an admin pastes must grant what the adapter uses and route everything to one path. */
const manifest = parse(
  readFileSync(new URL('../../../adapters/slack/manifest.yaml', import.meta.url), 'utf8'),
) as {
  features: {
    app_home: Record<string, boolean>;
    slash_commands: Array<{ command: string; url: string; description: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
};

describe('Slack app manifest', () => {
  it('subscribes to every event the adapter listens for', () => {
    expect(new Set(manifest.settings.event_subscriptions.bot_events)).toEqual(
      new Set(['app_home_opened', 'app_mention', 'app_uninstalled', 'message.im', 'tokens_revoked']),
    );
  });

  it('grants the scopes of every Web API method the adapter calls', () => {
    const needed = {
      'chat.postMessage / postEphemeral / update': 'chat:write',
      'conversations.open': 'im:write',
      'users.info': 'users:read',
      'files.getUploadURLExternal / completeUploadExternal': 'files:write',
      '/checkin': 'commands',
      app_mention: 'app_mentions:read',
      'message.im': 'im:history',
    };
    for (const scope of Object.values(needed)) expect(manifest.oauth_config.scopes.bot).toContain(scope);
  });

  it('sends events, interactivity and /checkin to the adapter path, and enables the Home tab', () => {
    const path = (url: string) => new URL(url).pathname;
    expect(path(manifest.settings.event_subscriptions.request_url)).toBe('/slack/events');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(path(manifest.settings.interactivity.request_url)).toBe('/slack/events');
    const [command] = manifest.features.slash_commands;
    expect(command?.command).toBe('/checkin');
    expect(path(command!.url)).toBe('/slack/events');
    expect(command!.description.length).toBeLessThanOrEqual(100);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});
