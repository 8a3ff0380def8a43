import { describe, expect, it } from 'vitest';
import { parseTeamsAddress, type StoredReference, teamsUserKey } from '../../../adapters/teams/ids.ts';
import { inputOf, lifecycleOf, turnOf, typedText } from '../../../adapters/teams/receive.ts';
import { encodeChoice } from '../../../src/core/choice-token.ts';
import { CheckinError } from '../../../src/core/errors.ts';
import * as A from '../../fakes/teams/activities.ts';

const URL = 'https://smba.trafficmanager.net/emea/';
const who = A.person(1);
const referenceOf = (a: A.ActivityJson): StoredReference => ({
  channelId: a.channelId,
  serviceUrl: a.serviceUrl,
  bot: a.recipient,
  conversation: a.conversation,
  user: a.from,
});

describe('Teams activities → inbound events', () => {
  it('keys people by tenant and AAD object id, and a personal chat is a direct address', () => {
    const a: A.ActivityJson = {
      ...A.message(URL, who, A.personalPlace(who), 'hi'),
      localTimezone: 'Europe/Berlin',
    };
    const turn = turnOf(a, referenceOf(a))!;
    expect(turn.user).toBe(`teams:${A.TENANT}:${who.aadObjectId}`);
    expect(turn.eventId).toBe(`teams:act:${a.id}`);
    expect(turn.address).toMatchObject({
      platform: 'teams',
      scope: 'direct',
      id: `teams:dm:${A.TENANT}:${who.aadObjectId}`,
    });
    expect(parseTeamsAddress(turn.address)).toMatchObject({
      kind: 'reference',
      reference: { serviceUrl: URL },
    });
    expect(turn.hints).toEqual({ timeZone: 'Europe/Berlin' });
    expect(turn.locale).toBe('en-US');
  });

  it('keys Emulator users (no tenant, no AAD) under the tenant "emulator"', () => {
    const a: A.ActivityJson = {
      ...A.message('http://localhost:5000/', who, A.personalPlace(who), 'hi'),
      channelId: 'emulator',
      channelData: {},
      conversation: { id: 'conv|123' },
      from: { id: 'a1b2c3d4-e5f6', name: 'User' },
    };
    expect(turnOf(a, referenceOf(a))?.user).toBe('teams:emulator:a1b2c3d4-e5f6');
    // Teams without an AAD object id gives no identity to key state by: ignored.
    const teams = { ...a, channelId: 'msteams', channelData: { tenant: { id: A.TENANT } } };
    expect(turnOf(teams, referenceOf(teams))).toBeNull();
  });

  it('strips the bot mention in a channel and offers the 1:1 chat as the private route', () => {
    const place = A.channelPlace();
    const a = A.message(URL, who, place, 'checkin&nbsp;please');
    expect(typedText(a)).toBe('checkin please');
    const turn = turnOf(a, referenceOf(a))!;
    expect(turn.input).toEqual({ kind: 'text', text: 'checkin please' });
    expect(turn.address.scope).toBe('channel');
    expect(turn.address.id).toBe(`teams:${A.TENANT}:${place.conversationId}`);
    // A reply in a thread: the address (for later team posts) is the channel itself.
    const threaded = A.message(URL, who, place, 'checkin');
    threaded.conversation.id = `${place.conversationId};messageid=1700000000000`;
    const inThread = turnOf(threaded, referenceOf(threaded))!;
    expect(inThread.address.id).toBe(turn.address.id);
    expect(parseTeamsAddress(inThread.address)).toMatchObject({
      reference: { conversation: { id: place.conversationId } },
    });
    expect(parseTeamsAddress(turn.hints!.directAddress!)).toEqual({
      kind: 'personal',
      channelId: 'msteams',
      serviceUrl: URL,
      tenantId: A.TENANT,
      userId: who.id,
      botId: A.BOT.id,
    });
  });

  it('maps Action.Submit values and Action.Execute invokes to the same choice; ignores foreign data', () => {
    const token = encodeChoice({ flowId: 'daily-checkin', stepId: 'mood', version: 2 }, 'good');
    const place = A.personalPlace(who);
    const expected = { kind: 'choice', flowId: 'daily-checkin', stepId: 'mood', version: 2, value: 'good' };
    expect(inputOf(A.submit(URL, who, place, 'card-1', { ck: token }))).toEqual(expected);
    expect(inputOf(A.execute(URL, who, place, 'card-1', 'checkin.answer', { ck: token }))).toEqual(expected);
    expect(inputOf(A.submit(URL, who, place, 'card-1', { ck: 'c1|tampered' }))).toBeNull();
    expect(inputOf(A.submit(URL, who, place, 'card-1', { other: 'app' }))).toBeNull();
    expect(
      inputOf({ ...A.execute(URL, who, place, 'c', 'v', { ck: token }), name: 'composeExtension/query' }),
    ).toBeNull();
  });

  it('reads installs and removals, and refuses addresses of other platforms', () => {
    const personal = A.installation(URL, who, A.personalPlace(who), 'remove');
    expect(lifecycleOf(personal, referenceOf(personal))).toMatchObject({
      event: 'uninstalled',
      scope: `teams:${A.TENANT}`,
      user: teamsUserKey(A.TENANT, who.aadObjectId),
    });
    const added = A.base(URL, who, A.channelPlace(), {
      type: 'conversationUpdate',
      membersAdded: [{ id: who.id }],
    });
    expect(lifecycleOf(added, referenceOf(added))).toBeNull();
    // The Emulator announces the bot with conversationUpdate only; Teams also sends installationUpdate.
    const announce = A.base(URL, who, A.personalPlace(who), {
      type: 'conversationUpdate',
      membersAdded: [A.BOT],
    });
    expect(lifecycleOf(announce, referenceOf(announce))).toBeNull();
    const emulator: A.ActivityJson = { ...announce, channelId: 'emulator' };
    expect(lifecycleOf(emulator, referenceOf(emulator))).toMatchObject({
      event: 'installed',
      scope: `teams:${A.TENANT}`,
    });
    expect(() =>
      parseTeamsAddress({ platform: 'slack', id: 'slack:T1:D1', scope: 'direct', ref: {} }),
    ).toThrow(CheckinError);
    expect(() =>
      parseTeamsAddress({ platform: 'teams', id: 'x', scope: 'direct', ref: { kind: 'nope' } }),
    ).toThrow(/no valid Teams ref/);
  });
});
