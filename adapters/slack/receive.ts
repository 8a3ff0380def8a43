import type { App } from '@slack/bolt';
import { decodeChoice } from '../../src/core/choice-token.ts';
import type { InboundEvent, InboundTurn, TurnInput } from '../../src/core/inbound.ts';
import type { OutboundMessage } from '../../src/core/outbound.ts';
import type { Logger, TurnSink } from '../../src/core/ports.ts';
import type { UserKey } from '../../src/core/user-key.ts';
import { deliverReply, type ReplyContext } from './deliver.ts';
import {
  actionEventId,
  commandEventId,
  eventEventId,
  isDirectChannel,
  messageEventId,
  slackAddress,
  slackScope,
  slackTextToPlain,
  slackUserKey,
} from './ids.ts';
import { LIMITS, renderInline } from './render.ts';
import { failureCode, type SlackSender } from './send.ts';
import { parseSlashText, slashUsage, unknownSubcommand } from './slash-command.ts';

/**
 * Bolt listeners → neutral InboundEvents → the sink → deliverReply. Every listener acknowledges
 * first (Bolt acks Events API deliveries itself) and then does the work, so Slack never waits.
 */
export interface ReceiveDeps {
  sink: TurnSink;
  sender: SlackSender;
  logger: Logger;
  /** The slash command name, e.g. `/checkin`. */
  slash: string;
  /** Builds the Home tab for a person; the default lists the slash subcommands. */
  homeView?: (user: UserKey) => Promise<OutboundMessage | null>;
  /** Runs a listener's work so `stop()` can wait for it. */
  track: <T>(work: Promise<T>) => Promise<T>;
}

/** Remembers whose profile hints were already fetched, so users.info runs once per person per process. */
const HINTS_CACHE_LIMIT = 10_000;

/** Registers every listener the adapter needs on a Bolt app. */
export function registerListeners(app: App, deps: ReceiveDeps): void {
  const { sink, sender, logger } = deps;
  const hinted = new Map<string, { timeZone?: string; locale?: string; isAdmin?: boolean }>();

  /** Time zone and locale from users.info on first contact; failures only cost the hint. */
  const profileHints = async (
    team: string,
    user: string,
  ): Promise<{ timeZone?: string; locale?: string; isAdmin?: boolean }> => {
    const key = `${team}:${user}`;
    const known = hinted.get(key);
    if (known) return known;
    try {
      const info = await sender.userInfo(user);
      if (hinted.size >= HINTS_CACHE_LIMIT) hinted.clear();
      hinted.set(key, info);
      return info;
    } catch (error) {
      // Not remembered: the next turn asks again.
      logger.info({ code: failureCode(error) }, 'slack: users.info unavailable; no time zone hint');
      return {};
    }
  };

  const dmAddress = async (team: string, user: string) =>
    slackAddress({ team, channel: await sender.openDm(user), user }, 'direct');

  /** Hands one turn to the core and delivers what comes back. */
  const runTurn = async (turn: InboundTurn, context: ReplyContext) => {
    const info = await profileHints(context.team, context.user);
    const hints: NonNullable<InboundTurn['hints']> = { ...turn.hints };
    if (info.timeZone) hints.timeZone = info.timeZone;
    if (info.isAdmin) hints.isAdmin = true;
    if (turn.address.scope === 'channel' && !hints.directAddress) {
      // The core keeps the DM as the person's private route (reminders, crisis follow-ups).
      const direct = await dmAddress(context.team, context.user).catch(() => null);
      if (direct) hints.directAddress = direct;
    }
    const full: InboundTurn = { ...turn, ...(info.locale ? { locale: info.locale } : {}), hints };
    const reply = await sink(full);
    await deliverReply(sender, context, reply, logger);
  };

  const guard = (name: string, work: () => Promise<void>) =>
    deps.track(
      work().catch((error) => {
        logger.error({ listener: name, code: failureCode(error) }, 'slack: listener failed');
      }),
    );

  // Direct messages to the bot. Edits, deletions and bot posts are not turns.
  app.event('message', async ({ event, body }) => {
    const message = event as unknown as Record<string, unknown>;
    // A file shared with a caption still carries what the person wrote; other subtypes are not turns.
    const subtype = message.subtype;
    if (message.channel_type !== 'im' || message.bot_id !== undefined) return;
    if (subtype !== undefined && subtype !== 'file_share') return;
    const user = message.user;
    const channel = message.channel;
    const ts = message.ts;
    const team = (body as { team_id?: string }).team_id ?? (message.team as string | undefined);
    if (typeof user !== 'string' || typeof channel !== 'string' || typeof ts !== 'string' || !team) return;
    const text = slackTextToPlain(typeof message.text === 'string' ? message.text : '');
    if (!text) return;
    await guard('message', () =>
      runTurn(
        {
          type: 'turn',
          user: slackUserKey(team, user),
          address: slackAddress({ team, channel, user }, 'direct'),
          eventId: messageEventId(team, channel, ts),
          input: { kind: 'text', text },
        },
        { team, user, address: slackAddress({ team, channel, user }, 'direct'), channel, source: 'dm' },
      ),
    );
  });

  // @mentions in channels: answered in a thread there; private content goes to the DM.
  app.event('app_mention', async ({ event, body, context }) => {
    const team = (body as { team_id?: string }).team_id ?? event.team;
    const { user, channel, ts } = event;
    if (!team || !user || event.bot_id) return;
    const threadTs = event.thread_ts ?? ts;
    const scope = isDirectChannel(channel) ? 'direct' : 'channel';
    const address = slackAddress({ team, channel, thread_ts: threadTs, user }, scope);
    const text = slackTextToPlain(event.text, context.botUserId);
    const input: TurnInput = text ? { kind: 'text', text } : { kind: 'command', name: 'help', argsText: '' };
    await guard('app_mention', () =>
      runTurn(
        {
          type: 'turn',
          user: slackUserKey(team, user),
          address,
          eventId: messageEventId(team, channel, ts),
          input,
        },
        { team, user, address, channel, threadTs, source: 'mention' },
      ),
    );
  });

  // Buttons we rendered (action ids `ck:<block>:<option>`).
  app.action(/^ck:/, async ({ ack, body, action }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
    const choice = decodeChoice(action.value ?? '');
    const team = body.team?.id ?? body.user.team_id;
    const user = body.user.id;
    if (!choice || !team) {
      logger.info({ listener: 'action' }, 'slack: click on a button we did not make; ignored');
      return;
    }
    const container = body.container as {
      type?: string;
      channel_id?: string;
      message_ts?: string;
      is_ephemeral?: boolean;
    };
    const ephemeral = container.is_ephemeral === true;
    await guard('action', async () => {
      let channel = body.channel?.id ?? container.channel_id;
      let scope: 'direct' | 'channel' = channel && isDirectChannel(channel) ? 'direct' : 'channel';
      if (!channel) {
        // A click in the Home tab (a view): continue in the person's DM.
        channel = await sender.openDm(user);
        scope = 'direct';
      }
      const threadTs = (body.message as { thread_ts?: string } | undefined)?.thread_ts;
      const address = slackAddress(
        { team, channel, user, ...(threadTs ? { thread_ts: threadTs } : {}) },
        scope,
      );
      const messageTs = body.message?.ts ?? container.message_ts;
      const input: TurnInput = { kind: 'choice', ...choice };
      await runTurn(
        {
          type: 'turn',
          user: slackUserKey(team, user),
          address,
          eventId: actionEventId(
            team,
            user,
            { channel, ...(messageTs ? { messageTs } : {}) },
            action.action_id,
            action.action_ts,
          ),
          input,
        },
        {
          team,
          user,
          address,
          channel,
          ...(threadTs ? { threadTs } : {}),
          source: ephemeral ? 'ephemeral-action' : 'action',
          ...(body.response_url ? { responseUrl: body.response_url } : {}),
          ...(messageTs || ephemeral ? { answered: { channel, ts: messageTs ?? '', ephemeral } } : {}),
        },
      );
    });
  });

  // `/checkin <subcommand> …`, generated from the core's command registry.
  app.command(deps.slash, async ({ ack, command }) => {
    const parsed = parseSlashText(command.text ?? '');
    if (!parsed.ok) {
      const usage = renderInline({
        blocks: [{ type: 'text', text: unknownSubcommand(deps.slash, parsed.word) }],
      });
      await ack({ response_type: 'ephemeral', ...usage });
      return;
    }
    await ack();
    const { team_id: team, user_id: user, channel_id: channel } = command;
    await guard('command', async () => {
      // Only the person's own DM with the bot is private; a command typed in a DM with someone
      // else, or in a channel, is answered to the person alone.
      const dm = await sender.openDm(user).catch(() => null);
      const scope = dm === channel ? 'direct' : 'channel';
      const address = slackAddress({ team, channel, user }, scope);
      const context: ReplyContext = {
        team,
        user,
        address,
        channel,
        source: 'command',
        responseUrl: command.response_url,
      };
      const turn: InboundTurn = {
        type: 'turn',
        user: slackUserKey(team, user),
        address,
        eventId: commandEventId(team, command.trigger_id),
        input: parsed.input,
        ...(dm ? { hints: { directAddress: slackAddress({ team, channel: dm, user }, 'direct') } } : {}),
      };
      await runTurn(turn, context);
      if (parsed.input.name === 'help') {
        // The core's help, then the Slack spelling of every subcommand, to the person alone.
        const usage: OutboundMessage = {
          blocks: [{ type: 'text', text: slashUsage(deps.slash) }],
          private: true,
        };
        await deliverReply(sender, context, { messages: [usage] }, logger);
      }
    });
  });

  // The App Home tab: settings and recent mood, built by the core when it offers a home view.
  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    const team = (body as { team_id?: string }).team_id;
    if (!team) return;
    await guard('app_home_opened', async () => {
      const custom = deps.homeView ? await deps.homeView(slackUserKey(team, event.user)) : null;
      const message = custom ?? { blocks: [{ type: 'text' as const, text: slashUsage(deps.slash) }] };
      await sender.publishHome(event.user, renderInline(message, LIMITS.blocksPerHomeView).blocks);
    });
  });

  // Uninstalls: the core schedules deletion of the whole workspace after the grace period.
  const uninstalled = async (body: { team_id?: string; event_id?: string }, listener: string) => {
    const team = body.team_id;
    if (!team || !body.event_id) return;
    const event: InboundEvent = {
      type: 'lifecycle',
      eventId: eventEventId(body.event_id),
      event: 'uninstalled',
      scope: slackScope(team),
    };
    await guard(listener, async () => {
      await sink(event);
    });
  };
  app.event('app_uninstalled', async ({ body }) => uninstalled(body, 'app_uninstalled'));
  app.event('tokens_revoked', async ({ event, body }) => {
    // Revoking only user tokens leaves the bot installed.
    if (!event.tokens.bot?.length) return;
    await uninstalled(body, 'tokens_revoked');
  });
}
