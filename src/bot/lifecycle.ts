import type { LifecycleEvent } from '../core/inbound.ts';
import type { Clock, DeliveryResult, Logger, StateStore } from '../core/ports.ts';
import { asUserKey, type UserKey } from '../core/user-key.ts';
import type { Scheduler } from '../scheduler/scheduler.ts';
import { forgetScope } from '../store/scope.ts';

/**
 * Installs and removals, handled once for every platform. An uninstall or removal stops that
 * installation's reminders at once and deletes its people's data after a grace period
 * (CHECKIN_UNINSTALL_GRACE_DAYS), so a mistaken uninstall can be undone by reinstalling in time.
 *
 * The deletion is a one-shot `purge` job in the shared scheduler, so it survives restarts and runs
 * in exactly one process. Its owner names what goes: `scope:<installation>` or `user:<user key>`.
 */
export interface Lifecycle {
  handle(event: LifecycleEvent): Promise<void>;
  /** Runs a due purge job; reports `gone` so the scheduler drops the one-shot schedule. */
  purge(owner: string): Promise<DeliveryResult>;
}

export interface LifecycleDeps {
  /** The store with every feature's per-person data joined to forget. */
  store: StateStore;
  scheduler: Pick<Scheduler, 'schedule' | 'unschedule'>;
  clock: Clock;
  logger: Logger;
  /** Grace period before deletion, in milliseconds. */
  graceMs: number;
}

const DAYS = [1, 2, 3, 4, 5, 6, 7];

export function createLifecycle(deps: LifecycleDeps): Lifecycle {
  /** A rule that fires once at `atMs` (a snooze with the pause ending then); purge reports `gone`. */
  async function schedulePurge(owner: string, atMs: number): Promise<void> {
    const at = new Date(atMs);
    const time = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
    await deps.scheduler.schedule({
      owner,
      kind: 'purge',
      rule: { time, days: DAYS, enabled: true, pausedUntil: atMs, remindAtResume: true },
      timeZone: 'UTC',
      // A purge sends nothing; the address only satisfies the schedule's shape.
      address: { platform: 'local', id: owner, scope: 'channel', ref: null },
    });
  }

  /** Stops reminders of everyone in a scope now; their data goes later with the purge. */
  async function stopReminders(users: readonly UserKey[]): Promise<void> {
    for (const user of users) await deps.scheduler.unschedule(user, 'checkin');
  }

  return {
    async handle(event) {
      const due = deps.clock.now() + deps.graceMs;
      switch (event.event) {
        case 'installed':
          // Back within the grace period: nothing is deleted after all.
          await deps.scheduler.unschedule(`scope:${event.scope}`, 'purge');
          if (event.user) await deps.scheduler.unschedule(`user:${event.user}`, 'purge');
          return;
        case 'uninstalled':
        case 'removed':
          if (event.user) {
            // A personal uninstall (Teams) concerns that person only, never the whole tenant.
            await stopReminders([event.user]);
            await schedulePurge(`user:${event.user}`, due);
          } else {
            await stopReminders(await deps.store.usersIn(event.scope));
            await schedulePurge(`scope:${event.scope}`, due);
          }
          deps.logger.info(
            { lifecycle: event.event, scope: event.scope, graceMs: deps.graceMs },
            'deletion scheduled',
          );
          return;
        case 'member_left':
          if (!event.user) return;
          await stopReminders([event.user]);
          await schedulePurge(`user:${event.user}`, due);
          return;
      }
    },

    async purge(owner) {
      if (owner.startsWith('user:')) {
        const report = await deps.store.forgetUser(asUserKey(owner.slice(5)));
        deps.logger.info(
          { purge: 'user', families: Object.keys(report.deleted).length },
          'grace period over: data deleted',
        );
      } else if (owner.startsWith('scope:')) {
        const report = await forgetScope(deps.store, owner.slice(6));
        deps.logger.info({ purge: 'scope', people: report.people }, 'grace period over: data deleted');
      }
      return { status: 'gone', reason: 'purged' };
    },
  };
}
