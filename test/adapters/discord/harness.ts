import { createDiscordAdapter, type DiscordAdapterOptions } from '../../../adapters/discord/index.ts';
import type { InboundEvent } from '../../../src/core/inbound.ts';
import type { PlatformAdapter, TurnSink } from '../../../src/core/ports.ts';
import { silentLogger } from '../../../src/ops/logger.ts';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord/index.ts';

/**
 * The real discord.js client (through our adapter) connected to the fake Discord. `events` lists
 * every inbound event the adapter handed to the sink, in order.
 */
export interface DiscordHarness {
  fake: FakeDiscord;
  adapter: PlatformAdapter;
  events: InboundEvent[];
  stop(): Promise<void>;
}

export async function startAdapter(
  fake: FakeDiscord,
  sink: TurnSink,
  options: Partial<DiscordAdapterOptions> = {},
): Promise<{ adapter: PlatformAdapter; events: InboundEvent[] }> {
  const events: InboundEvent[] = [];
  const adapter = createDiscordAdapter({
    token: fake.token,
    applicationId: fake.applicationId,
    apiUrl: fake.apiUrl,
    restRetries: 0,
    ...options,
  });
  await adapter.start({
    sink: (event) => {
      events.push(event);
      return sink(event);
    },
    http: { route() {} },
    logger: silentLogger,
  });
  return { adapter, events };
}

export async function startHarness(
  sink: TurnSink,
  options: Partial<DiscordAdapterOptions> = {},
  fakeOptions: Parameters<typeof startFakeDiscord>[0] = {},
): Promise<DiscordHarness> {
  const fake = await startFakeDiscord(fakeOptions);
  const { adapter, events } = await startAdapter(fake, sink, options);
  return {
    fake,
    adapter,
    events,
    async stop() {
      await adapter.stop();
      await fake.close();
    },
  };
}
