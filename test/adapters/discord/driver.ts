import { expect } from 'vitest';
import type { DiscordAdapterOptions } from '../../../adapters/discord/index.ts';
import { renderMessage } from '../../../adapters/discord/render.ts';
import type { Bot } from '../../../src/bot/bot.ts';
import type { InboundEvent } from '../../../src/core/inbound.ts';
import type { Clock, PlatformAdapter, StateStore, TurnSink } from '../../../src/core/ports.ts';
import { systemClock } from '../../../src/core/ports.ts';
import { MemoryStore } from '../../../src/store/memory.ts';
import type { FakeDiscord, FakeUser } from '../../fakes/discord/index.ts';
import type { RecordedCall } from '../../fakes/discord/rest.ts';
import { buildTestBot, libraryAutocomplete } from './bot-core.ts';
import { startAdapter } from './harness.ts';

/**
 * The real bot core (bot-core.ts) behind the real Discord adapter and discord.js, connected to the
 * fake Discord, with helpers that act as a person and wait for the replies.
 */
export interface DiscordBot {
  fake: FakeDiscord;
  adapter: PlatformAdapter;
  bot: Bot;
  store: StateStore;
  /** Every event the adapter handed to the bot, in order. */
  turns: InboundEvent[];
  /** Payloads the bot's replies to DM turns should produce (for `settle`). */
  expectedDeliveries(): number;
  pending(): number;
}

export async function startDiscordBot(
  fake: FakeDiscord,
  options: { store?: StateStore; clock?: Clock; adapter?: Partial<DiscordAdapterOptions> } = {},
): Promise<DiscordBot> {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? new MemoryStore({ clock });
  const bot = buildTestBot(store, clock);
  const turns: InboundEvent[] = [];
  let expected = 0;
  let pending = 0;
  const sink: TurnSink = async (event) => {
    pending += 1;
    turns.push(event);
    try {
      const reply = await bot.handle(event);
      if (event.type === 'turn' && event.address.scope === 'direct') {
        for (const m of reply.messages) expected += renderMessage(m, { ephemeral: false }).length;
        if (reply.updateAnswered)
          expected += renderMessage(reply.updateAnswered, { ephemeral: false }).length;
      }
      return reply;
    } finally {
      pending -= 1;
    }
  };
  const { adapter } = await startAdapter(fake, sink, {
    autocomplete: libraryAutocomplete,
    indexMember: (scope, user) => store.indexUser(scope, user),
    ...options.adapter,
  });
  return { fake, adapter, bot, store, turns, expectedDeliveries: () => expected, pending: () => pending };
}

/** A REST call that put a message in front of someone (not a bare acknowledgement). */
export function isDelivery(c: RecordedCall): boolean {
  if (c.status < 200 || c.status >= 300) return false;
  if (/\/callback$/.test(c.path)) return c.body?.type === 4 || c.body?.type === 7;
  if (c.method === 'PATCH') return /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(c.path);
  if (c.method === 'POST')
    return /^\/webhooks\/\d+\/[^/]+$/.test(c.path) || /^\/channels\/\d+\/messages$/.test(c.path);
  return false;
}

/** Labels and custom ids of a stored message's buttons. */
export function buttonsOf(message: { components?: unknown[] }): Array<{ label: string; customId: string }> {
  return (
    (message.components ?? []) as Array<{ components: Array<{ label?: string; custom_id?: string }> }>
  ).flatMap((row) => row.components.map((b) => ({ label: b.label ?? '', customId: b.custom_id ?? '' })));
}

/**
 * One person talking to the bot in DMs: typed messages, slash commands and button clicks, each
 * waiting until every reply it caused has reached the fake Discord.
 */
export class DmConversation {
  readonly user: FakeUser;
  readonly dmChannelId: string;

  /** Deliveries already made before this conversation (other tests' traffic on a shared fake). */
  private readonly offset: number;

  constructor(readonly b: DiscordBot) {
    const added = b.fake.addUser();
    this.user = added.user;
    this.dmChannelId = added.dmChannelId;
    this.offset = b.fake.rest.calls.filter(isDelivery).length - b.expectedDeliveries();
  }

  get place() {
    return { dmChannelId: this.dmChannelId };
  }

  async settle(): Promise<void> {
    const { fake } = this.b;
    await fake.gateway.until(
      () =>
        this.b.pending() === 0 &&
        fake.rest.calls.filter(isDelivery).length - this.offset >= this.b.expectedDeliveries(),
      10_000,
    );
  }

  private async after(act: () => void): Promise<void> {
    const before = this.b.turns.length;
    act();
    await this.b.fake.gateway.until(() => this.b.turns.length > before, 10_000);
    await this.settle();
  }

  say(content: string): Promise<void> {
    return this.after(() => this.b.fake.dm({ user: this.user, dmChannelId: this.dmChannelId, content }));
  }

  command(name: string, options: Array<{ name: string; value: string }> = []): Promise<void> {
    return this.after(() => this.b.fake.command({ user: this.user, place: this.place, name, options }));
  }

  /** The newest message in this DM that still has buttons. */
  lastWithButtons() {
    const messages = [...this.b.fake.rest.messages.values()].filter(
      (m) => m.channel_id === this.dmChannelId && buttonsOf(m).length > 0,
    );
    return messages.at(-1);
  }

  /** The newest message the bot put in this DM. */
  lastMessage() {
    return [...this.b.fake.rest.messages.values()].filter((m) => m.channel_id === this.dmChannelId).at(-1);
  }

  async click(label: RegExp): Promise<string> {
    const message = this.lastWithButtons();
    expect(message, 'a message with buttons').toBeDefined();
    const button = buttonsOf(message!).find((x) => label.test(x.label));
    if (!button)
      throw new Error(
        `no button ${label} among ${buttonsOf(message!)
          .map((x) => x.label)
          .join(', ')}`,
      );
    await this.after(() =>
      this.b.fake.click({
        user: this.user,
        place: this.place,
        messageId: message!.id,
        customId: button.customId,
      }),
    );
    return message!.id;
  }

  /**
   * Answers whatever the bot asks until `done` holds: buttons by preference (else the first), text
   * questions from a small table. Returns the clicks made.
   */
  async driveUntil(
    done: () => Promise<boolean>,
    prefer: RegExp[],
    texts: Array<[RegExp, string]>,
  ): Promise<number> {
    let clicks = 0;
    for (let step = 0; step < 40; step++) {
      if (await done()) return clicks;
      const last = this.lastMessage();
      const buttons = last ? buttonsOf(last) : [];
      if (buttons.length) {
        const choice = prefer.find((p) => buttons.some((x) => p.test(x.label)));
        await this.click(
          choice ?? new RegExp(`^${buttons[0]!.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
        );
        clicks += 1;
        continue;
      }
      const content = last?.content ?? '';
      const answer = texts.find(([prompt]) => prompt.test(content))?.[1];
      if (!answer) throw new Error(`no scripted answer for: ${content.slice(0, 200)}`);
      await this.say(answer);
    }
    throw new Error('conversation did not finish');
  }
}
