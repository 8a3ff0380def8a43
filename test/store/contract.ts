import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock, StateStore, UserChange } from '../../src/core/ports.ts';
import {
  type ConversationState,
  emptyProfile,
  type HistoryEntry,
  type Profile,
} from '../../src/core/state.ts';
import { asUserKey, type UserKey } from '../../src/core/user-key.ts';
import { forgetScope } from '../../src/store/scope.ts';

/**
 * The one contract every StateStore passes: memory, single Redis, Redis Cluster and Redis behind
 * Sentinel each run this same suite (see the *.contract.test.ts runners).
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const CONVERSATION_TTL_MS = 24 * HOUR;
export const RETENTION_DAYS = 365;

/** A clock the test moves by hand; starts at real time so Redis's own TTLs stay meaningful. */
export class ManualClock implements Clock {
  private at = Date.now();
  now(): number {
    return this.at;
  }
  set(ms: number): void {
    this.at = ms;
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

export interface StoreUnderTest {
  store: StateStore;
  cleanup(): Promise<void>;
}

/** Builds the store under test; it must use `clock`, the TTL and retention above. */
export type StoreFactory = (clock: ManualClock) => Promise<StoreUnderTest>;

export function newUser(): UserKey {
  return asUserKey(`slack:T${randomUUID().slice(0, 8)}:U${randomUUID().slice(0, 8)}`);
}

export function conversation(now: number, overrides: Partial<ConversationState> = {}): ConversationState {
  return {
    flowId: 'daily',
    flowVersion: 'abc123',
    stepId: 'mood',
    version: 3,
    answers: { energy: 4, note: 'slept badly, worried about rent' },
    vars: { greeted: true },
    trail: ['energy', 'note'],
    attempts: 0,
    stack: [],
    startedAt: now,
    updatedAt: now,
    ...overrides,
  };
}

export function profile(overrides: Partial<Profile> = {}): Profile {
  return {
    ...emptyProfile(),
    onboarded: true,
    country: 'DE',
    timeZone: 'Europe/Berlin',
    address: { platform: 'slack', id: 'slack:T1:D1', scope: 'direct', ref: { channel: 'D1' } },
    ...overrides,
  };
}

export function mood(at: number, score: number, note = 'felt calm after a walk'): HistoryEntry {
  return { at, kind: 'mood', data: { score, note } };
}

/** load → modify → commit, retried on conflict, as the bot core does. */
export async function applyWithRetry(
  store: StateStore,
  user: UserKey,
  change: (snapshot: Awaited<ReturnType<StateStore['load']>>) => UserChange,
  maxAttempts = 500,
): Promise<number> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const snapshot = await store.load(user);
    if (await store.commit(user, snapshot.version, change(snapshot))) return attempt;
  }
  throw new Error(`no commit after ${maxAttempts} attempts`);
}

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`StateStore contract: ${name}`, () => {
    const clock = new ManualClock();
    let sut: StoreUnderTest;
    let store: StateStore;
    beforeAll(async () => {
      sut = await factory(clock);
      store = sut.store;
    });
    afterAll(async () => {
      await sut?.cleanup();
    });
    beforeEach(() => clock.set(Date.now()));

    it('loads an unknown person as version 0 with an empty profile', async () => {
      const snapshot = await store.load(newUser());
      expect(snapshot).toEqual({ version: 0, conversation: null, profile: emptyProfile(), records: {} });
    });

    it('commits when the version matches and refuses a stale version without writing', async () => {
      const user = newUser();
      const now = clock.now();
      expect(await store.commit(user, 0, { conversation: conversation(now), profile: profile() })).toBe(true);
      const after = await store.load(user);
      expect(after.version).toBe(1);
      expect(after.conversation).toEqual(conversation(now));
      expect(after.profile).toEqual(profile());

      expect(await store.commit(user, 0, { profile: profile({ country: 'FR' }) })).toBe(false);
      expect(await store.commit(user, 5, { conversation: null })).toBe(false);
      expect(await store.load(user)).toEqual(after);
    });

    it('keeps what a change leaves out, clears a conversation set to null, sets and deletes records', async () => {
      const user = newUser();
      const now = clock.now();
      await store.commit(user, 0, { conversation: conversation(now), profile: profile() });
      await store.commit(user, 1, { records: { safetyPlan: { steps: ['call Sam'] }, ref: 'x' } });
      let snapshot = await store.load(user);
      expect(snapshot.conversation).toEqual(conversation(now));
      expect(snapshot.records).toEqual({ safetyPlan: { steps: ['call Sam'] }, ref: 'x' });
      await store.commit(user, 2, { conversation: null, records: { ref: null } });
      snapshot = await store.load(user);
      expect(snapshot.version).toBe(3);
      expect(snapshot.conversation).toBeNull();
      expect(snapshot.records).toEqual({ safetyPlan: { steps: ['call Sam'] } });
      expect(snapshot.profile).toEqual(profile());
    });

    it('lets an idle conversation expire while the profile stays', async () => {
      const user = newUser();
      await store.commit(user, 0, { conversation: conversation(clock.now()), profile: profile() });
      clock.advance(CONVERSATION_TTL_MS - 60_000);
      expect((await store.load(user)).conversation).not.toBeNull();
      // Writing the conversation again restarts its idle time.
      await store.commit(user, 1, { conversation: conversation(clock.now(), { stepId: 'note' }) });
      clock.advance(CONVERSATION_TTL_MS - 60_000);
      expect((await store.load(user)).conversation?.stepId).toBe('note');
      clock.advance(120_000);
      const snapshot = await store.load(user);
      expect(snapshot.conversation).toBeNull();
      expect(snapshot.profile).toEqual(profile());
      expect(snapshot.version).toBe(2);
    });

    it('returns history in a time range, oldest first, across months, end exclusive', async () => {
      const user = newUser();
      const now = clock.now();
      const entries = [mood(now - 40 * DAY, 2), mood(now - 3 * DAY, 4), mood(now - DAY, 3), mood(now, 5)];
      await store.commit(user, 0, { history: [entries[2]!, entries[0]!] });
      await store.commit(user, 1, { history: [entries[3]!, entries[1]!] });
      expect(await store.history(user, 0)).toEqual(entries);
      expect(await store.history(user, now - 7 * DAY)).toEqual(entries.slice(1));
      expect(await store.history(user, now - 7 * DAY, now)).toEqual(entries.slice(1, 3));
      expect(await store.history(user, now + 1)).toEqual([]);
    });

    it('drops history past the retention period on read and on write', async () => {
      const user = newUser();
      const now = clock.now();
      const old = mood(now - (RETENTION_DAYS - 1) * DAY, 1);
      const recent = mood(now - DAY, 4);
      const tooOld = mood(now - (RETENTION_DAYS + 1) * DAY, 2);
      await store.commit(user, 0, { history: [old, recent, tooOld] });
      expect(await store.history(user, 0)).toEqual([old, recent]);
      clock.advance(2 * DAY);
      await store.commit(user, 1, { history: [mood(clock.now(), 5)] });
      expect(await store.history(user, 0)).toEqual([recent, mood(clock.now(), 5)]);
    });

    it('marks an event id seen once, atomically, and forgets it after its TTL', async () => {
      const id = `test:${randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 10 }, () => store.markSeen(id, 200)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.markSeen(`test:${randomUUID()}`, 200)).toBe(true);
      await new Promise((r) => setTimeout(r, 350));
      clock.advance(1_000);
      expect(await store.markSeen(id, 200)).toBe(true);
    });

    it('indexes people per installation scope and drops a scope', async () => {
      const scope = `slack:T${randomUUID().slice(0, 8)}`;
      const [a, b] = [newUser(), newUser()].sort() as [UserKey, UserKey];
      await store.indexUser(scope, b);
      await store.indexUser(scope, a);
      await store.indexUser(scope, a);
      expect((await store.usersIn(scope)).sort()).toEqual([a, b]);
      await store.dropScope(scope);
      expect(await store.usersIn(scope)).toEqual([]);
    });

    it('exports everything about a person, decrypted', async () => {
      const user = newUser();
      const now = clock.now();
      await store.commit(user, 0, {
        conversation: conversation(now),
        profile: profile(),
        records: { safetyPlan: { steps: ['call Sam'] } },
        history: [mood(now, 2, 'argued with my sister')],
      });
      const exported = JSON.stringify(await store.exportUser(user));
      for (const text of [
        'slept badly, worried about rent',
        'Europe/Berlin',
        'call Sam',
        'argued with my sister',
        'D1',
      ]) {
        expect(exported).toContain(text);
      }
    });

    it('forgets every piece of a person and reports what went', async () => {
      const user = newUser();
      const scope = `slack:T${randomUUID().slice(0, 8)}`;
      const now = clock.now();
      await store.commit(user, 0, {
        conversation: conversation(now),
        profile: profile(),
        records: { safetyPlan: { steps: ['call Sam'] } },
        history: [mood(now - 40 * DAY, 1), mood(now, 2, 'argued with my sister')],
      });
      await store.indexUser(scope, user);
      const report = await store.forgetUser(user);
      expect(report.deleted.history).toBe(2);
      expect(report.deleted.conversation).toBe(1);
      expect(report.deleted.profile).toBe(1);
      expect(await store.load(user)).toEqual({
        version: 0,
        conversation: null,
        profile: emptyProfile(),
        records: {},
      });
      expect(await store.history(user, 0)).toEqual([]);
      expect(await store.usersIn(scope)).toEqual([]);
      const exported = JSON.stringify(await store.exportUser(user));
      expect(exported).not.toContain('argued with my sister');
      expect(exported).not.toContain('Europe/Berlin');
      // A forgotten person can start again from scratch.
      expect(await store.commit(user, 0, { profile: profile({ country: 'FR' }) })).toBe(true);
    });

    it('forgets everyone of an uninstalled installation, and no one else', async () => {
      const scope = `slack:T${randomUUID().slice(0, 8)}`;
      const [a, b, outsider] = [newUser(), newUser(), newUser()];
      for (const user of [a, b, outsider]) {
        await store.commit(user, 0, { profile: profile(), history: [mood(clock.now(), 3)] });
      }
      await store.indexUser(scope, a);
      await store.indexUser(scope, b);
      const report = await forgetScope(store, scope);
      expect(report.people).toBe(2);
      expect(report.deleted.history).toBe(2);
      for (const user of [a, b]) expect((await store.load(user)).version).toBe(0);
      expect((await store.load(outsider)).version).toBe(1);
      expect(await store.usersIn(scope)).toEqual([]);
      expect(await forgetScope(store, scope)).toEqual({ people: 0, deleted: {} });
    });

    it('applies 30 concurrent read-modify-write turns of one person exactly once each', async () => {
      const user = newUser();
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          applyWithRetry(store, user, (s) => ({
            records: { seen: [...((s.records.seen as string[] | undefined) ?? []), `turn-${i}`] },
          })),
        ),
      );
      const seen = (await store.load(user)).records.seen as string[];
      expect([...seen].sort()).toEqual(Array.from({ length: 30 }, (_, i) => `turn-${i}`).sort());
      expect((await store.load(user)).version).toBe(30);
    });

    it('answers ping while reachable', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
