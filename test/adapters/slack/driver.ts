import { expect } from 'vitest';
import { storeHomeView } from '../../../adapters/slack/home.ts';
import { renderMessage } from '../../../adapters/slack/render.ts';
import { buildCore } from '../../../src/compose.ts';
import { loadConfig } from '../../../src/config/load.ts';
import type { InboundEvent } from '../../../src/core/inbound.ts';
import { type StateStore, systemClock, type TurnSink } from '../../../src/core/ports.ts';
import { silentLogger } from '../../../src/ops/logger.ts';
import {
  blockActions,
  buttonsOf,
  dmMessage,
  eventEnvelope,
  slashCommand,
} from '../../fakes/slack/payloads.ts';
import type { FakeSlack, RecordedCall } from '../../fakes/slack/web-api.ts';
import { type SlackHarness, startSlackHarness } from './harness.ts';

/**
 * Drives a person's DM conversation with the real bot core through the real adapter, over HTTP or
 * Socket Mode, the way Slack would: typed messages, button clicks, slash commands. Each action
 * waits until the reply it caused has reached the fake Slack (counted from the TurnReply).
 */
export interface Conversation {
  h: SlackHarness;
  store: StateStore;
  user: string;
  /** Click payloads sent so far, to replay as duplicates. */
  clicks: Array<Record<string, unknown>>;
  say(text: string): Promise<void>;
  /** Clicks the button whose label matches `label` on the newest post that has buttons. */
  click(label: RegExp): Promise<void>;
  command(text: string, channel?: string): Promise<void>;
  /** Raw deliveries (no waiting), for duplicate and retry tests. */
  sendEvent(body: Record<string, unknown>, retry?: number): Promise<void>;
  sendClick(payload: Record<string, unknown>): Promise<void>;
  /** Waits until every reply so far has reached Slack. */
  settle(): Promise<void>;
  /** Newest post (chat.postMessage) to the DM. */
  lastPost(): RecordedCall;
  turns: InboundEvent[];
}

export async function startConversation(
  options: { socket?: boolean; store?: StateStore; user?: string; tz?: string; fake?: FakeSlack } = {},
): Promise<Conversation> {
  const core = buildCore({
    config: loadConfig({}),
    logger: silentLogger,
    ...(options.store ? { store: options.store } : {}),
  });
  const user = options.user ?? 'U1';
  let expectedPosts = 0;
  let expectedUpdates = 0;
  let pending = 0;
  const turns: InboundEvent[] = [];
  const sink: TurnSink = async (event) => {
    pending += 1;
    turns.push(event);
    try {
      const reply = await core.bot.handle(event);
      // In the DM every message is posted; count the posts it takes so `settle` knows when it is done.
      if (event.type === 'turn' && event.address.scope === 'direct') {
        for (const message of reply.messages)
          expectedPosts += renderMessage(message).filter((p) => p.kind === 'post').length;
        if (reply.updateAnswered) expectedUpdates += 1;
      }
      return reply;
    } finally {
      pending -= 1;
    }
  };
  const h = await startSlackHarness(sink, {
    socket: options.socket ?? false,
    adapter: { homeView: storeHomeView({ store: core.store, clock: systemClock }) },
    ...(options.fake ? { fake: options.fake } : {}),
  });
  h.fake.users.set(user, { tz: options.tz ?? 'Europe/Berlin', locale: 'en-GB' });
  if (options.socket) await h.fake.socket.waitForConnections(1);
  const dm = `D${user}`;

  const sendEvent = async (body: Record<string, unknown>, retry?: number) => {
    if (options.socket) {
      await h.fake.socket.send('events_api', body, retry ? { retryAttempt: retry } : {});
    } else {
      expect((await h.event(body, retry ? { retryNum: retry } : {})).status).toBe(200);
    }
  };
  const sendClick = async (payload: Record<string, unknown>) => {
    if (options.socket) await h.fake.socket.send('interactive', payload);
    else expect((await h.interaction(payload)).status).toBe(200);
  };
  const settle = async () => {
    await h.fake.waitFor(
      (calls) =>
        pending === 0 &&
        calls.filter((c) => c.method === 'chat.postMessage' && c.response?.ok).length >= expectedPosts &&
        calls.filter((c) => c.method === 'chat.update' && c.response?.ok).length >= expectedUpdates,
      10_000,
    );
  };
  const conversation: Conversation = {
    h,
    store: core.store,
    user,
    clicks: [],
    turns,
    sendEvent,
    sendClick,
    settle,
    async say(text) {
      const before = turns.length;
      await sendEvent(eventEnvelope(dmMessage(user, text)));
      await h.fake.waitFor(() => turns.length > before);
      await settle();
    },
    async click(label) {
      const posts = h.fake.callsTo('chat.postMessage').filter((c) => buttonsOf(c.params.blocks).length > 0);
      const post = posts.at(-1);
      if (!post) throw new Error('no post with buttons to click');
      const button = buttonsOf(post.params.blocks).find((b) => label.test(b.label));
      if (!button)
        throw new Error(
          `no button ${label} among ${buttonsOf(post.params.blocks)
            .map((b) => b.label)
            .join(', ')}`,
        );
      const payload = blockActions({
        user,
        channel: String(post.params.channel),
        messageTs: tsOf(h, post),
        actionId: button.actionId,
        value: button.value,
        responseUrl: h.fake.responseUrl(),
      });
      conversation.clicks.push(payload);
      const before = turns.length;
      await sendClick(payload);
      await h.fake.waitFor(() => turns.length > before);
      await settle();
    },
    async command(text, channel = dm) {
      const before = turns.length;
      const form = slashCommand({ user, channel, text, responseUrl: h.fake.responseUrl() });
      if (options.socket) await h.fake.socket.send('slash_commands', form);
      else expect((await h.command(form)).status).toBe(200);
      await h.fake.waitFor(() => turns.length > before);
      await settle();
    },
    lastPost() {
      const post = h.fake.callsTo('chat.postMessage').at(-1);
      if (!post) throw new Error('nothing posted yet');
      return post;
    },
  };
  return conversation;
}

/** The ts Slack gave a recorded post: the fake numbers posts in order, so recompute from its index. */
function tsOf(h: SlackHarness, post: RecordedCall): string {
  return h.fake.tsOfPost(post);
}

/** Text of a recorded post's blocks (for finding prompts). */
export function postText(call: RecordedCall): string {
  return JSON.stringify(call.params.blocks ?? call.params.text ?? '');
}

/**
 * Answers whatever the bot asks until `done` holds: buttons by preference, text questions from a
 * small table. Returns the number of clicks made.
 */
export async function driveUntil(
  c: Conversation,
  done: () => Promise<boolean>,
  prefer: RegExp[],
  texts: Array<[RegExp, string]>,
  maxSteps = 40,
): Promise<number> {
  let clicks = 0;
  for (let step = 0; step < maxSteps; step++) {
    if (await done()) return clicks;
    const last = c.lastPost();
    const labels = buttonsOf(last.params.blocks).map((b) => b.label);
    if (labels.length) {
      const choice =
        prefer.find((p) => labels.some((l) => p.test(l))) ?? new RegExp(`^${escapeRegExp(labels[0]!)}$`);
      await c.click(choice);
      clicks += 1;
      continue;
    }
    const answer = texts.find(([prompt]) => prompt.test(postText(last)))?.[1];
    if (!answer) throw new Error(`no scripted answer for ${postText(last).slice(0, 200)}`);
    await c.say(answer);
  }
  throw new Error('conversation did not finish');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
