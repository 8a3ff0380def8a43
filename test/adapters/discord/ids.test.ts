import { describe, expect, it } from 'vitest';
import {
  channelAddress,
  discordUserKey,
  dmAddress,
  eventIds,
  guildScope,
  parseDiscordAddress,
  shardOfGuild,
} from '../../../adapters/discord/ids.ts';
import { hasCode } from '../../../src/core/errors.ts';

describe('Discord ids', () => {
  it('maps users, DMs and channels to neutral identities', () => {
    expect(discordUserKey('81384788765712384')).toBe('discord:81384788765712384');
    expect(dmAddress('42', '99')).toEqual({
      platform: 'discord',
      id: 'discord:dm:42',
      scope: 'direct',
      ref: { kind: 'dm', userId: '42', channelId: '99' },
    });
    const channel = channelAddress('7', '8');
    expect(channel.scope).toBe('channel');
    expect(parseDiscordAddress(channel)).toEqual({ kind: 'channel', guildId: '7', channelId: '8' });
    expect(guildScope('7')).toBe('discord-guild:7');
  });

  it('namespaces event ids per kind', () => {
    expect(eventIds.interaction('1')).toBe('discord:int:1');
    expect(eventIds.message('1')).toBe('discord:msg:1');
    expect(eventIds.guildRemoved('5', 1000)).not.toBe(eventIds.guildRemoved('5', 2000));
  });

  it('refuses addresses of other platforms or with a broken ref, naming the address', () => {
    const slack = { platform: 'slack' as const, id: 'slack:T:D', scope: 'direct' as const, ref: {} };
    expect(() => parseDiscordAddress(slack)).toThrow(/slack:T:D belongs to slack/);
    try {
      parseDiscordAddress({
        platform: 'discord',
        id: 'discord:dm:x',
        scope: 'direct',
        ref: { kind: 'dm', userId: 'abc' },
      });
      expect.unreachable();
    } catch (error) {
      expect(hasCode(error, 'invalid_address')).toBe(true);
    }
  });

  it('computes the shard of a guild as Discord documents', () => {
    // (id >> 22) % count; this id's timestamp part is 41771983423 (Discord's docs example).
    expect(shardOfGuild('175928847299117063', 1)).toBe(0);
    expect(shardOfGuild('175928847299117063', 4)).toBe(Number((175928847299117063n >> 22n) % 4n));
  });
});
