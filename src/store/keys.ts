import type { UserKey } from '../core/user-key.ts';

/**
 * Every Redis key the project uses is built here, and only here, so the key families can be
 * enumerated (export, forget and a test rely on that) and each multi-key operation is known to
 * stay in one Cluster slot.
 *
 * All keys of one person share the hash tag `{u:<user key>}`; all keys of one due-index shard
 * share `{r:<shard>}`. Nothing relies on KEYS or cross-slot operations.
 */
export class KeyBuilder {
  constructor(readonly prefix: string) {}

  private tag(user: UserKey): string {
    return `${this.prefix}:{u:${user}}`;
  }

  /** Per-person key families. Add a new family here and to USER_KEY_FAMILIES below. */
  user(user: UserKey) {
    const base = this.tag(user);
    return {
      /** Version counter + profile + records (one hash; never expires). */
      main: `${base}:main`,
      /** The conversation in progress (a string with the idle TTL, so only it expires). */
      conversation: `${base}:conv`,
      /** History bucket for one UTC month (`YYYYMM`), expiring with the retention period. */
      history: (bucket: string) => `${base}:h:${bucket}`,
      /** Set of history bucket names that exist, so export/forget need no scan. */
      historyIndex: `${base}:hidx`,
      /** Set of the installation scopes this person is indexed under, so forget can leave them. */
      scopes: `${base}:scopes`,
    };
  }

  /** Event ids already handled (global; one key per id with a TTL). */
  seen(eventId: string): string {
    return `${this.prefix}:seen:${eventId}`;
  }

  /** One shard of the registry of every person with stored state (for `checkin rotate-key`). */
  registry(shard: number): string {
    return `${this.prefix}:{reg:${shard}}:users`;
  }

  /**
   * One shard of the reminder due index (src/scheduler). Every key of a shard shares the hash tag
   * `{r:<shard>}`, so the claim and settle scripts touch one Cluster slot. A member names one
   * schedule: `<kind>|<owner>` (owner = a user key or a channel address id).
   */
  reminders(shard: number) {
    const base = `${this.prefix}:{r:${shard}}`;
    return {
      /** Sorted set: member → due time (ms). */
      due: `${base}:due`,
      /** Sorted set: member → lease expiry (ms) while a process holds it. */
      lease: `${base}:lease`,
      /** Hash: member → `<occurrence ms>:<attempt>` while an occurrence is being delivered or retried. */
      inflight: `${base}:inflight`,
      /** Hash: member → the schedule (rule, time zone, address), encrypted. */
      schedule: `${base}:sched`,
      /** Hash: member → `<occurrence ms>:<attempt>` whose sending has started (the occurrence marker). */
      marker: `${base}:sent`,
      /** Marker of one occurrence being sent (SET NX PX): at most one delivery per occurrence. */
      occurrence: (member: string, occurrenceMs: number) => `${base}:occ:${member}:${occurrenceMs}`,
    };
  }

  /** The due index's layout (its shard count), so a process configured differently refuses to start. */
  remindersLayout(): string {
    return `${this.prefix}:reminders:layout`;
  }

  /** People of one installation (`slack:T1`, `discord-guild:9`, `teams:<tenant>`). */
  scope(scope: string): string {
    return `${this.prefix}:{s:${scope}}:users`;
  }

  /**
   * One team pulse (src/pulses). Both keys share the hash tag `{p:<pulse id>}`, so the close
   * script touches one Cluster slot. Holds no user id: answers are keyed by a salted hash.
   */
  pulse(pulseId: string) {
    const base = `${this.prefix}:{p:${pulseId}}`;
    return {
      /** Hash: state, sealed meta, sealed salt (while open), sealed aggregate (after close), posted marker. */
      meta: `${base}:meta`,
      /** Hash: `<HMAC(salt, user)>:<question>` → sealed answer, only while the pulse is open. */
      answers: `${base}:ans`,
      /** Posting lease (SET NX PX): one process posts the results at a time. */
      post: `${base}:post`,
    };
  }

  /** One channel's pulses (`{pc:<hash of the channel address id>}`): settings, open pulse, closed ones. */
  pulseChannel(channelHash: string) {
    const base = `${this.prefix}:{pc:${channelHash}}`;
    return {
      /** Hash: `current` open pulse id, `settings` (sealed set id and open hours). */
      main: `${base}:chan`,
      /** Sorted set: closed pulse id → opened-at ms, for the trend and the CSV export. */
      closed: `${base}:closed`,
    };
  }

  /** Sorted set of pulses not yet finished (open or closing): pulse id → close time (ms). */
  pulsesPending(): string {
    return `${this.prefix}:pulses:pending`;
  }

  /**
   * A cached summary of one public web page (src/content/cache.ts), by a hash of its URL. Holds
   * only the page's own public text, never anything about who asked; expires by TTL.
   */
  summary(urlHash: string): string {
    return `${this.prefix}:sum:${urlHash}`;
  }
}

/** The per-person families `user()` builds; a test checks export and forget cover each one. */
export const USER_KEY_FAMILIES = ['main', 'conversation', 'history', 'historyIndex', 'scopes'] as const;
export type UserKeyFamily = (typeof USER_KEY_FAMILIES)[number];
