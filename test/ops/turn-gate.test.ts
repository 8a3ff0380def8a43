import { describe, expect, it } from 'vitest';
import type { InboundTurn } from '../../src/core/inbound.ts';
import { text } from '../../src/core/outbound.ts';
import { asUserKey } from '../../src/core/user-key.ts';
import { createHealth } from '../../src/ops/health.ts';
import { silentLogger } from '../../src/ops/logger.ts';
import { botMetricHooks, createMetrics, schedulerMetricHooks } from '../../src/ops/metrics.ts';
import { createTurnGate, REFUSED_WHILE_STOPPING } from '../../src/ops/turn-gate.ts';

const turn = (eventId: string): InboundTurn => ({
  type: 'turn',
  user: asUserKey('local:tester'),
  address: { platform: 'local', id: 'local:web:tester', scope: 'direct', ref: null },
  eventId,
  input: { kind: 'text', text: 'hello' },
});

describe('turn gate', () => {
  it('lets turns in flight finish on drain, refuses new ones kindly, and counts each outcome', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let release!: () => void;
    const gate = createTurnGate({
      metrics,
      logger: silentLogger,
      handle: (event) =>
        event.eventId === 'slow'
          ? new Promise((resolve) => {
              release = () => resolve({ messages: [text('done')] });
            })
          : Promise.reject(new Error('broken')),
    });
    const slow = gate.sink(turn('slow'));
    expect(gate.inFlight()).toBe(1);
    const drained = gate.drain(5_000);
    expect(await gate.sink(turn('late'))).toBe(REFUSED_WHILE_STOPPING);
    let drainDone = false;
    void drained.then(() => (drainDone = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(drainDone).toBe(false);
    release();
    expect((await slow).messages).toHaveLength(1);
    expect(await drained).toEqual({ abandoned: 0 });

    const exposition = await metrics.render();
    expect(exposition).toContain('checkin_turns_total{platform="local",outcome="ok"} 1');
    expect(exposition).toContain('checkin_turns_total{platform="local",outcome="refused"} 1');
    expect(exposition).toContain('checkin_turn_duration_seconds_count{platform="local"} 1');
  });

  it('gives up waiting at the timeout and reports the abandoned turns; counts errors by code', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const gate = createTurnGate({
      metrics,
      logger: silentLogger,
      handle: (event) => (event.eventId === 'fail' ? Promise.reject(new Error('x')) : new Promise(() => {})),
    });
    await expect(gate.sink(turn('fail'))).rejects.toThrow('x');
    void gate.sink(turn('stuck'));
    const started = Date.now();
    expect(await gate.drain(100)).toEqual({ abandoned: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(await metrics.render()).toContain(
      'checkin_turn_errors_total{platform="local",code="unexpected"} 1',
    );
  });
});

describe('health', () => {
  it('is degraded but alive when a check fails, and ready only between start and drain', async () => {
    const health = createHealth({ checkTimeoutMs: 100 });
    health.addCheck('store', () => Promise.reject(new Error('down')), 'unreachable');
    health.addCheck('slow', () => new Promise(() => {}));
    health.addCheck('fine', async () => {});
    expect(health.ready()).toBe(false);
    health.setPhase('ready');
    expect(health.ready()).toBe(true);
    const report = await health.report();
    expect(report.status).toBe('degraded');
    expect(report.checks).toEqual({ store: 'unreachable', slow: 'timeout', fine: 'ok' });
    health.setPhase('draining');
    expect(health.ready()).toBe(false);
  });
});

describe('scheduler and bot metric hooks', () => {
  it('record lag, deliveries, skips and safety paths under bounded labels', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const scheduler = schedulerMetricHooks(metrics);
    scheduler.lag('checkin', 2.5);
    scheduler.delivery('checkin', 'delivered');
    scheduler.delivery('checkin', 'gone');
    scheduler.skipped('checkin', 'checked_in');
    botMetricHooks(metrics).safety('crisis', 'suicidal_thoughts');
    const text = await metrics.render();
    expect(text).toContain('checkin_reminder_lag_seconds_bucket{le="5",kind="checkin"} 1');
    expect(text).toContain('checkin_deliveries_total{kind="checkin",status="gone"} 1');
    expect(text).toContain('checkin_deliveries_skipped_total{kind="checkin",reason="checked_in"} 1');
    expect(text).toContain('checkin_safety_paths_total{level="crisis",category="suicidal_thoughts"} 1');
  });
});
