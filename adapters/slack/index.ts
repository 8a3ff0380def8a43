import { App, type AuthorizeResult, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Config } from '../../src/config/schema.ts';
import type { ConversationAddress } from '../../src/core/address.ts';
import { CheckinError, ErrorCode } from '../../src/core/errors.ts';
import type { OutboundMessage } from '../../src/core/outbound.ts';
import type { DeliveryResult, Logger, PlatformAdapter, SentRef, StartContext } from '../../src/core/ports.ts';
import type { UserKey } from '../../src/core/user-key.ts';
import { boltLogger } from './bolt-logger.ts';
import { parseSlackAddress } from './ids.ts';
import { registerListeners } from './receive.ts';
import { RoutesReceiver } from './receiver.ts';
import { renderInline, renderMessage } from './render.ts';
import { deliveryFailure, type RetryPolicy, SlackSender } from './send.ts';

export { storeHomeView } from './home.ts';
export { slackAddress, slackUserKey } from './ids.ts';

/**
 * The adapter's options from configuration, or null when Slack is not configured (both
 * SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are needed; loadConfig already checks they come together).
 */
export function slackOptionsFromConfig(
  config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN' | 'SLACK_API_URL'>,
): SlackAdapterOptions | null {
  if (!config.SLACK_BOT_TOKEN || !config.SLACK_SIGNING_SECRET) return null;
  return {
    botToken: config.SLACK_BOT_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
    ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
  };
}

/** Everything the Slack adapter needs; main.ts fills it from config (SLACK_*). */
export interface SlackAdapterOptions {
  /** Bot token, `xoxb-…` (SLACK_BOT_TOKEN). */
  botToken: string;
  /** Signing secret (SLACK_SIGNING_SECRET); verifies every HTTP request. */
  signingSecret: string;
  /** App-level token `xapp-…` (SLACK_APP_TOKEN): Socket Mode instead of HTTP when set. */
  appToken?: string;
  /** Web API base URL ending in `/api/` (SLACK_API_URL); default Slack's own. */
  apiUrl?: string;
  /** HTTP path of events, interactivity and slash commands (default `/slack/events`). */
  path?: string;
  /** The slash command registered in the manifest (default `/checkin`). */
  slashCommand?: string;
  /**
   * Builds the App Home tab for a person (settings, recent mood) as a neutral message; images are
   * shown as their fallback text there. Without it the Home tab lists the slash subcommands.
   */
  homeView?: (user: UserKey) => Promise<OutboundMessage | null>;
  /** Rate-limit and failure retries of reply calls (defaults in send.ts). */
  retry?: Partial<RetryPolicy>;
  /** Socket Mode: ping timeout and reconnect back-off base, in milliseconds (default 5000). */
  socketPingTimeoutMs?: number;
  /** Milliseconds since the epoch, for signature timestamps (tests); default Date.now. */
  now?: () => number;
}

/** Creates the Slack PlatformAdapter (Bolt in HTTP mode on the shared server, or Socket Mode). */
export function createSlackAdapter(options: SlackAdapterOptions): PlatformAdapter {
  if (!options.botToken.startsWith('xoxb-')) {
    throw new CheckinError(ErrorCode.InvalidConfig, 'SLACK_BOT_TOKEN must be a bot token starting xoxb-.');
  }
  if (options.appToken !== undefined && !options.appToken.startsWith('xapp-')) {
    throw new CheckinError(
      ErrorCode.InvalidConfig,
      'SLACK_APP_TOKEN must be an app-level token starting xapp-.',
    );
  }
  const path = options.path ?? '/slack/events';
  const slash = options.slashCommand ?? '/checkin';
  const inFlight = new Set<Promise<unknown>>();
  let app: App | null = null;
  let sender: SlackSender | null = null;
  let logger: Logger | null = null;

  const clientOptions = {
    // The client appends method names to this base, so it must end with a slash.
    ...(options.apiUrl
      ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` }
      : {}),
    // Bolt's default policy retries for ~30 minutes; we retry ourselves (send.ts).
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  };

  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    return work.finally(() => inFlight.delete(work));
  };

  const ready = (): { sender: SlackSender; logger: Logger } => {
    if (!sender || !logger) {
      throw new CheckinError(ErrorCode.Platform, 'The Slack adapter is not started; call start() first.');
    }
    return { sender, logger };
  };

  return {
    platform: 'slack',

    async start(context: StartContext) {
      logger = context.logger.child({ platform: 'slack' });
      const bolt = boltLogger(logger);
      const receiver = options.appToken
        ? new SocketModeReceiver({
            appToken: options.appToken,
            logger: bolt,
            installerOptions: { clientOptions },
            ...(options.socketPingTimeoutMs ? { clientPingTimeout: options.socketPingTimeoutMs } : {}),
          })
        : new RoutesReceiver({
            signingSecret: options.signingSecret,
            logger,
            boltLogger: bolt,
            ...(options.now ? { now: options.now } : {}),
          });
      // Our own client (built here, not inside Bolt), shared by every call the adapter makes.
      const client = new webApi.WebClient(options.botToken, { ...clientOptions, logger: bolt });
      const activeSender = new SlackSender({
        client,
        logger,
        ...(options.retry ? { policy: options.retry } : {}),
      });
      sender = activeSender;
      app = new App({
        receiver,
        logger: bolt,
        clientOptions,
        authorize: botIdentity(options.botToken, activeSender, client),
      });
      const active = logger;
      app.error(async (error) => {
        active.error({ code: (error as { code?: string }).code ?? 'error' }, 'slack: bolt error');
      });
      registerListeners(app, {
        sink: context.sink,
        sender: activeSender,
        logger,
        slash,
        ...(options.homeView ? { homeView: options.homeView } : {}),
        track,
      });
      if (receiver instanceof RoutesReceiver) context.http.route('POST', path, receiver.handle);
      await app.start();
      logger.info({ mode: options.appToken ? 'socket' : 'http', path }, 'slack adapter started');
    },

    async stop() {
      if (app) await app.stop();
      await Promise.allSettled([...inFlight]);
      app = null;
    },

    /** Posts to the address; private or urgent content for a channel goes to the person's DM instead. */
    async send(address: ConversationAddress, message: OutboundMessage): Promise<SentRef> {
      const { sender: s } = ready();
      const ref = parseSlackAddress(address);
      let channel = ref.channel;
      let threadTs = ref.thread_ts;
      if (address.scope === 'channel' && (message.private || message.urgent)) {
        if (!ref.user) {
          throw new CheckinError(
            ErrorCode.Platform,
            `A private message cannot go to channel ${address.id} without a person.`,
          );
        }
        channel = await s.openDm(ref.user);
        threadTs = undefined;
      }
      let first = '';
      for (const part of renderMessage(message)) {
        const ts = await s.post(channel, part, threadTs);
        first ||= ts;
      }
      return { platform: 'slack', ref: { channel, ts: first } };
    },

    async update(sent: SentRef, message: OutboundMessage): Promise<void> {
      const { sender: s } = ready();
      const ref = sent.ref as { channel?: unknown; ts?: unknown } | null;
      if (typeof ref?.channel !== 'string' || typeof ref.ts !== 'string' || !ref.ts) {
        throw new CheckinError(
          ErrorCode.InvalidAddress,
          'This Slack message cannot be updated (no channel and ts).',
        );
      }
      await s.update(ref.channel, ref.ts, renderInline(message));
    },

    /** Opens the DM (conversations.open) and posts; never throws. Rate limits are reported, not waited. */
    async sendProactive(address: ConversationAddress, message: OutboundMessage): Promise<DeliveryResult> {
      let ref: ReturnType<typeof parseSlackAddress>;
      let s: SlackSender;
      try {
        ({ sender: s } = ready());
        ref = parseSlackAddress(address);
      } catch (error) {
        return { status: 'failed', reason: (error as { code?: string }).code ?? 'invalid_address' };
      }
      // A channel address (a team pulse) posts in the channel; personal messages never go there.
      if (address.scope === 'channel' && (message.private || message.urgent))
        return { status: 'failed', reason: 'private_to_channel' };
      try {
        const channel =
          address.scope === 'direct' && ref.user
            ? await s.openDm(ref.user, { waitOnRateLimit: false })
            : ref.channel;
        for (const part of renderMessage(message))
          await s.post(channel, part, undefined, { waitOnRateLimit: false });
        return { status: 'delivered' };
      } catch (error) {
        const result = deliveryFailure(error);
        logger?.info(
          { status: result.status, reason: 'reason' in result ? result.reason : undefined },
          'slack: proactive send not delivered',
        );
        return result;
      }
    },
  };
}

/**
 * Bolt's authorize hook for our single workspace: the bot's own ids come from one auth.test, made
 * lazily (a Slack outage cannot block startup) and remembered once it succeeds. Bolt's built-in
 * single-token mode either calls auth.test on every event or remembers a failure for good.
 */
function botIdentity(
  token: string,
  sender: SlackSender,
  client: webApi.WebClient,
): () => Promise<AuthorizeResult> {
  let identity: Promise<{ botId?: string; botUserId?: string }> | null = null;
  return async () => {
    identity ??= sender
      .call('auth.test', () => client.auth.test())
      .then((r) => ({
        ...(r.bot_id ? { botId: r.bot_id } : {}),
        ...(r.user_id ? { botUserId: r.user_id } : {}),
      }));
    try {
      return { botToken: token, ...(await identity) };
    } catch (error) {
      identity = null;
      throw error;
    }
  };
}
