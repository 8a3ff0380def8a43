import type { CommandContext, CommandOutcome } from '../bot/features.ts';
import { isPrivateAddress } from '../core/address.ts';
import type { Json } from '../core/json.ts';
import { commandChoices, type OutboundMessage, text } from '../core/outbound.ts';
import type { ForgetReport, StateStore } from '../core/ports.ts';
import type { Profile, ReminderRule } from '../core/state.ts';
import type { UserKey } from '../core/user-key.ts';
import { overlayStore } from '../store/overlay.ts';
import { localDayOf } from './next-fire.ts';
import { DEFAULT_RULE, describeRule, parseReminderText, type ReminderCommand } from './parse.ts';
import type { Scheduler } from './scheduler.ts';
import { localAt } from './zone.ts';

/**
 * What the bot plugs in: the `remind` and `pause` command handlers (they only change the profile)
 * and the after-commit hook that makes the shared schedule follow the profile. Scheduling from
 * the committed profile keeps one source of truth and makes "already checked in today" free:
 * the profile's `streak.lastDay` is the last local day with a check-in.
 */

/** The zone used until the person tells us theirs. */
const FALLBACK_ZONE = 'UTC';

/** `remind <words>`: set, pause, snooze, stop, resume, or the time zone, in plain words. */
export function remindCommand(context: CommandContext): CommandOutcome {
  return handle(context, context.argsText.trim());
}

/** `pause <words>`: the same, read as a pause ("pause until March 3", "pause for 2 weeks"). */
export function pauseCommand(context: CommandContext): CommandOutcome {
  const args = context.argsText.trim();
  return handle(context, args ? `pause ${args}` : 'pause');
}

function handle(context: CommandContext, words: string): CommandOutcome {
  const profile = context.snapshot.profile;
  const zone = profile.timeZone ?? FALLBACK_ZONE;
  const current = profile.reminder;
  if (!words) {
    const now = current
      ? describeRule(current)
      : `not set (the default would be ${describeRule(DEFAULT_RULE)})`;
    return reply(`Your reminders: **${now}**, time zone ${zone}.\n${examples()}`);
  }
  const result = parseReminderText(words, {
    nowMs: context.clock.now(),
    timeZone: zone,
    ...(current ? { current } : {}),
  });
  if (!result.ok) return reply(`${result.error}\n${examples()}`);
  const command = result.command;
  if (command.kind === 'timezone') {
    return {
      messages: [text(`Time zone set to **${command.timeZone}**.`, { private: true })],
      change: { profile: { ...profile, timeZone: command.timeZone } },
    };
  }
  const note = profile.timeZone
    ? ''
    : `\nI am using ${FALLBACK_ZONE}; tell me yours, e.g. "remind my time zone is Europe/Berlin".`;
  return {
    messages: [text(`${confirmation(command, zone)}${note}`, { private: true })],
    change: { profile: { ...profile, reminder: command.rule } },
  };
}

function confirmation(command: Exclude<ReminderCommand, { kind: 'timezone' }>, zone: string): string {
  switch (command.kind) {
    case 'set':
    case 'resume':
      return `Reminders: **${describeRule(command.rule)}** (${zone}).`;
    case 'stop':
      return 'Reminders are off. Say **remind at 9:00 on weekdays** to turn them on again.';
    case 'pause':
      return `Reminders paused; they start again on **${command.resumeDay}**.`;
    case 'snooze': {
      const at = localAt(zone, command.untilMs);
      const hhmm = `${String(Math.floor(at.minuteOfDay / 60)).padStart(2, '0')}:${String(at.minuteOfDay % 60).padStart(2, '0')}`;
      return `OK, I will remind you at **${hhmm}** on ${localDayOf(command.untilMs, zone)}.`;
    }
  }
}

function examples(): string {
  return `For example: ${['remind me at 8:30 on weekdays', 'weekends at 10', "I'm on vacation until March 3", 'snooze 2h', 'stop reminders', 'my time zone is Europe/Berlin'].map((e) => `“${e}”`).join(', ')}.`;
}

function reply(markdown: string): CommandOutcome {
  return { messages: [text(markdown, { private: true })] };
}

/** The schedule a profile asks for, or null when it asks for none (off, no zone, no private address). */
export function scheduleFromProfile(profile: Profile): { rule: ReminderRule; timeZone: string } | null {
  const rule = profile.reminder;
  if (!rule?.enabled || !profile.address || !isPrivateAddress(profile.address)) return null;
  return { rule, timeZone: profile.timeZone ?? FALLBACK_ZONE };
}

/**
 * The bot's `onProfileChange` hook: (re)schedules or unschedules the person's check-in reminder
 * when the rule, zone, address or last check-in day changed. Reminders only ever go to the
 * person's private conversation.
 */
export function syncRemindersOnProfileChange(scheduler: Scheduler) {
  return async (user: UserKey, before: Profile, after: Profile): Promise<void> => {
    const relevant = (p: Profile) => JSON.stringify([p.reminder, p.timeZone, p.address, p.streak?.lastDay]);
    if (relevant(before) === relevant(after)) return;
    const wanted = scheduleFromProfile(after);
    if (!wanted || !after.address) {
      await scheduler.unschedule(user);
      return;
    }
    await scheduler.schedule({
      owner: user,
      rule: wanted.rule,
      timeZone: wanted.timeZone,
      address: after.address,
      ...(after.streak ? { lastCheckinLocalDay: after.streak.lastDay } : {}),
    });
  };
}

/** The reminder itself: a warm nudge with a button that starts the check-in. */
export function checkinReminderMessage(): OutboundMessage {
  return {
    private: true,
    blocks: [
      { type: 'text', text: 'Hi 💛 it’s check-in time. How are you doing today?' },
      commandChoices('Check in now?', [
        { value: 'checkin', label: '📝 Check in' },
        { value: 'remind snooze 2h', label: '⏰ Later' },
        { value: 'remind stop', label: 'Stop reminders' },
      ]),
    ],
  };
}

/**
 * The store with a person's reminder schedule joined to export and forget: the schedule lives in
 * the scheduler's shard keys, which the store's own export and forget do not see.
 */
export function withReminderData(
  store: StateStore,
  scheduler: Pick<Scheduler, 'exportOwner' | 'unschedule'>,
): StateStore {
  const exportUser = async (user: UserKey): Promise<Json> => {
    const exported = await store.exportUser(user);
    const reminders = await scheduler.exportOwner(user);
    return exported && typeof exported === 'object' && !Array.isArray(exported)
      ? { ...exported, reminders }
      : { data: exported, reminders };
  };
  const forgetUser = async (user: UserKey): Promise<ForgetReport> => {
    const report = await store.forgetUser(user);
    const removed = await scheduler.unschedule(user);
    return removed ? { deleted: { ...report.deleted, reminders: 1 } } : report;
  };
  return overlayStore(store, { exportUser, forgetUser });
}
