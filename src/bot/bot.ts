import { type CommandName, findCommand, parseTypedCommand } from '../core/commands.ts';
import { CheckinError, ErrorCode } from '../core/errors.ts';
import type { InboundEvent, InboundTurn } from '../core/inbound.ts';
import { type OutboundMessage, type TurnReply, text } from '../core/outbound.ts';
import type { Logger, SafetyAssessment, UserChange, UserSnapshot } from '../core/ports.ts';
import type { Profile } from '../core/state.ts';
import { installScopeOf, type UserKey } from '../core/user-key.ts';
import type { Effect, EngineResult } from '../engine/effects.ts';
import { advance, type EngineInput } from '../engine/interpreter.ts';
import { BUILTIN_HANDLERS, FLOW_COMMANDS, helpMessage, menuMessage } from './builtin-commands.ts';
import type { Bot, BotDeps } from './deps.ts';
import type { CommandOutcome, FeatureHandlers } from './features.ts';
import { undeliveredNotice, welcomeBack } from './notices.ts';
import { isNewContact, touchProfile, trackOpenFlow, withoutOpenFlow, withProfile } from './profile.ts';
import { routeInput } from './routing.ts';
import { countryFrom, type SafetyContext } from './safety.ts';

export type { Bot, BotDeps, BotMetrics } from './deps.ts';

/** Commands that work before onboarding: help, and public information that needs no profile. */
const ALWAYS_AVAILABLE = new Set<CommandName>([
  'help',
  'sos',
  'stop',
  'forget',
  'export',
  'back',
  'skip',
  'learn',
  'summary',
]);
/**
 * A conflicting concurrent write is retried this many times before the turn gives up. Bursts from
 * one person (a double-click storm, several devices) are small, but every one must land.
 */
const MAX_CONFLICT_RETRIES = 64;

/**
 * Creates the bot core. One turn: de-duplicate → screen free text for safety → route command or
 * answer → run the engine → commit state (optimistic, retried on conflict) → return the reply.
 */
export function createBot(deps: BotDeps): Bot {
  const dedupTtlMs = deps.dedupTtlMs ?? 86_400_000;
  const handlers: FeatureHandlers = { ...BUILTIN_HANDLERS, ...deps.features };

  async function handle(event: InboundEvent): Promise<TurnReply> {
    const started = performance.now();
    const kind = event.type === 'lifecycle' ? 'lifecycle' : event.input.kind;
    let outcome: 'ok' | 'duplicate' | 'degraded' | 'error' = 'ok';
    try {
      if (!(await deps.store.markSeen(event.eventId, dedupTtlMs))) {
        outcome = 'duplicate';
        turnLog(deps.logger, event, kind).debug({}, 'duplicate event dropped');
        return { messages: [] };
      }
      if (event.type === 'lifecycle') {
        await deps.onLifecycle?.(event);
        turnLog(deps.logger, event, kind).info(
          { lifecycle: event.event, scope: event.scope },
          'lifecycle event',
        );
        return { messages: [] };
      }
      return await turn(event);
    } catch (error) {
      if (event.type === 'turn' && isStoreDown(error)) {
        outcome = 'degraded';
        turnLog(deps.logger, event, kind).warn(
          { code: ErrorCode.StoreUnavailable },
          'store unavailable; answered without saving',
        );
        return degraded(event);
      }
      outcome = 'error';
      turnLog(deps.logger, event, kind).error({ err: errorSummary(error) }, 'turn failed');
      return {
        messages: [
          text(
            'Sorry — something went wrong on my side. Please try again in a moment. If you need help now, type **sos**.',
          ),
        ],
      };
    } finally {
      deps.metrics?.turn(kind, outcome, (performance.now() - started) / 1000);
    }
  }

  /** Runs one turn against fresh state, retrying when another process wrote in between. */
  async function turn(event: InboundTurn): Promise<TurnReply> {
    const assessment = screen(event);
    // Anything safety-relevant takes the personal path, where help is given.
    // (No await at all without pulses: a turn's awaits are a good part of its cost.)
    const pulse = assessment || !deps.pulses ? null : await deps.pulses.route(event);
    if (pulse) return pulse;
    for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
      const snapshot = await deps.store.load(event.user);
      const plan = await decide(event, snapshot, assessment);
      if (!plan.change) return finalise(event, plan);
      if (await deps.store.commit(event.user, snapshot.version, plan.change)) {
        plan.messages.push(...(await afterCommit(event, snapshot, plan)));
        return finalise(event, plan);
      }
      // Jittered backoff spreads contenders out so each retry has a fair chance to win.
      if (attempt > 2) await new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt, 20)));
    }
    throw new CheckinError(
      ErrorCode.StoreConflict,
      `gave up after ${MAX_CONFLICT_RETRIES} concurrent-write retries`,
    );
  }

  /** Safety first: free text is screened before any flow or command sees it. */
  function screen(event: InboundTurn): SafetyAssessment | null {
    const input = event.input;
    const free = input.kind === 'text' ? input.text : input.kind === 'command' ? input.argsText : '';
    if (!free.trim()) return null;
    const assessment = deps.safety.screen.assess(free);
    if (assessment.level !== 'none') {
      deps.metrics?.safety(assessment.level, assessment.category ?? 'none');
      // The fact, level and category only: never the text, never who.
      turnLog(deps.logger, event, input.kind).info(
        { safety: assessment.level, category: assessment.category },
        'safety path taken',
      );
    }
    return assessment.level === 'none' ? null : assessment;
  }

  interface Plan {
    messages: OutboundMessage[];
    change?: UserChange;
    updateAnswered?: OutboundMessage;
    forget?: boolean;
    /** Messages placed before the engine's own (offsets of engine effects count from here). */
    intro?: number;
    /** A crisis answered this turn (for the escalation hook after commit). */
    crisis?: SafetyAssessment;
    profileAfter?: Profile;
    public?: boolean;
  }

  async function decide(
    event: InboundTurn,
    snapshot: UserSnapshot,
    assessment: SafetyAssessment | null,
  ): Promise<Plan> {
    const now = deps.clock.now();
    const context = safetyContext(event, snapshot.profile, assessment);
    let profile = touchProfile(event, snapshot.profile, now);

    if (assessment?.level === 'crisis' && !annotatesCrisis(snapshot)) {
      // Help now. The active flow is paused (kept as it is), never fed the text.
      return {
        crisis: assessment,
        messages: deps.safety.replies.crisis(assessment, context),
        change: withProfile(
          snapshot,
          { ...profile, followUpSafety: true },
          {
            history: [
              { at: now, kind: 'safety', data: { level: assessment.level, category: assessment.category } },
            ],
          },
        ),
      };
    }
    // A reminder that could not be delivered is explained once, privately (crisis help comes first).
    const notices: OutboundMessage[] = [];
    if (profile.undelivered) {
      notices.push(undeliveredNotice());
      const { undelivered: _told, ...rest } = profile;
      profile = rest;
    }
    // A concern gets a gentle check question; in a flow that annotates (the safety plan, where
    // hard words are the point) a crisis gets urgent help beside it. Either way the answer counts.
    const prefix = !assessment
      ? []
      : assessment.level === 'crisis'
        ? deps.safety.replies.crisis(assessment, context)
        : deps.safety.replies.concern(assessment, context);
    // A concern is answered gently and the next check-in asks again; the answer itself still counts.
    if (assessment) profile = { ...profile, followUpSafety: true };

    const route = routeInput(event, snapshot, deps);
    let plan: Plan;
    switch (route.kind) {
      case 'command':
        plan = await runCommand(event, snapshot, profile, route.name, route.argsText, context);
        break;
      case 'engine':
        plan = runEngine(event, snapshot, profile, route.input, now);
        break;
      case 'stale':
        plan = staleClick(event, snapshot, profile, now);
        break;
      case 'safety-check':
        // "I'm safe right now" is thanked but closes nothing: the follow-up stays set.
        plan = { messages: deps.safety.replies.checkAnswer(route.value, context) };
        break;
      case 'idle':
        if (profile.openFlow && !snapshot.conversation) {
          plan = welcomeBack(profile);
          profile = withoutOpenFlow(profile);
        } else {
          plan = profile.onboarded
            ? { messages: [menuMessage('Hi! I’m here whenever you need a moment.')] }
            : runEngine(event, snapshot, profile, { kind: 'start', flowId: 'onboarding' }, now);
        }
        break;
    }
    if (prefix.length || notices.length) plan.messages = [...notices, ...prefix, ...plan.messages];
    // Contact facts or a safety follow-up changed the profile even where nothing else did.
    if (profile !== snapshot.profile) {
      if (!plan.change) plan.change = { profile };
      else if (!plan.change.profile) plan.change.profile = profile;
    }
    return plan;
  }

  async function runCommand(
    event: InboundTurn,
    snapshot: UserSnapshot,
    profile: Profile,
    name: CommandName,
    argsText: string,
    context: SafetyContext,
  ): Promise<Plan> {
    const now = deps.clock.now();
    if (name === 'sos') {
      const country = argsText ? deps.countryFromText?.(argsText) : undefined;
      return { messages: deps.safety.replies.sos(country ? { ...context, country } : context) };
    }
    if (name === 'back' || name === 'skip' || name === 'stop') {
      if (!snapshot.conversation) {
        return {
          messages: [
            text('We’re not in the middle of anything right now. Type **help** to see what we can do.'),
          ],
        };
      }
      return runEngine(event, snapshot, profile, { kind: name }, now);
    }
    if (!profile.onboarded && !ALWAYS_AVAILABLE.has(name)) {
      if (snapshot.conversation?.flowId === 'onboarding')
        return runEngine(event, snapshot, profile, { kind: 'repeat' }, now);
      return runEngine(event, snapshot, profile, { kind: 'start', flowId: 'onboarding' }, now);
    }
    const flowId = FLOW_COMMANDS[name];
    if (flowId) {
      if (snapshot.conversation?.flowId === flowId) {
        return runEngine(event, snapshot, profile, { kind: 'repeat' }, now, [
          text('Let’s carry on where you were.'),
        ]);
      }
      const intro =
        name === 'checkin' && profile.followUpSafety ? [deps.safety.replies.followUp(context)] : [];
      if (intro.length) profile = { ...profile, followUpSafety: false };
      return runEngine(event, snapshot, profile, { kind: 'start', flowId }, now, intro);
    }
    const handler = handlers[name];
    if (!handler) return { messages: [helpMessage()] };
    const result: CommandOutcome = await handler({
      turn: event,
      argsText,
      snapshot: { ...snapshot, profile },
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
    });
    let plan: Plan = { messages: result.messages, ...(result.public ? { public: true } : {}) };
    if (result.change) plan.change = { ...result.change, profile: result.change.profile ?? profile };
    if (result.startFlow) {
      const started = runEngine(
        event,
        { ...snapshot, profile: result.change?.profile ?? profile },
        result.change?.profile ?? profile,
        { kind: 'start', flowId: result.startFlow },
        now,
      );
      plan = {
        ...started,
        messages: [...plan.messages, ...started.messages],
        change: { ...result.change, ...started.change },
      };
    }
    return plan;
  }

  function runEngine(
    event: InboundTurn,
    snapshot: UserSnapshot,
    profile: Profile,
    input: EngineInput,
    now: number,
    intro: OutboundMessage[] = [],
  ): Plan {
    const result: EngineResult = advance(
      deps.scorer
        ? { flows: deps.flows, profile, now, scorer: deps.scorer }
        : { flows: deps.flows, profile, now },
      snapshot.conversation,
      input,
    );
    // The engine's message list is new each turn, so it is ours to extend.
    const messages = intro.length ? [...intro, ...result.messages] : result.messages;
    const plan: Plan = { messages, intro: intro.length };
    const change: UserChange = {
      conversation: result.state,
      profile: trackOpenFlow(result.profile, result.state?.flowId),
    };
    const finished = result.outcome === 'complete' ? snapshot.conversation?.flowId : undefined;
    const followUp = finished ? deps.onFlowComplete?.(finished, result.profile, now) : null;
    if (followUp) {
      plan.messages.push(followUp.message);
      change.profile = followUp.profile;
    }
    applyEffects(result.effects, change, plan, event, snapshot, now);
    plan.change = change;
    plan.profileAfter = result.profile;
    if (result.answered && event.input.kind === 'choice') {
      plan.updateAnswered = {
        blocks: [{ type: 'text', text: `${result.answered.prompt}\n→ **${result.answered.label}**` }],
      };
    }
    return plan;
  }

  function applyEffects(
    effects: Effect[],
    change: UserChange,
    plan: Plan,
    event: InboundTurn,
    snapshot: UserSnapshot,
    now: number,
  ): void {
    let inserted = 0;
    for (const effect of effects) {
      switch (effect.type) {
        case 'history':
          change.history = [...(change.history ?? []), effect.entry];
          break;
        case 'record':
          change.records = { ...change.records, [effect.name]: effect.value };
          break;
        case 'safety': {
          const assessment: SafetyAssessment = { level: effect.level, category: effect.category };
          const context = safetyContext(event, change.profile ?? snapshot.profile, assessment);
          deps.metrics?.safety(effect.level, effect.category);
          const help =
            effect.level === 'crisis'
              ? deps.safety.replies.crisis(assessment, context)
              : deps.safety.replies.concern(assessment, context);
          // Right where the flow raised it, not after everything else the turn says.
          plan.messages.splice((plan.intro ?? 0) + effect.atMessage + inserted, 0, ...help);
          inserted += help.length;
          change.profile = { ...(change.profile ?? snapshot.profile), followUpSafety: true };
          change.history = [
            ...(change.history ?? []),
            { at: now, kind: 'safety', data: { level: effect.level, category: effect.category } },
          ];
          break;
        }
        case 'action':
          plan.forget = true;
          break;
      }
    }
  }

  function staleClick(event: InboundTurn, snapshot: UserSnapshot, profile: Profile, now: number): Plan {
    if (!snapshot.conversation && profile.openFlow) {
      return { ...welcomeBack(profile), change: { profile: withoutOpenFlow(profile) } };
    }
    if (!snapshot.conversation) {
      return {
        messages: [
          menuMessage(
            'That button belongs to a conversation that has already ended — no problem, we can start fresh.',
          ),
        ],
      };
    }
    return runEngine(event, snapshot, profile, { kind: 'repeat' }, now, [
      text(
        'That button was for an earlier question, so I’ve left your answers as they were. Here’s where we are:',
      ),
    ]);
  }

  /** Work that must follow a successful commit; returns any messages it adds. */
  async function afterCommit(
    event: InboundTurn,
    snapshot: UserSnapshot,
    plan: Plan,
  ): Promise<OutboundMessage[]> {
    if (plan.forget) {
      const report = await deps.store.forgetUser(event.user);
      const what = Object.entries(report.deleted)
        .filter(([, n]) => n > 0)
        .map(([family, n]) => `${family} (${n})`);
      return [
        text(
          `Done — I’ve deleted everything I had stored about you${what.length ? `: ${what.join(', ')}` : ''}.`,
          { private: true },
        ),
      ];
    }
    if (plan.crisis) deps.onCrisis?.(event.user, plan.change?.profile ?? snapshot.profile, plan.crisis);
    if (isNewContact(snapshot)) {
      const scope = installScopeOf(event.user);
      if (scope) await deps.store.indexUser(scope, event.user);
    }
    const after = plan.change?.profile;
    if (after && deps.onProfileChange && after !== snapshot.profile)
      await deps.onProfileChange(event.user, snapshot.profile, after);
    return [];
  }

  /** In a shared channel everything personal goes privately; adapters route `private` messages. */
  function finalise(event: InboundTurn, plan: Plan): TurnReply {
    const shared = event.address.scope === 'channel';
    const messages =
      shared && !plan.public ? plan.messages.map((m) => ({ ...m, private: true })) : plan.messages;
    return plan.updateAnswered ? { messages, updateAnswered: plan.updateAnswered } : { messages };
  }

  /** Storage is down: still answer help and crisis (they need no storage), and say so kindly otherwise. */
  function degraded(event: InboundTurn): TurnReply {
    const assessment = screen(event);
    const context = safetyContext(event, { onboarded: false, consents: {}, lastScreened: {} }, assessment);
    if (assessment?.level === 'crisis')
      return finalise(event, { messages: deps.safety.replies.crisis(assessment, context) });
    const input = event.input;
    const word =
      input.kind === 'command'
        ? input.name
        : input.kind === 'text'
          ? parseTypedCommand(input.text, { universalOnly: false })?.name
          : undefined;
    const name = word ? findCommand(word)?.name : undefined;
    if (name === 'sos') return finalise(event, { messages: deps.safety.replies.sos(context) });
    if (name === 'help') return finalise(event, { messages: [helpMessage()], public: true });
    return finalise(event, {
      messages: [
        text(
          'I can’t save anything right now, so I’ve kept your place and changed nothing. Please try again in a few minutes. If you need help now, type **sos**.',
        ),
      ],
    });
  }

  /** Whether the active flow records crisis words as answers (with help beside them) instead of pausing. */
  function annotatesCrisis(snapshot: UserSnapshot): boolean {
    const flowId = snapshot.conversation?.flowId;
    return Boolean(flowId && deps.flows.get(flowId)?.safety === 'annotate');
  }

  function safetyContext(
    event: InboundTurn,
    profile: Profile,
    assessment: SafetyAssessment | null,
  ): SafetyContext {
    const country = countryFrom(profile.country, event.locale ?? profile.locale);
    // Built field by field (absent rather than undefined): runs on every turn.
    const context: SafetyContext = {};
    if (country) context.country = country;
    if (event.locale) context.locale = event.locale;
    if (assessment?.language) context.language = assessment.language;
    return context;
  }

  async function noteUndelivered(user: UserKey, reason: string): Promise<void> {
    for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
      const snapshot = await deps.store.load(user);
      // Nobody stored (forgotten meanwhile): nothing to tell, nothing to keep.
      if (snapshot.version === 0) return;
      const p = snapshot.profile;
      const profile: Profile = {
        ...p,
        undelivered: { at: deps.clock.now(), reason: reason.slice(0, 64) },
        ...(p.reminder ? { reminder: { ...p.reminder, enabled: false } } : {}),
      };
      if (await deps.store.commit(user, snapshot.version, { profile })) return;
    }
  }

  return { handle, noteUndelivered };
}

/** The per-turn logger, made only when something is logged: most turns log nothing. */
function turnLog(logger: Logger, event: InboundEvent, kind: string): Logger {
  return logger.child({ event: event.eventId, kind });
}

function isStoreDown(error: unknown): boolean {
  return error instanceof CheckinError && error.code === ErrorCode.StoreUnavailable;
}

/** Error details safe for logs: name, code and message of our own errors, never user content. */
function errorSummary(error: unknown): object {
  if (error instanceof CheckinError) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof Error) return { name: error.name, message: error.message.slice(0, 200) };
  return { name: typeof error };
}
