import { createSlackAdapter, type SlackAdapterOptions } from '../../../adapters/slack/index.ts';
import type { InboundEvent } from '../../../src/core/inbound.ts';
import type { TurnReply } from '../../../src/core/outbound.ts';
import type { Logger, PlatformAdapter, TurnSink } from '../../../src/core/ports.ts';
import { createHttpServer, type HttpServer } from '../../../src/http/server.ts';
import { silentLogger } from '../../../src/ops/logger.ts';
import { postSigned, type SignedPost } from '../../fakes/slack/signer.ts';
import { FakeSlack } from '../../fakes/slack/web-api.ts';

/**
 * The real Slack adapter (real Bolt) on the real HTTP server, talking to the fake Slack. Tests
 * drive it the way Slack does: signed HTTP posts, or Socket Mode envelopes.
 */
export const SIGNING_SECRET = 'test-signing-secret';

export interface SlackHarness {
  fake: FakeSlack;
  adapter: PlatformAdapter;
  http: HttpServer;
  eventsUrl: string;
  /** Posts an Events API JSON body, signed. */
  event(body: unknown, options?: SignedPost): Promise<{ status: number; text: string }>;
  /** Posts an interactivity payload (form field `payload`), signed. */
  interaction(payload: unknown, options?: SignedPost): Promise<{ status: number; text: string }>;
  /** Posts a slash command form, signed. */
  command(form: Record<string, string>, options?: SignedPost): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

export async function startSlackHarness(
  sink: TurnSink,
  options: {
    socket?: boolean;
    /** Options over the defaults; a function receives the fake (for its URLs). */
    adapter?: Partial<SlackAdapterOptions> | ((fake: FakeSlack) => Partial<SlackAdapterOptions>);
    logger?: Logger;
    /** Share one fake Slack between several bot instances (it is then not closed here). */
    fake?: FakeSlack;
  } = {},
): Promise<SlackHarness> {
  const fake = options.fake ?? (await FakeSlack.start());
  const http = createHttpServer({ logger: silentLogger, maxBodyBytes: 1_000_000 });
  const adapter = createSlackAdapter({
    botToken: 'xoxb-test-token',
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    retry: { backoffMs: 10 },
    ...(options.socket ? { appToken: 'xapp-test-token', socketPingTimeoutMs: 200 } : {}),
    ...(typeof options.adapter === 'function' ? options.adapter(fake) : options.adapter),
  });
  await adapter.start({ sink, http, logger: options.logger ?? silentLogger });
  const port = await http.listen('127.0.0.1', 0);
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  return {
    fake,
    adapter,
    http,
    eventsUrl,
    event: (body, o) => postSigned(eventsUrl, SIGNING_SECRET, { json: body }, o),
    interaction: (payload, o) =>
      postSigned(eventsUrl, SIGNING_SECRET, { form: { payload: JSON.stringify(payload) } }, o),
    command: (form, o) => postSigned(eventsUrl, SIGNING_SECRET, { form }, o),
    async close() {
      await adapter.stop();
      await http.close(100);
      if (!options.fake) await fake.close();
    },
  };
}

/** A TurnSink that records events and answers from a script (the port, not a mock of the core). */
export function scripted(reply: (event: InboundEvent) => TurnReply | Promise<TurnReply>) {
  const events: InboundEvent[] = [];
  const sink = async (event: InboundEvent) => {
    events.push(event);
    return reply(event);
  };
  return { events, sink };
}

/** A mood question with two buttons, as the core would ask it. */
export const question = (version = 1): TurnReply => ({
  messages: [
    {
      blocks: [
        { type: 'text', text: 'How are you today?' },
        {
          type: 'choices',
          prompt: 'How are you today?',
          options: [
            { value: 'good', label: '🙂 Good' },
            { value: 'low', label: '😔 Low' },
          ],
          answer: { flowId: 'daily', stepId: 'mood', version },
        },
      ],
    },
  ],
});
