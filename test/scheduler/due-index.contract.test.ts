import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DueIndex, type Settlement, shardOf } from '../../src/scheduler/due-index.ts';
import { MemoryDueIndex } from '../../src/scheduler/memory-due-index.ts';
import { RedisDueIndex } from '../../src/scheduler/redis-due-index.ts';
import { KeyBuilder } from '../../src/store/keys.ts';
import { type ClusterHandle, startCluster } from '../support/redis-cluster.ts';
import { type RedisHandle, redisTestMode, startRedis } from '../support/redis-server.ts';

/** One contract, every implementation: the memory index must behave exactly like the Redis one. */

const mode = redisTestMode();
let server: RedisHandle | undefined;
let client: Redis | undefined;

beforeAll(async () => {
  if (mode.kind === 'skip') return;
  if (mode.kind === 'spawn') server = await startRedis();
  client = new Redis(server?.url ?? (mode.kind === 'external' ? mode.url : ''));
});
afterAll(async () => {
  await client?.quit();
  await server?.stop();
});

// A three-master Cluster: every script must stay within one slot (the shard's hash tag).
let cluster: ClusterHandle | undefined;
let clusterClient: Cluster | undefined;
beforeAll(async () => {
  if (mode.kind !== 'spawn') return;
  cluster = await startCluster();
  clusterClient = new Cluster(cluster.nodes);
});
afterAll(async () => {
  await clusterClient?.quit();
  await cluster?.stop();
});

const T0 = Date.parse('2026-03-09T08:00:00Z');
const LEASE = 60_000;

const implementations: { name: string; make: () => Promise<DueIndex>; skip?: boolean }[] = [
  { name: 'memory', make: async () => new MemoryDueIndex() },
  {
    name: 'redis',
    skip: mode.kind === 'skip',
    make: async () => {
      await client?.flushdb();
      return new RedisDueIndex({ client: client as Redis, keys: new KeyBuilder('t'), shards: 2 });
    },
  },
  {
    name: 'redis cluster',
    skip: mode.kind !== 'spawn',
    make: async () => {
      const c = clusterClient as Cluster;
      await Promise.all(c.nodes('master').map((node) => node.flushdb()));
      return new RedisDueIndex({ client: c, keys: new KeyBuilder('t'), shards: 8 });
    },
  },
];

async function claimAll(index: DueIndex, now: number, limit = 100, lease = LEASE) {
  const out = [];
  for (let s = 0; s < index.shards; s++) out.push(...(await index.claim(s, now, limit, lease)));
  return out;
}

function shardFor(index: DueIndex, owner: string): number {
  return shardOf(owner, index.shards);
}

for (const impl of implementations) {
  describe.skipIf(impl.skip)(`DueIndex contract: ${impl.name}`, () => {
    let index: DueIndex;
    beforeEach(async () => {
      index = await impl.make();
    });

    it('stores, reads and removes a schedule', async () => {
      await index.put({ owner: 'slack:T1:U1', kind: 'checkin', dueMs: T0, data: 'sealed-1' });
      expect(await index.get('slack:T1:U1', 'checkin')).toEqual({ dueMs: T0, data: 'sealed-1' });
      expect(await index.get('slack:T1:U1', 'pulse')).toBeNull();
      expect(await index.size()).toBe(1);
      expect(await index.remove('slack:T1:U1', 'checkin')).toBe(true);
      expect(await index.remove('slack:T1:U1', 'checkin')).toBe(false);
      expect(await index.get('slack:T1:U1', 'checkin')).toBeNull();
      expect(await index.size()).toBe(0);
    });

    it('claims only what is due, at most `limit` per shard, oldest first', async () => {
      for (let i = 0; i < 10; i++) {
        await index.put({ owner: `local:u${i}`, kind: 'checkin', dueMs: T0 + i * 1000, data: `d${i}` });
      }
      const claimed = await claimAll(index, T0 + 4_500);
      expect(claimed.map((c) => c.owner).sort()).toEqual([
        'local:u0',
        'local:u1',
        'local:u2',
        'local:u3',
        'local:u4',
      ]);
      const c3 = claimed.find((c) => c.owner === 'local:u3');
      expect(c3).toMatchObject({ kind: 'checkin', occurrenceMs: T0 + 3000, attempt: 0, data: 'd3' });
      // Leased now: a second claim at the same time gets nothing more.
      expect(await claimAll(index, T0 + 4_500)).toEqual([]);
      // Limit applies per shard call.
      const one = await index.claim(claimed[0]?.shard ?? 0, T0 + 60_000, 1, LEASE);
      expect(one.length).toBe(1);
    });

    it('reclaims an expired lease with the same occurrence; the marker prevents a second send', async () => {
      await index.put({ owner: 'local:a', kind: 'checkin', dueMs: T0, data: 'x' });
      const [first] = await claimAll(index, T0 + 10);
      if (!first) throw new Error('nothing claimed');
      expect(await index.acquire([first], 3_600_000)).toEqual(['acquired']);
      // The holder dies. Before expiry nobody can take it; after, someone can.
      expect(await claimAll(index, T0 + 10 + LEASE - 1)).toEqual([]);
      const [again] = await claimAll(index, T0 + 10 + LEASE + 1);
      if (!again) throw new Error('not reclaimed');
      expect(again.occurrenceMs).toBe(T0);
      expect(again.lease).not.toBe(first.lease);
      expect(await index.acquire([again], 3_600_000)).toEqual(['already_sent']);
      // The dead holder's late settle no longer applies; the new holder's does.
      expect(await index.settle([{ claim: first, outcome: 'next', dueMs: T0 + 86_400_000 }])).toBe(0);
      expect(await index.settle([{ claim: again, outcome: 'next', dueMs: T0 + 86_400_000 }])).toBe(1);
      expect((await index.get('local:a', 'checkin'))?.dueMs).toBe(T0 + 86_400_000);
    });

    it('refuses the marker to a claim whose lease was taken over', async () => {
      await index.put({ owner: 'local:b', kind: 'checkin', dueMs: T0, data: 'x' });
      const [slow] = await claimAll(index, T0);
      const [fast] = await claimAll(index, T0 + LEASE + 1);
      if (!slow || !fast) throw new Error('claims missing');
      expect(await index.acquire([fast], 3_600_000)).toEqual(['acquired']);
      expect(await index.settle([{ claim: fast, outcome: 'next', dueMs: T0 + 86_400_000 }])).toBe(1);
      // The marker was dropped with the settle, but the old holder lost its lease: no send.
      expect(await index.acquire([slow], 3_600_000)).toEqual(['lease_lost']);
    });

    it('a retry keeps the occurrence and counts the attempt', async () => {
      await index.put({ owner: 'local:c', kind: 'pulse', dueMs: T0, data: 'x' });
      const [c] = await claimAll(index, T0);
      if (!c) throw new Error('not claimed');
      expect(c.kind).toBe('pulse');
      await index.acquire([c], 3_600_000);
      expect(await index.settle([{ claim: c, outcome: 'retry', retryAtMs: T0 + 30_000 }])).toBe(1);
      expect(await claimAll(index, T0 + 29_000)).toEqual([]);
      const [r] = await claimAll(index, T0 + 30_000);
      expect(r).toMatchObject({ owner: 'local:c', occurrenceMs: T0, attempt: 1 });
      if (!r) throw new Error('not claimed');
      // The retry may take the marker: the first attempt gave it back undelivered.
      expect(await index.acquire([r], 3_600_000)).toEqual(['acquired']);
      await index.settle([{ claim: r, outcome: 'next', dueMs: T0 + 86_400_000 }]);
      const [next] = await claimAll(index, T0 + 86_400_000);
      expect(next).toMatchObject({ occurrenceMs: T0 + 86_400_000, attempt: 0 });
    });

    it('settling with `remove` or a null next deletes the schedule', async () => {
      await index.put({ owner: 'local:d', kind: 'checkin', dueMs: T0, data: 'x' });
      await index.put({ owner: 'local:e', kind: 'checkin', dueMs: T0, data: 'y' });
      const claims = await claimAll(index, T0);
      const d = claims.find((c) => c.owner === 'local:d');
      const e = claims.find((c) => c.owner === 'local:e');
      if (!d || !e) throw new Error('claims missing');
      expect(
        await index.settle([
          { claim: d, outcome: 'remove' },
          { claim: e, outcome: 'next', dueMs: null },
        ]),
      ).toBe(2);
      expect(await index.get('local:d', 'checkin')).toBeNull();
      expect(await index.get('local:e', 'checkin')).toBeNull();
      expect(await index.size()).toBe(0);
    });

    it('claims, acquires and settles more than a thousand in one call', async () => {
      const n = 2500;
      for (let i = 0; i < n; i += 500) {
        await Promise.all(
          Array.from({ length: 500 }, (_, j) =>
            index.put({ owner: `local:m${i + j}`, kind: 'checkin', dueMs: T0 + i + j, data: `d${i + j}` }),
          ),
        );
      }
      const claims = await claimAll(index, T0 + n, n);
      expect(claims.length).toBe(n);
      expect(new Set(claims.map((c) => c.owner)).size).toBe(n);
      expect(
        claims.every(
          (c) => c.data === `d${c.owner.slice(7)}` && c.occurrenceMs === T0 + Number(c.owner.slice(7)),
        ),
      ).toBe(true);
      expect(new Set(await index.acquire(claims, 60_000))).toEqual(new Set(['acquired']));
      expect(
        await index.settle(
          claims.map((claim) => ({ claim, outcome: 'next' as const, dueMs: T0 + 86_400_000 })),
        ),
      ).toBe(n);
      expect(await claimAll(index, T0 + 86_400_000 - 1, n)).toEqual([]);
      expect((await claimAll(index, T0 + 86_400_000, n)).length).toBe(n);
    });

    it('step: settles the last window, then claims and marks the next in one call', async () => {
      for (let i = 0; i < 6; i++) {
        await index.put({ owner: `local:s${i}`, kind: 'checkin', dueMs: T0 + i, data: `d${i}` });
      }
      // Walk every shard the way the scheduler does: settle nothing, claim up to 2, repeat.
      const seen: string[] = [];
      for (let s = 0; s < index.shards; s++) {
        let settlements: Settlement[] = [];
        for (;;) {
          const step = await index.step(s, settlements, T0 + 10, 2, LEASE);
          expect(step.settled).toBe(settlements.length);
          expect(step.marks).toEqual(step.claims.map(() => 'acquired'));
          expect(step.claims.every((c) => c.shard === s && c.attempt === 0)).toBe(true);
          seen.push(...step.claims.map((c) => c.owner));
          settlements = step.claims.map((claim) => ({
            claim,
            outcome: 'next' as const,
            dueMs: T0 + 86_400_000,
          }));
          if (step.claims.length === 0) break;
        }
      }
      expect(seen.sort()).toEqual(['local:s0', 'local:s1', 'local:s2', 'local:s3', 'local:s4', 'local:s5']);
      // Every window was settled by the step after it: all due tomorrow, nothing leased.
      expect(await claimAll(index, T0 + LEASE + 20)).toEqual([]);
      expect((await index.get('local:s3', 'checkin'))?.dueMs).toBe(T0 + 86_400_000);
    });

    it('step: a holder that died after its step leaves markers; the reclaim is told already_sent', async () => {
      await index.put({ owner: 'local:g', kind: 'checkin', dueMs: T0, data: 'x' });
      const s = shardFor(index, 'local:g');
      const dead = await index.step(s, [], T0, 10, LEASE);
      expect(dead.marks).toEqual(['acquired']);
      expect((await index.step(s, [], T0 + LEASE - 1, 10, LEASE)).claims).toEqual([]);
      const again = await index.step(s, [], T0 + LEASE + 1, 10, LEASE);
      expect(again.claims).toMatchObject([{ owner: 'local:g', occurrenceMs: T0, attempt: 0 }]);
      expect(again.marks).toEqual(['already_sent']);
      // The old acquire agrees, and the dead holder's settlement no longer applies.
      expect(await index.acquire(again.claims, 60_000)).toEqual(['already_sent']);
      const late = dead.claims.map((claim) => ({ claim, outcome: 'retry' as const, retryAtMs: T0 }));
      const next = again.claims.map((claim) => ({ claim, outcome: 'next' as const, dueMs: T0 + 86_400_000 }));
      expect((await index.step(s, late, T0 + LEASE + 2, 0, LEASE)).settled).toBe(0);
      expect(await index.step(s, next, T0 + LEASE + 2, 0, LEASE)).toEqual({
        settled: 1,
        claims: [],
        marks: [],
      });
      const tomorrow = await index.step(s, [], T0 + 86_400_000, 10, LEASE);
      expect(tomorrow.claims).toMatchObject([{ occurrenceMs: T0 + 86_400_000, attempt: 0 }]);
      expect(tomorrow.marks).toEqual(['acquired']);
    });

    it('step: a retry gives the marker back, so the retry may send', async () => {
      await index.put({ owner: 'local:h', kind: 'pulse', dueMs: T0, data: 'x' });
      const s = shardFor(index, 'local:h');
      const first = await index.step(s, [], T0, 10, LEASE);
      const retry = first.claims.map((claim) => ({
        claim,
        outcome: 'retry' as const,
        retryAtMs: T0 + 30_000,
      }));
      expect((await index.step(s, retry, T0 + 1, 10, LEASE)).claims).toEqual([]);
      const second = await index.step(s, [], T0 + 30_000, 10, LEASE);
      expect(second.claims).toMatchObject([
        { owner: 'local:h', kind: 'pulse', occurrenceMs: T0, attempt: 1 },
      ]);
      expect(second.marks).toEqual(['acquired']);
    });

    it('the marker outlives a put that sets the same occurrence again (no second send)', async () => {
      await index.put({ owner: 'local:i', kind: 'checkin', dueMs: T0, data: 'old' });
      const s = shardFor(index, 'local:i');
      const first = await index.step(s, [], T0, 10, LEASE);
      expect(first.marks).toEqual(['acquired']);
      // The holder dies mid-send; meanwhile the schedule is written again with the same due time.
      await index.put({ owner: 'local:i', kind: 'checkin', dueMs: T0, data: 'new' });
      const again = await index.step(s, [], T0 + 1, 10, LEASE);
      expect(again.claims).toMatchObject([{ owner: 'local:i', occurrenceMs: T0, data: 'new' }]);
      expect(again.marks).toEqual(['already_sent']);
      // Removing the schedule drops the marker with it.
      expect(await index.remove('local:i', 'checkin')).toBe(true);
      await index.put({ owner: 'local:i', kind: 'checkin', dueMs: T0, data: 'back' });
      expect((await index.step(s, [], T0 + 2, 10, LEASE)).marks).toEqual(['acquired']);
    });

    it('a put supersedes an occurrence in flight', async () => {
      await index.put({ owner: 'local:f', kind: 'checkin', dueMs: T0, data: 'old' });
      const [c] = await claimAll(index, T0);
      if (!c) throw new Error('not claimed');
      await index.put({ owner: 'local:f', kind: 'checkin', dueMs: T0 + 7_200_000, data: 'new' });
      expect(await index.settle([{ claim: c, outcome: 'next', dueMs: T0 + 86_400_000 }])).toBe(0);
      expect(await index.get('local:f', 'checkin')).toEqual({ dueMs: T0 + 7_200_000, data: 'new' });
      // Even after the old lease would have expired, only the new time is due.
      expect(await claimAll(index, T0 + LEASE + 1)).toEqual([]);
      const [fresh] = await claimAll(index, T0 + 7_200_000);
      expect(fresh).toMatchObject({ occurrenceMs: T0 + 7_200_000, attempt: 0, data: 'new' });
    });
  });
}

describe.skipIf(mode.kind === 'skip')('DueIndex layout check', () => {
  it('refuses a process configured with another shard count, naming the stored one', async () => {
    const c = client as Redis;
    await c.flushdb();
    const keys = new KeyBuilder('layout');
    await new RedisDueIndex({ client: c, keys, shards: 16 }).prepare();
    await new RedisDueIndex({ client: c, keys, shards: 16 }).prepare();
    await expect(new RedisDueIndex({ client: c, keys, shards: 32 }).prepare()).rejects.toThrow(
      /CHECKIN_REMINDER_SHARDS is 32, but the reminder index in Redis was built with shards=16/,
    );
    await new MemoryDueIndex().prepare();
  });
});

describe.skipIf(mode.kind !== 'spawn')('DueIndex on Redis Cluster', () => {
  it('spreads the shards over the masters, each shard in one slot', async () => {
    const c = clusterClient as Cluster;
    const slots = (await c.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
    const ownerOf = (slot: number) => slots.find(([from, to]) => slot >= from && slot <= to)?.[2][1];
    const keys = new KeyBuilder('t');
    const masters = new Set<number | undefined>();
    for (let shard = 0; shard < 16; shard++) {
      const k = keys.reminders(shard);
      const names = [k.due, k.lease, k.inflight, k.schedule, k.marker, k.occurrence('checkin|local:x', 1)];
      const shardSlots = new Set(
        await Promise.all(names.map(async (n) => Number(await c.call('CLUSTER', 'KEYSLOT', n)))),
      );
      expect(shardSlots.size).toBe(1);
      masters.add(ownerOf([...shardSlots][0] as number));
    }
    expect(masters.size).toBe(3);
  });
});
