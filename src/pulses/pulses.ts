import { findCommand } from '../core/commands.ts';
import type { InboundTurn } from '../core/inbound.ts';
import { escapeMarkdown } from '../core/markdown.ts';
import { type OutboundMessage, type TurnReply, text } from '../core/outbound.ts';
import type { Clock, DeliveryResult, Logger } from '../core/ports.ts';
import type { ReminderRule } from '../core/state.ts';
import type { UserKey } from '../core/user-key.ts';
import type { DueJob } from '../scheduler/scheduler.ts';
import { aggregatesCsv, PULSE_FLOW_ID, promptMessages } from './messages.ts';
import { PULSE_VERBS, type PulseCommand, parsePulseCommand } from './parse.ts';
import { PulseCore } from './service.ts';
import { DEFAULT_PULSE_SET, type PulseSet } from './sets.ts';

/**
 * The pulse feature as the bot core sees it: `route` claims pulse commands and pulse button clicks
 * before the personal-state path (so nothing personal is read or written for them), the scheduler
 * hands it due `pulse` jobs, and a tick closes pulses whose time is up.
 */

/** The shared scheduler, as far as pulses use it (src/scheduler/scheduler.ts fits). */
export interface PulseScheduler {
  schedule(spec: {
    owner: string;
    kind: 'pulse';
    rule: ReminderRule;
    timeZone: string;
    address: InboundTurn['address'];
  }): Promise<number | null>;
  unschedule(owner: string, kind: 'pulse'): Promise<boolean>;
  nextDue(owner: string, kind: 'pulse'): Promise<number | null>;
}

export interface PulsesOptions {
  core: PulseCore;
  sets: ReadonlyMap<string, PulseSet>;
  clock: Clock;
  logger: Logger;
  /** CHECKIN_ADMINS: user keys that may manage pulses on any platform. */
  admins: readonly string[];
  scheduler?: PulseScheduler | undefined;
  /** How long a pulse stays open unless the admin says (ms; default 24 h). */
  defaultOpenMs?: number;
  /** How often `start()` looks for pulses to close (ms; default 15 s). */
  tickMs?: number;
}

// `pulse` or `team-pulse` as a whole word, optionally followed by a verb and its words.
const TYPED = /^[/!]?(?:team-)?pulse(?:\s+(\S+)[\s\S]*)?$/i;
const TYPED_WORD = /^[/!]?(?:team-)?pulse\s*/i;

const HELP = [
  '**Team pulses** — short anonymous check-ins for this channel (admins set them up):',
  '- **pulse now** [set] [for 2h] — start one here now',
  '- **pulse schedule** weekly fri 15:00 Europe/Berlin [set] [for 24h] — every week',
  '- **pulse stop** — stop the schedule',
  '- **pulse close** — close the open pulse and share the results',
  '- **pulse results csv** — the team results as a CSV file',
  '- **pulse status** — what is scheduled and open here',
].join('\n');

export class Pulses {
  private readonly o: PulsesOptions;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<unknown> | undefined;

  constructor(options: PulsesOptions) {
    this.o = options;
  }

  get core(): PulseCore {
    return this.o.core;
  }

  /** True for events this feature answers: pulse buttons, the `pulse` command, typed `pulse <verb>`. */
  claims(event: InboundTurn): boolean {
    const input = event.input;
    if (input.kind === 'choice') return input.flowId === PULSE_FLOW_ID;
    if (input.kind === 'command') return findCommand(input.name)?.name === 'pulse';
    const m = TYPED.exec(input.text.trim());
    if (!m) return false;
    return !m[1] || (PULSE_VERBS as readonly string[]).includes(m[1].toLowerCase());
  }

  /** The reply for a claimed event, or null when the event is not for pulses. */
  async route(event: InboundTurn): Promise<TurnReply | null> {
    if (!this.claims(event)) return null;
    const input = event.input;
    if (input.kind === 'choice') return this.click(event, input.stepId, input.value);
    const args = input.kind === 'command' ? input.argsText : input.text.trim().replace(TYPED_WORD, '');
    return this.command(event, args);
  }

  private async click(event: InboundTurn, stepId: string, value: string): Promise<TurnReply> {
    const dot = stepId.indexOf('.');
    const result = await this.o.core.answer(stepId.slice(0, dot), stepId.slice(dot + 1), value, event.user);
    if (result.ok) {
      return privately(
        `Thanks — your answer to **${escapeMarkdown(result.short)}** is **${escapeMarkdown(result.label)}**. Only you see this; you can change it until the pulse closes.`,
      );
    }
    return privately(
      result.reason === 'closed'
        ? 'This pulse has closed, so answers can’t be added or changed any more. Thank you!'
        : 'That button belongs to a pulse I no longer have. Nothing was recorded.',
    );
  }

  private async command(event: InboundTurn, args: string): Promise<TurnReply> {
    const parsed = parsePulseCommand(args, {
      setIds: new Set(this.o.sets.keys()),
      nowMs: this.o.clock.now(),
    });
    if (!parsed.ok) return privately(`${parsed.error}\n\n${HELP}`);
    const command = parsed.command;
    if (command.kind === 'help') return privately(HELP);
    if (event.address.scope !== 'channel') {
      return privately('Team pulses run in a shared channel: use this command there.');
    }
    if (!this.isAdmin(event)) {
      return privately(
        'Sorry — only workspace or server admins can manage team pulses here. You can still answer any pulse posted in this channel, anonymously.',
      );
    }
    return this.adminCommand(event, command);
  }

  /** Admins: the platform said so (Slack admins/owners, Discord Manage Server) or CHECKIN_ADMINS lists them. */
  isAdmin(event: InboundTurn): boolean {
    return event.hints?.isAdmin === true || this.o.admins.includes(event.user);
  }

  private async adminCommand(event: InboundTurn, command: PulseCommand): Promise<TurnReply> {
    const address = event.address;
    const core = this.o.core;
    switch (command.kind) {
      case 'now': {
        const current = await core.currentOf(address);
        if (current?.open)
          return privately('A pulse is already open here. Use **pulse close** to close it first.');
        const set = this.setOf(command.setId);
        const openMs = command.openMs ?? this.o.defaultOpenMs ?? 86_400_000;
        const { meta } = await core.open(address, set, openMs, `now:${event.eventId}`);
        const prompt = promptMessages(meta, when(meta.closesAt));
        // Posted as channel messages: a slash command's own reply may be visible to the admin only.
        const posted = await core.post(address, prompt);
        if (posted < prompt.length) return { messages: prompt.slice(posted) };
        return privately(
          `**${escapeMarkdown(set.title)}** started in this channel; it closes ${when(meta.closesAt)}. Results are shared only if at least ${core.minGroup} people answer.`,
        );
      }
      case 'schedule': {
        if (!this.o.scheduler) return privately('Scheduling is not available on this installation.');
        const set = this.setOf(command.setId);
        const openMs = command.openMs ?? this.o.defaultOpenMs ?? 86_400_000;
        await core.setSettings(address, { setId: set.id, openMs });
        const next = await this.o.scheduler.schedule({
          owner: address.id,
          kind: 'pulse',
          rule: command.rule,
          timeZone: command.timeZone,
          address,
        });
        return {
          messages: [
            text(
              `**${escapeMarkdown(set.title)}** scheduled for this channel${next ? `; the next one opens ${when(next, command.timeZone)} (${escapeMarkdown(command.timeZone)})` : ''}. Each stays open ${hours(openMs)}. Answers are anonymous, and results are shared only if at least ${core.minGroup} people answer.`,
            ),
          ],
        };
      }
      case 'unschedule': {
        const removed = (await this.o.scheduler?.unschedule(address.id, 'pulse')) ?? false;
        await core.setSettings(address, null);
        return privately(
          removed ? 'Pulse schedule stopped for this channel.' : 'No pulse was scheduled here.',
        );
      }
      case 'close': {
        const current = await core.currentOf(address);
        if (!current) return privately('No pulse is open here.');
        const outcome = await core.closeNow(current.meta.id);
        return privately(
          outcome === 'posted' || outcome === 'already_posted'
            ? 'Pulse closed; the results (or a note that too few answered) are posted in the channel.'
            : 'Pulse closed; the results will be posted in a moment.',
        );
      }
      case 'csv': {
        const rows = await core.closedIn(address, 104);
        if (rows.length === 0) return privately('No closed pulses in this channel yet.');
        return {
          messages: [
            {
              private: true,
              blocks: [
                {
                  type: 'text',
                  text: `Team pulse results for this channel (${rows.length} pulse(s)); counts only, never who answered.`,
                },
                {
                  type: 'file',
                  name: 'pulse-results.csv',
                  mediaType: 'text/csv',
                  content: new TextEncoder().encode(aggregatesCsv(rows)),
                },
              ],
            },
          ],
        };
      }
      case 'status': {
        const current = await core.currentOf(address);
        const next = await this.o.scheduler?.nextDue(address.id, 'pulse');
        const lines = [
          current?.open ? `A pulse is open until ${when(current.meta.closesAt)}.` : 'No pulse is open here.',
          next ? `Next scheduled pulse: ${when(next)}.` : 'No pulse is scheduled here.',
          `Results are shared when at least ${core.minGroup} people answer.`,
        ];
        return privately(lines.join('\n'));
      }
      case 'help':
        return privately(HELP);
    }
  }

  /**
   * A scheduled pulse is due (the scheduler's `deliver` for kind `pulse`): closes the channel's
   * previous pulse if still open, opens the new one (once per occurrence) and posts its prompt.
   */
  async deliverScheduled(job: DueJob, send: (message: OutboundMessage) => Promise<DeliveryResult>) {
    const settings = await this.o.core.settingsOf(job.address);
    const set = this.setOf(settings?.setId);
    const previous = await this.o.core.currentOf(job.address);
    const seed = `sched:${job.occurrenceMs}`;
    if (previous?.open && previous.meta.id !== PulseCore.idFor(job.address.id, seed))
      await this.o.core.closeNow(previous.meta.id);
    const { meta } = await this.o.core.open(
      job.address,
      set,
      settings?.openMs ?? this.o.defaultOpenMs ?? 86_400_000,
      seed,
    );
    for (const message of promptMessages(meta, when(meta.closesAt))) {
      const result = await send(message);
      if (result.status !== 'delivered') return result;
    }
    return { status: 'delivered' } as const;
  }

  /** Removes this person's answers from open pulses (the `forget` command and operator forget). */
  forget(user: UserKey): Promise<number> {
    return this.o.core.forget(user);
  }

  /** Starts closing due pulses on a timer (every process may run it; closing is idempotent). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.ticking) return;
      this.ticking = this.o.core
        .closeDue()
        .catch((error: unknown) => {
          // Redis away: nothing is lost, the next tick tries again.
          this.o.logger.warn({ code: (error as Error).name }, 'pulse close tick failed');
        })
        .finally(() => {
          this.ticking = undefined;
        });
    }, this.o.tickMs ?? 15_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking?.catch(() => undefined);
  }

  private setOf(id: string | undefined): PulseSet {
    const set =
      this.o.sets.get(id ?? DEFAULT_PULSE_SET) ??
      this.o.sets.get(DEFAULT_PULSE_SET) ??
      this.o.sets.values().next().value;
    if (!set) throw new Error('no pulse sets are loaded');
    return set;
  }
}

function privately(markdown: string): TurnReply {
  return { messages: [text(markdown, { private: true })] };
}

function when(ms: number, timeZone = 'UTC'): string {
  const formatted = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(ms);
  return timeZone === 'UTC' ? `${formatted} UTC` : formatted;
}

function hours(ms: number): string {
  const h = ms / 3_600_000;
  if (h >= 24 && Number.isInteger(h / 24)) return `${h / 24} day(s)`;
  if (h >= 1) return `${Math.round(h * 10) / 10} hour(s)`;
  return `${Math.round(ms / 60_000)} minutes`;
}
