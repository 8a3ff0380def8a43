import type { ServerResponse } from 'node:http';
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationParameters,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { ConversationAddress } from '../../src/core/address.ts';
import { CheckinError, ErrorCode } from '../../src/core/errors.ts';
import type { Json } from '../../src/core/json.ts';
import { type OutboundMessage, PRIVATE_FALLBACK_NOTICE, text } from '../../src/core/outbound.ts';
import type {
  DeliveryResult,
  HttpRequest,
  Logger,
  PlatformAdapter,
  SentRef,
  StartContext,
  TurnSink,
} from '../../src/core/ports.ts';
import type { UserKey } from '../../src/core/user-key.ts';
import {
  connectorHttpClient,
  deliveryFailure,
  failureCode,
  PROACTIVE_RETRY,
  withRetryPolicy,
} from './deliver.ts';
import { answerFileConsent, FILE_CONSENT_INVOKE } from './files.ts';
import { expressRequest, expressResponse } from './http.ts';
import {
  isPersonal,
  parseTeamsAddress,
  type StoredReference,
  sentRefSchema,
  stripReference,
  type TeamsRef,
} from './ids.ts';
import { lifecycleOf, type MessageActivity, memberScopeOf, turnOf } from './receive.ts';
import { DEFAULT_RENDER, type RenderOptions, renderActivity, type TeamsActivity } from './render.ts';
import { answerInvoke, answerTurn } from './reply.ts';

/**
 * The Teams adapter: a botbuilder CloudAdapter on the bot's HTTP server (POST /api/messages),
 * translating activities into inbound events for the bot's single entry point and rendering what
 * comes back as Adaptive Cards. Everything SDK-specific stays in this folder (the Bot Framework SDK
 * is retired; docs/teams.md lists what a move to @microsoft/agents-hosting would change).
 */

export interface TeamsAdapterOptions {
  /** Azure bot app id (MICROSOFT_APP_ID); unset only in dev mode (unauthenticated, Emulator). */
  appId?: string | undefined;
  /** Client secret (MICROSOFT_APP_PASSWORD); not for UserAssignedMSI. */
  appPassword?: string | undefined;
  /** MultiTenant, SingleTenant or UserAssignedMSI (MICROSOFT_APP_TYPE). */
  appType?: string | undefined;
  /** The app's tenant (MICROSOFT_APP_TENANT_ID), for SingleTenant and MSI apps. */
  tenantId?: string | undefined;
  /** Accept unauthenticated traffic when there is no app id (TEAMS_DEV_MODE). */
  devMode?: boolean | undefined;
  /**
   * Extra SDK authentication settings (sovereign clouds, tests): `ToBotFromChannelOpenIdMetadataUrl`,
   * `ToBotFromChannelTokenIssuer`, `ToChannelFromBotLoginUrl`, `ToChannelFromBotOAuthScope`,
   * `OAuthUrl`, `CallerId`, `ValidateAuthority`, `ChannelService`, ….
   */
  cloudSettings?: Record<string, string | boolean> | undefined;
  /** Outbound token source; default: the SDK's, from app id, password, type and tenant. */
  credentialsFactory?: ServiceClientCredentialsFactory | undefined;
  /** Messaging endpoint path; default `/api/messages`. */
  route?: string | undefined;
  /**
   * Card buttons: `execute` (Universal Actions, Action.Execute: the answer comes back in the HTTP
   * response, and a channel click can be answered so only the clicker sees it) or `submit`
   * (Action.Submit, which every Bot Framework client renders). Default: execute in Teams, submit
   * elsewhere (Emulator, Web Chat).
   */
  actions?: 'submit' | 'execute' | undefined;
  /** Records a person seen in a team or group chat; wire to `StateStore.indexUser`. */
  indexMember?: ((scope: string, user: UserKey) => Promise<void>) | undefined;
  /** fetch for connector calls (tests, proxies); default global fetch. */
  fetch?: typeof fetch | undefined;
}

/** Adapter options from the validated configuration (the Teams settings of src/config/schema.ts). */
export function teamsOptionsFromConfig(config: {
  MICROSOFT_APP_ID?: string | undefined;
  MICROSOFT_APP_PASSWORD?: string | undefined;
  MICROSOFT_APP_TYPE?: string | undefined;
  MICROSOFT_APP_TENANT_ID?: string | undefined;
  TEAMS_DEV_MODE?: boolean | undefined;
}): Pick<TeamsAdapterOptions, 'appId' | 'appPassword' | 'appType' | 'tenantId' | 'devMode'> {
  if (!config.MICROSOFT_APP_ID && !config.TEAMS_DEV_MODE) {
    throw new CheckinError(
      ErrorCode.InvalidConfig,
      'Teams needs MICROSOFT_APP_ID (and MICROSOFT_APP_PASSWORD), or TEAMS_DEV_MODE=true for the Bot Framework Emulator.',
    );
  }
  return {
    appId: config.MICROSOFT_APP_ID,
    appPassword: config.MICROSOFT_APP_PASSWORD,
    appType: config.MICROSOFT_APP_TYPE,
    tenantId: config.MICROSOFT_APP_TENANT_ID,
    devMode: config.TEAMS_DEV_MODE,
  };
}

/** Channels whose clients render Adaptive Cards; elsewhere text with suggested actions. */
const CARD_CHANNELS = new Set(['msteams', 'emulator', 'webchat', 'directline']);

function authentication(o: TeamsAdapterOptions) {
  if (!o.appId && !o.devMode) {
    throw new CheckinError(
      ErrorCode.InvalidConfig,
      'Teams adapter without MICROSOFT_APP_ID accepts unauthenticated traffic; set TEAMS_DEV_MODE=true only for the Emulator.',
    );
  }
  const settings: Record<string, string | boolean> = { ...o.cloudSettings };
  if (o.appId) settings.MicrosoftAppId = o.appId;
  if (o.appPassword) settings.MicrosoftAppPassword = o.appPassword;
  if (o.appType) settings.MicrosoftAppType = o.appType;
  if (o.tenantId) settings.MicrosoftAppTenantId = o.tenantId;
  const httpClient = connectorHttpClient(o.fetch);
  return new ConfigurationBotFrameworkAuthentication(settings, o.credentialsFactory, undefined, undefined, {
    httpClient: httpClient as never,
  });
}

/** Builds the adapter; nothing is served until `start()`. */
export function createTeamsAdapter(
  options: TeamsAdapterOptions,
): PlatformAdapter & { readonly cloud: CloudAdapter } {
  const cloud = new CloudAdapter(authentication(options));
  const appId = options.appId ?? '';
  const path = options.route ?? '/api/messages';
  const inFlight = new Set<Promise<unknown>>();
  let accepting = false;
  let logger: Logger | null = null;
  let sink: TurnSink | null = null;

  // Errors inside a turn are logged by code in `logic`; here they only propagate (HTTP 500).
  cloud.onTurnError = async (_context, error) => {
    throw error;
  };

  const renderFor = (channelId: string | undefined, personal: boolean): RenderOptions => ({
    ...DEFAULT_RENDER,
    actions: options.actions ?? (channelId === 'msteams' ? 'execute' : 'submit'),
    cards: CARD_CHANNELS.has(channelId ?? ''),
    files: channelId === 'msteams' && personal,
  });
  const renderForRef = (ref: TeamsRef): RenderOptions =>
    ref.kind === 'personal'
      ? renderFor(ref.channelId, true)
      : renderFor(ref.reference.channelId, ref.reference.conversation.conversationType === 'personal');

  /** Sends activities into a stored conversation; resolves with its reference and the activity ids. */
  async function deliver(ref: TeamsRef, activities: TeamsActivity[]) {
    const ids: string[] = [];
    let reference: StoredReference | null = null;
    const sendAll = async (context: TurnContext) => {
      reference = stripReference(TurnContext.getConversationReference(context.activity) as StoredReference);
      for (const activity of activities) {
        const sent = await context.sendActivity(activity as Partial<Activity>);
        if (sent?.id) ids.push(sent.id);
      }
    };
    if (ref.kind === 'reference') {
      await cloud.continueConversationAsync(appId, ref.reference as Partial<ConversationReference>, sendAll);
    } else {
      const parameters = {
        isGroup: false,
        bot: { id: ref.botId, name: '' },
        members: [{ id: ref.userId, name: '' }],
        tenantId: ref.tenantId,
        channelData: { tenant: { id: ref.tenantId } },
      } as unknown as ConversationParameters;
      // Audience undefined: the SDK then uses its configured ToChannelFromBotOAuthScope.
      await cloud.createConversationAsync(
        appId,
        ref.channelId,
        ref.serviceUrl,
        undefined as never,
        parameters,
        sendAll,
      );
    }
    return { reference: reference as StoredReference | null, ids };
  }

  async function logic(context: TurnContext): Promise<void> {
    const log = logger!;
    const activity = context.activity as unknown as MessageActivity;
    const reference = TurnContext.getConversationReference(context.activity) as StoredReference;
    try {
      const lifecycle = lifecycleOf(activity, reference);
      if (lifecycle) {
        await sink!(lifecycle);
        return;
      }
      const render = renderFor(activity.channelId, isPersonal(activity));
      if (activity.type === 'invoke' && activity.name === FILE_CONSENT_INVOKE) {
        const fetchImpl = options.fetch ?? fetch;
        await answerFileConsent(
          { logger: log, render, fetch: fetchImpl, allowInsecureUpload: !options.appId },
          context,
        );
        return;
      }
      const turn = turnOf(activity, reference);
      if (!turn) {
        // Not ours (another app's card, a typing indicator, a reaction): acknowledge, change nothing.
        if (activity.type === 'invoke') await answerInvoke(context, null, render);
        return;
      }
      const scope = memberScopeOf(activity, reference);
      if (scope && options.indexMember) {
        await options.indexMember(scope, turn.user).catch((error: unknown) => {
          log.warn({ activity: activity.id, code: failureCode(error) }, 'teams: member index write failed');
        });
      }
      const reply = await sink!(turn);
      const personalRender = renderFor(activity.channelId, true);
      await answerTurn({ logger: log, render, personalRender, deliver }, context, turn, reply);
    } catch (error) {
      log.error(
        { activity: activity.id, type: activity.type, code: failureCode(error) },
        'teams: turn failed',
      );
      throw error;
    }
  }

  async function onRequest(req: HttpRequest, res: ServerResponse): Promise<void> {
    if (!accepting) {
      res.statusCode = 503;
      res.setHeader('retry-after', '5');
      res.end();
      return;
    }
    const body = req.body as { type?: unknown } | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof body.type !== 'string') {
      // The SDK would throw (HTTP 500) on some of these; a sender deserves to know what is wrong.
      res.statusCode = 400;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ error: 'expected a Bot Framework activity: a JSON object with a "type"' }));
      return;
    }
    if (options.appId && !/^Bearer \S+$/.test(req.headers.authorization ?? '')) {
      // What the SDK would answer too, without it printing the rejection to stderr each time.
      res.statusCode = 401;
      res.end();
      return;
    }
    const work = cloud.process(expressRequest(req), expressResponse(res), logic);
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  }

  async function send(address: ConversationAddress, message: OutboundMessage): Promise<SentRef> {
    const ref = parseTeamsAddress(address);
    const render = renderForRef(ref);
    // A private message for a channel address cannot name its person here: post only the notice.
    const safe = message.private && address.scope === 'channel' ? text(PRIVATE_FALLBACK_NOTICE) : message;
    const { reference, ids } = await deliver(ref, [renderActivity(safe, render)]);
    const activityId = ids.at(-1);
    if (!reference || !activityId) throw new CheckinError(ErrorCode.Platform, 'Teams accepted no message.');
    return { platform: 'teams', ref: { reference, activityId } as unknown as Json };
  }

  return {
    platform: 'teams',
    cloud,

    async start(context: StartContext) {
      logger = context.logger.child({ platform: 'teams' });
      sink = context.sink;
      context.http.route('POST', path, onRequest);
      accepting = true;
      logger.info({ route: path, authenticated: Boolean(options.appId) }, 'teams: listening');
      if (!options.appId) logger.warn({}, 'teams: DEV MODE, requests are not authenticated (Emulator only)');
    },

    async stop() {
      accepting = false;
      await Promise.allSettled([...inFlight]);
    },

    send,

    async update(sent: SentRef, message: OutboundMessage): Promise<void> {
      const parsed = sentRefSchema.safeParse(sent.ref);
      if (sent.platform !== 'teams' || !parsed.success) {
        throw new CheckinError(ErrorCode.InvalidAddress, 'Not a Teams message reference.');
      }
      const { reference, activityId } = parsed.data;
      const render = renderForRef({ kind: 'reference', reference });
      const activity = { ...renderActivity(message, render), id: activityId };
      await cloud.continueConversationAsync(
        appId,
        reference as Partial<ConversationReference>,
        async (context) => {
          await context.updateActivity(activity as Partial<Activity>);
        },
      );
    },

    async sendProactive(address: ConversationAddress, message: OutboundMessage): Promise<DeliveryResult> {
      if (!logger) return { status: 'failed', reason: 'not_started' };
      try {
        await withRetryPolicy(PROACTIVE_RETRY, () => send(address, message));
        return { status: 'delivered' };
      } catch (error) {
        const result = deliveryFailure(error);
        logger.info({ address: address.id, ...result }, 'teams: proactive send not delivered');
        return result;
      }
    },
  };
}
