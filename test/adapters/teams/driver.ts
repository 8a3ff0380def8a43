import { createTeamsAdapter, type TeamsAdapterOptions } from '../../../adapters/teams/index.ts';
import type { Bot } from '../../../src/bot/bot.ts';
import type { InboundEvent } from '../../../src/core/inbound.ts';
import type { Clock, PlatformAdapter, StateStore } from '../../../src/core/ports.ts';
import { systemClock } from '../../../src/core/ports.ts';
import { createHttpServer, type HttpServer } from '../../../src/http/server.ts';
import { silentLogger } from '../../../src/ops/logger.ts';
import { MemoryStore } from '../../../src/store/memory.ts';
import * as A from '../../fakes/teams/activities.ts';
import type { ConnectorCall, FakeConnector, Wire } from '../../fakes/teams/connector.ts';
import { buildTestBot } from '../discord/bot-core.ts';

/**
 * The real bot core (memory store, built-in flows) behind the real Teams adapter and CloudAdapter,
 * served on the bot's own HTTP server, replying to the fake connector. Teams delivers an activity
 * and gets its HTTP 200 after the whole turn, so each helper returns once every reply is recorded.
 */
export interface TeamsBot {
  connector: FakeConnector;
  adapter: PlatformAdapter;
  bot: Bot;
  store: StateStore;
  http: HttpServer;
  /** `http://127.0.0.1:<port>/api/messages`. */
  endpoint: string;
  /** Every event the adapter handed to the bot, in order. */
  events: InboundEvent[];
  post(activity: A.ActivityJson, headers?: Record<string, string>): Promise<{ status: number; body: Wire }>;
  stop(): Promise<void>;
}

export async function startTeamsBot(
  connector: FakeConnector,
  options: { store?: StateStore; clock?: Clock; adapter?: Partial<TeamsAdapterOptions> } = {},
): Promise<TeamsBot> {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? new MemoryStore({ clock });
  const bot = buildTestBot(store, clock);
  const events: InboundEvent[] = [];
  const http = createHttpServer({ logger: silentLogger, maxBodyBytes: 1_000_000 });
  const adapter = createTeamsAdapter({
    devMode: true,
    indexMember: (scope, user) => store.indexUser(scope, user),
    ...options.adapter,
  });
  await adapter.start({
    sink: (event) => {
      events.push(event);
      return bot.handle(event);
    },
    http,
    logger: silentLogger,
  });
  const port = await http.listen('127.0.0.1', 0);
  const endpoint = `http://127.0.0.1:${port}/api/messages`;
  return {
    connector,
    adapter,
    bot,
    store,
    http,
    endpoint,
    events,
    async post(activity, headers = {}) {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      let body: Wire = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {}
      return { status: res.status, body };
    },
    async stop() {
      await adapter.stop();
      await http.close(100);
    },
  };
}

/** Every element of a card, depth first (containers, column sets, action sets). */
export function cardElements(card: Wire): Wire[] {
  const out: Wire[] = [];
  const walk = (items: Wire[] | undefined) => {
    for (const item of items ?? []) {
      out.push(item);
      walk(item.items);
      walk(item.actions);
      walk(item.columns);
    }
  };
  walk(card?.body);
  return out;
}

export function cardOf(activity: Wire): Wire {
  return activity?.attachments?.[0]?.content;
}

/** Buttons of a card: title and data. */
export function actionsOf(activity: Wire): Array<{ title: string; type: string; data: Wire; verb?: string }> {
  return cardElements(cardOf(activity)).filter((e) => /^Action\./.test(e.type));
}

/** The readable text of a card (escapes removed), for matching prompts. */
export function textOf(activity: Wire): string {
  const blocks = cardElements(cardOf(activity)).filter((e) => e.type === 'TextBlock');
  return [activity?.text ?? '', ...blocks.map((b) => String(b.text))].join('\n').replace(/\\(.)/g, '$1');
}

/** One person in one place (personal chat or channel), acting and reading the bot's messages. */
export class TeamsChat {
  /** HTTP answers to this person's clicks (Action.Execute answers are the invoke responses). */
  readonly clickResponses: Array<{ status: number; body: Wire }> = [];

  constructor(
    readonly b: TeamsBot,
    readonly who: A.TeamsPerson,
    readonly place: A.Place = A.personalPlace(who),
  ) {}

  get conversationId(): string {
    return this.place.conversationId;
  }

  say(text: string) {
    return this.b.post(A.message(this.b.connector.url, this.who, this.place, text));
  }

  /** The bot's messages in `conversationId` (default: here), each at its latest version. */
  messages(conversationId = this.conversationId): Array<{ id: string; body: Wire; call: ConnectorCall }> {
    const byId = new Map<string, { id: string; body: Wire; call: ConnectorCall }>();
    for (const call of this.b.connector.calls) {
      if (call.conversationId !== conversationId || call.status >= 300) continue;
      if ((call.kind === 'send' || call.kind === 'reply') && call.responseId)
        byId.set(call.responseId, { id: call.responseId, body: call.body, call });
      if (call.kind === 'update' && call.activityId && byId.has(call.activityId))
        byId.set(call.activityId, { id: call.activityId, body: call.body, call });
    }
    return [...byId.values()];
  }

  lastMessage() {
    return this.messages().at(-1);
  }

  /** Clicks a button of the newest card that has one: Action.Submit, or Action.Execute as an invoke. */
  async click(label: RegExp) {
    const card = this.messages()
      .filter((m) => actionsOf(m.body).length)
      .at(-1);
    if (!card) throw new Error('no card with buttons');
    const action = actionsOf(card.body).find((a) => label.test(a.title));
    if (!action)
      throw new Error(
        `no button ${label} among ${actionsOf(card.body)
          .map((a) => a.title)
          .join(', ')}`,
      );
    const url = this.b.connector.url;
    const activity =
      action.type === 'Action.Execute'
        ? A.execute(url, this.who, this.place, card.id, action.verb ?? '', action.data)
        : A.submit(url, this.who, this.place, card.id, action.data);
    const response = await this.b.post(activity);
    this.clickResponses.push(response);
    return { card, response };
  }

  /** Answers whatever the bot asks until `done` holds: buttons by preference, texts from a table. */
  async driveUntil(
    done: () => Promise<boolean>,
    prefer: RegExp[],
    texts: Array<[RegExp, string]>,
  ): Promise<number> {
    let clicks = 0;
    for (let step = 0; step < 40; step++) {
      if (await done()) return clicks;
      const last = this.lastMessage();
      const titles = last ? actionsOf(last.body).map((a) => a.title) : [];
      if (titles.length) {
        const choice = prefer.find((p) => titles.some((t) => p.test(t)));
        const first = titles[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        await this.click(choice ?? new RegExp(`^${first}$`));
        clicks += 1;
        continue;
      }
      const content = last ? textOf(last.body) : '';
      const answer = texts.find(([prompt]) => prompt.test(content))?.[1];
      if (!answer) throw new Error(`no scripted answer for: ${content.slice(0, 200)}`);
      await this.say(answer);
    }
    throw new Error('conversation did not finish');
  }
}
