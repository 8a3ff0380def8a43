import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPulseStore } from '../../src/pulses/memory-store.ts';
import { RedisPulseStore } from '../../src/pulses/redis-store.ts';
import type { PulseStore } from '../../src/pulses/store.ts';
import { KeyBuilder } from '../../src/store/keys.ts';
import { type RedisHandle, redisTestMode, startRedis } from '../support/redis-server.ts';
import { ManualClock } from '../support/transcript.ts';

/** The state machine every pulse store keeps: open → closing → closed, posting guarded. */
function contract(make: () => { store: PulseStore; clock: ManualClock }) {
  it('creates once, takes answers only while open, and closes in one step', async () => {
    const { store } = make();
    expect(await store.create('p1', 'ch', { meta: 'M', salt: 'S' }, 1000)).toBe(true);
    expect(await store.create('p1', 'ch', { meta: 'X', salt: 'Y' }, 1000)).toBe(false);
    expect(await store.current('ch')).toBe('p1');
    expect(await store.putAnswer('p1', 'h1:q', 'A')).toBe(true);
    expect(await store.putAnswer('p1', 'h2:q', 'B')).toBe(true);
    expect(await store.deleteAnswers('p1', ['h2:q', 'nope'])).toBe(1);
    expect(await store.due(999, 10)).toEqual([]);
    expect(await store.due(1000, 10)).toEqual(['p1']);
    expect(await store.beginClose('p1')).toBe('closing');
    expect(await store.putAnswer('p1', 'h3:q', 'C')).toBe(false); // frozen
    expect(await store.answers('p1')).toEqual({ 'h1:q': 'A' });
    const keep = Date.now() + 86_400_000;
    expect(await store.finishClose('p1', 'AGG', keep)).toBe(true);
    expect(await store.finishClose('p1', 'OTHER', keep)).toBe(false);
    const record = await store.read('p1');
    expect(record).toEqual({ state: 'closed', meta: 'M', salt: null, aggregate: 'AGG', posted: false });
    expect(await store.answers('p1')).toEqual({});
    expect(await store.beginClose('p1')).toBe('closed');
  });

  it('lets one poster at a time post, and nobody after it was posted', async () => {
    const { store } = make();
    await store.create('p2', 'ch2', { meta: 'M', salt: 'S' }, 0);
    expect(await store.acquirePost('p2', 60_000)).toBe('acquired');
    expect(await store.acquirePost('p2', 60_000)).toBe('busy');
    await store.releasePost('p2', 5);
    expect(await store.due(4, 10)).toEqual([]);
    expect(await store.acquirePost('p2', 60_000)).toBe('acquired');
    await store.markPosted('p2');
    expect(await store.acquirePost('p2', 60_000)).toBe('posted');
    expect(await store.pending()).not.toContain('p2');
    await store.create('p3', 'ch2', { meta: 'M', salt: 'S' }, 0);
    await store.dropPending('p3');
    expect(await store.due(10, 10)).toEqual([]);
  });

  it('keeps channel settings and the closed list in order', async () => {
    const { store } = make();
    await store.setSettings('ch3', 'SET');
    expect(await store.settings('ch3')).toBe('SET');
    await store.setSettings('ch3', null);
    expect(await store.settings('ch3')).toBeNull();
    await store.addClosed('ch3', 'b', 20);
    await store.addClosed('ch3', 'a', 10);
    await store.addClosed('ch3', 'b', 20);
    expect(await store.closed('ch3', 5)).toEqual(['a', 'b']);
    expect(await store.closed('ch3', 1)).toEqual(['b']);
    await store.create('p4', 'ch3', { meta: 'M', salt: 'S' }, 0);
    await store.clearCurrent('ch3', 'other');
    expect(await store.current('ch3')).toBe('p4');
    await store.clearCurrent('ch3', 'p4');
    expect(await store.current('ch3')).toBeNull();
  });
}

describe('MemoryPulseStore', () => {
  contract(() => {
    const clock = new ManualClock(0);
    return { store: new MemoryPulseStore(clock), clock };
  });
});

const mode = redisTestMode();
let redis: RedisHandle | undefined;
let client: Redis | undefined;
let n = 0;
describe.skipIf(mode.kind === 'skip')('RedisPulseStore', () => {
  beforeAll(async () => {
    redis = mode.kind === 'spawn' ? await startRedis() : undefined;
    client = new Redis(mode.kind === 'external' ? mode.url : redis!.url);
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });
  contract(() => ({
    store: new RedisPulseStore(client!, new KeyBuilder(`psc${process.pid}x${++n}`)),
    clock: new ManualClock(0),
  }));
});
