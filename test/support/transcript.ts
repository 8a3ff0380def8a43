import { expect } from 'vitest';
import { type Bot, createBot } from '../../src/bot/bot.ts';
import type { FeatureHandlers } from '../../src/bot/features.ts';
import { basicReplies, passThroughScreen, type SafetyService } from '../../src/bot/safety.ts';
import { BUILTIN_CONTENT_DIR } from '../../src/compose.ts';
import type { ConversationAddress } from '../../src/core/address.ts';
import type { InboundTurn, TurnInput } from '../../src/core/inbound.ts';
import { plainTextOf, type TurnReply } from '../../src/core/outbound.ts';
import type { Clock, StateStore } from '../../src/core/ports.ts';
import { asUserKey, platformOf, type UserKey } from '../../src/core/user-key.ts';
import type { InstrumentScorer } from '../../src/engine/effects.ts';
import { type FlowCatalog, loadFlowsOrThrow } from '../../src/engine/loader.ts';
import { silentLogger } from '../../src/ops/logger.ts';
import { MemoryStore } from '../../src/store/memory.ts';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(public ms = Date.UTC(2026, 2, 2, 9, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

let builtinFlows: FlowCatalog | undefined;
export function builtinCatalog(): FlowCatalog {
  builtinFlows ??= loadFlowsOrThrow([BUILTIN_CONTENT_DIR]);
  return builtinFlows;
}

export interface TranscriptOptions {
  user?: string;
  store?: StateStore;
  clock?: ManualClock;
  flows?: FlowCatalog;
  safety?: SafetyService;
  features?: FeatureHandlers;
  scorer?: InstrumentScorer;
  countryFromText?: (text: string) => string | undefined;
  scope?: 'direct' | 'channel';
  locale?: string;
  bot?: Bot;
}

/**
 * A conversation with the real bot core, read as a transcript (cf. botbuilder's TestAdapter):
 * `await t.send('hi'); t.expectReply(/Checkin/); await t.click('Yes')`.
 */
export class Transcript {
  readonly bot: Bot;
  readonly store: StateStore;
  readonly clock: ManualClock;
  readonly user: UserKey;
  readonly address: ConversationAddress;
  last: TurnReply = { messages: [] };
  readonly log: string[] = [];
  private seq = 0;

  constructor(private readonly options: TranscriptOptions = {}) {
    this.clock = options.clock ?? new ManualClock();
    this.store = options.store ?? new MemoryStore({ clock: this.clock });
    // A bare name is a local user; a full key (`slack:T1:U1`) speaks from that platform.
    const name = options.user ?? 'tester';
    this.user = asUserKey(name.includes(':') ? name : `local:${name}`);
    this.address = {
      platform: platformOf(this.user),
      id: `${this.user}:dm`,
      scope: options.scope ?? 'direct',
      ref: {},
    };
    this.bot =
      options.bot ??
      createBot({
        store: this.store,
        flows: options.flows ?? builtinCatalog(),
        clock: this.clock,
        logger: silentLogger,
        safety: options.safety ?? { screen: passThroughScreen, replies: basicReplies },
        ...(options.features ? { features: options.features } : {}),
        ...(options.scorer ? { scorer: options.scorer } : {}),
        ...(options.countryFromText ? { countryFromText: options.countryFromText } : {}),
      });
  }

  turn(input: TurnInput, eventId = `${this.user}#${++this.seq}`): InboundTurn {
    return {
      type: 'turn',
      user: this.user,
      address: this.address,
      eventId,
      input,
      ...(this.options.locale ? { locale: this.options.locale } : {}),
    };
  }

  async deliver(turn: InboundTurn): Promise<TurnReply> {
    this.last = await this.bot.handle(turn);
    this.log.push(`> ${JSON.stringify(turn.input)}`, ...this.last.messages.map(plainTextOf));
    return this.last;
  }

  async send(text: string): Promise<this> {
    await this.deliver(this.turn({ kind: 'text', text }));
    return this;
  }

  async command(name: string, argsText = ''): Promise<this> {
    await this.deliver(this.turn({ kind: 'command', name, argsText }));
    return this;
  }

  /** Clicks the button whose label contains `label` (or whose value equals it) in the last reply. */
  async click(label: string): Promise<this> {
    await this.deliver(this.clickTurn(label));
    return this;
  }

  clickTurn(label: string): InboundTurn {
    for (const message of [...this.last.messages].reverse()) {
      for (const block of message.blocks) {
        if (block.type !== 'choices' && block.type !== 'scale') continue;
        const option = block.options.find((o) => o.value === label || o.label.includes(label));
        if (option) return this.turn({ kind: 'choice', ...block.answer, value: option.value });
      }
    }
    throw new Error(`no button "${label}" in the last reply:\n${this.text}`);
  }

  /** All text of the last reply. */
  get text(): string {
    return this.last.messages.map(plainTextOf).join('\n');
  }

  get buttons(): string[] {
    return this.last.messages.flatMap((m) =>
      m.blocks.flatMap((b) =>
        b.type === 'choices' || b.type === 'scale' ? b.options.map((o) => o.label) : [],
      ),
    );
  }

  expectReply(pattern: RegExp | string): this {
    if (typeof pattern === 'string') expect(this.text).toContain(pattern);
    else expect(this.text).toMatch(pattern);
    return this;
  }

  /** Completes onboarding as an adult who consents, in the given country and zone. */
  async onboard(country = 'US', zone = 'America/New_York', reminder = 'No reminders'): Promise<this> {
    await this.send('hi');
    await this.click('Yes, save them');
    await this.click('18 or older');
    await this.send(country);
    await this.send(zone);
    await this.click(reminder);
    this.expectReply('All set');
    return this;
  }
}
