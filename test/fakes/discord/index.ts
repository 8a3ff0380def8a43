import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './gateway.ts';
import {
  autocompleteInteraction,
  buttonInteraction,
  type CommandOptionValue,
  commandInteraction,
  dmChannel,
  type FakeUser,
  guild,
  guildIdOnShard,
  type InteractionPlace,
  message,
  snowflake,
  user,
  type Wire,
} from './payloads.ts';
import { FakeRest } from './rest.ts';

/**
 * A local Discord: REST under `/api/v10` and the gateway under `/gateway` on one loopback port.
 * Tests drive it like Discord would (a user runs a command, clicks a button, writes a DM) and assert
 * on what it recorded, never on discord.js internals.
 */
export interface FakeDiscord {
  /** REST base to give the client (`rest.api`), e.g. `http://127.0.0.1:PORT/api`. */
  apiUrl: string;
  token: string;
  applicationId: string;
  bot: FakeUser;
  rest: FakeRest;
  gateway: FakeGateway;
  /** Shard count the connected clients identified with (1 until one connects). */
  shardCount(): number;
  /** A server with one text channel; its id routes to `shard` of the current shard count. */
  addGuild(shard?: number): { guildId: string; channelId: string };
  /** A person the bot can DM; `dmChannelId` is their DM channel with the bot. */
  addUser(): { user: FakeUser; dmChannelId: string };
  /** A user runs a slash command; resolves to the interaction's id and token. */
  command(o: {
    user: FakeUser;
    place: InteractionPlace;
    name: string;
    options?: CommandOptionValue[];
    id?: string;
    token?: string;
  }): Interaction;
  autocomplete(o: {
    user: FakeUser;
    place: InteractionPlace;
    name: string;
    options: CommandOptionValue[];
  }): Interaction;
  /** A user clicks the button `customId` on a message the bot sent (found by id in the fake). */
  click(o: { user: FakeUser; place: InteractionPlace; messageId: string; customId: string }): Interaction;
  /** A user writes to the bot in DMs. */
  dm(o: { user: FakeUser; dmChannelId: string; content: string }): { id: string };
  close(): Promise<void>;
}

export interface Interaction {
  id: string;
  token: string;
  payload: Wire;
}

export async function startFakeDiscord(
  options: { heartbeatIntervalMs?: number; recommendedShards?: number } = {},
): Promise<FakeDiscord> {
  const token = `fake-token-${snowflake()}`;
  const applicationId = snowflake();
  const bot = user(applicationId, 'checkin-bot', true);
  const rest = new FakeRest(applicationId, token, bot);
  rest.recommendedShards = options.recommendedShards ?? 1;
  const gateway = new FakeGateway({
    token,
    applicationId,
    bot,
    ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
  });
  const server: Server = createServer((req, res) => {
    rest.handle(req, res).catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/gateway')) gateway.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  rest.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
  // A distinct path, so a test can see that a reconnect really used resume_gateway_url.
  gateway.setResumeUrl(`ws://127.0.0.1:${port}/gateway-resume`);

  const shardCount = () => gateway.sessions.at(-1)?.shard[1] ?? 1;
  const shardOf = (place: InteractionPlace) =>
    'guildId' in place ? Number((BigInt(place.guildId) >> 22n) % BigInt(shardCount())) : 0;
  const interact = (payload: Wire, place: InteractionPlace, clickedMessageId?: string): Interaction => {
    rest.expectInteraction(payload.token, {
      id: payload.id,
      channelId: payload.channel_id,
      acknowledged: false,
      ...(clickedMessageId ? { clickedMessageId } : {}),
    });
    gateway.dispatch('INTERACTION_CREATE', payload, shardOf(place));
    return { id: payload.id, token: payload.token, payload };
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    token,
    applicationId,
    bot,
    rest,
    gateway,
    shardCount,
    addGuild(shard = 0) {
      const guildId = guildIdOnShard(shard, shardCount());
      const channelId = snowflake();
      const g = guild(guildId, channelId);
      rest.channels.set(channelId, g.channels[0]);
      gateway.dispatch('GUILD_CREATE', g, shard);
      return { guildId, channelId };
    },
    addUser() {
      const u = user(snowflake());
      const dmChannelId = snowflake();
      rest.users.set(u.id, u);
      rest.channels.set(dmChannelId, dmChannel(dmChannelId, u));
      return { user: u, dmChannelId };
    },
    command: (o) =>
      interact(
        commandInteraction({
          applicationId,
          user: o.user,
          place: o.place,
          name: o.name,
          ...(o.options ? { options: o.options } : {}),
          ...(o.id ? { id: o.id } : {}),
          ...(o.token ? { token: o.token } : {}),
        }),
        o.place,
      ),
    autocomplete: (o) => interact(autocompleteInteraction({ applicationId, ...o }), o.place),
    click(o) {
      const clicked = rest.messages.get(o.messageId);
      if (!clicked) throw new Error(`fake Discord: no message ${o.messageId} to click on`);
      return interact(
        buttonInteraction({ applicationId, user: o.user, place: o.place, customId: o.customId, clicked }),
        o.place,
        o.messageId,
      );
    },
    dm(o) {
      const m = {
        ...message({ channelId: o.dmChannelId, author: o.user, content: o.content }),
        channel_type: 1,
      };
      gateway.dispatch('MESSAGE_CREATE', m, 0);
      return { id: m.id };
    },
    async close() {
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type { FakeUser, InteractionPlace } from './payloads.ts';
