import type { StateStore } from '../core/ports.ts';

/** What `forgetScope` removed. */
export interface ScopeForgetReport {
  /** People whose data was deleted. */
  people: number;
  /** Totals of what went, by family (summed `ForgetReport.deleted`). */
  deleted: Record<string, number>;
}

/**
 * Deletes everyone indexed under an installation `scope` (`slack:T1`, `teams:<tenant>`,
 * `discord-guild:<id>`) the same way `forget` does for one person, then the index itself. Called
 * when an uninstall's grace period (CHECKIN_UNINSTALL_GRACE_DAYS) has passed. Safe to repeat:
 * people already forgotten are skipped.
 */
export async function forgetScope(store: StateStore, scope: string): Promise<ScopeForgetReport> {
  const deleted: Record<string, number> = {};
  const people = await store.usersIn(scope);
  for (const user of people) {
    const report = await store.forgetUser(user);
    for (const [family, n] of Object.entries(report.deleted)) deleted[family] = (deleted[family] ?? 0) + n;
  }
  await store.dropScope(scope);
  return { people: people.length, deleted };
}
