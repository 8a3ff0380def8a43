import type { Json, JsonObject } from '../core/json.ts';
import { markdownToPlain } from '../core/markdown.ts';
import { type Block, type OutboundMessage, text } from '../core/outbound.ts';
import type { Answer, ConversationState, Frame, Profile } from '../core/state.ts';
import { parseAnswer } from './answers.ts';
import { compiled, withHint } from './compiled.ts';
import { evaluate } from './conditions.ts';
import type { Effect, EngineResult, InstrumentScorer } from './effects.ts';
import type { FlowCatalog } from './loader.ts';
import type { Flow, Step, StepOf, StepType } from './schema.ts';
import { lookup, renderTemplate, type TemplateScope } from './template.ts';
import { localDay, previousDay } from './time.ts';

/**
 * The interpreter: a pure function of (flows, state, input) → (new state, messages, effects).
 * It never does I/O and never mutates its arguments; the bot core stores and sends what it returns.
 */

export interface EngineContext {
  flows: FlowCatalog;
  profile: Profile;
  /** Milliseconds since the epoch; the only clock the engine sees. */
  now: number;
  scorer?: InstrumentScorer;
}

export type EngineInput =
  /** Start a flow; an active one is suspended and resumed when this one ends. */
  | { kind: 'start'; flowId: string }
  /** An answer to the current step: typed text, or the value of a clicked button. */
  | { kind: 'answer'; via: 'text' | 'choice'; value: string }
  | { kind: 'back' }
  | { kind: 'skip' }
  | { kind: 'stop' }
  /** Ask the current step again (after an interruption such as help or a crisis reply). */
  | { kind: 'repeat' };

/** Invalid answers to one step before the flow is set aside. */
export const MAX_ATTEMPTS = 3;
/** Flows suspended under the active one; deeper nesting is refused rather than lost. */
export const MAX_STACK = 4;
/** Steps executed in one turn; the validator rules out loops, this guards against the unforeseen. */
const MAX_STEPS_PER_TURN = 200;

type Control = { to: string | null } | { wait: true };

interface Run {
  ctx: EngineContext;
  flow: Flow;
  state: ConversationState;
  profile: Profile;
  messages: OutboundMessage[];
  effects: Effect[];
}

export function advance(
  ctx: EngineContext,
  current: ConversationState | null,
  input: EngineInput,
): EngineResult {
  if (input.kind === 'start') return start(ctx, current, input.flowId);
  if (!current) return { outcome: 'complete', state: null, profile: ctx.profile, messages: [], effects: [] };

  const flow = ctx.flows.get(current.flowId);
  const reconciled = flow ? reconcile(flow, current, ctx.now) : null;
  if (!flow || !reconciled) {
    // The flow was removed or changed beyond resuming: restart it politely where possible.
    return restartChanged(ctx, current, flow);
  }
  const run = newRun(ctx, flow, reconciled);
  const step = flow.byId.get(run.state.stepId);
  if (step?.type !== 'ask') return finishRun(run, continueFrom(run, run.state.stepId));

  switch (input.kind) {
    case 'repeat':
      return finishRun(run, askAgain(run, step));
    case 'stop':
      return stop(run);
    case 'back':
      return back(run, step);
    case 'skip':
      if (!step.skippable) {
        run.messages.push(text('This question can’t be skipped, but you can type **stop** to leave.'));
        return finishRun(run, askAgain(run, step));
      }
      return finishRun(run, continueFrom(run, nextOf(run, step)));
    case 'answer': {
      const parsed = parseAnswer(step.input, input.value, input.via);
      if (!parsed.ok) return invalid(run, step, parsed.hint);
      const answered = { prompt: fill(run, step.prompt), label: answerLabel(run.flow, step, parsed.value) };
      record(run, step, parsed.value);
      const result = finishRun(run, continueFrom(run, nextOf(run, step)));
      result.answered = answered;
      return result;
    }
  }
}

function start(ctx: EngineContext, current: ConversationState | null, flowId: string): EngineResult {
  const flow = ctx.flows.get(flowId);
  if (!flow) throw new Error(`advance: unknown flow "${flowId}"`);
  const stack = current ? [...current.stack, frameOf(current, 'suspend')] : [];
  if (stack.length > MAX_STACK) {
    const messages = [text('Let’s finish what we started first — or type **stop** to leave it.')];
    return { outcome: 'waiting', state: current, profile: ctx.profile, messages, effects: [] };
  }
  const state: ConversationState = {
    flowId,
    flowVersion: flow.version,
    stepId: flow.startId,
    version: (current?.version ?? 0) + 1,
    answers: {},
    vars: {},
    trail: [],
    attempts: 0,
    stack,
    startedAt: ctx.now,
    updatedAt: ctx.now,
  };
  const run = newRun(ctx, flow, state);
  return finishRun(run, continueFrom(run, flow.startId));
}

/** A run with nothing said or done yet (one literal: the same shape for every run). */
function newRun(ctx: EngineContext, flow: Flow, state: ConversationState): Run {
  return { ctx, flow, state, profile: ctx.profile, messages: [], effects: [] };
}

/** Runs steps from `from` until one waits for an answer or the flow (and its callers) end. */
function continueFrom(run: Run, from: string | null): Control {
  let next: string | null = from;
  for (let count = 0; count < MAX_STEPS_PER_TURN; count++) {
    if (next === null) {
      const resumed = popFrame(run);
      if (!resumed) return { to: null };
      next = resumed;
      continue;
    }
    const step = run.flow.byId.get(next);
    if (!step) throw new Error(`flow ${run.flow.id}: unknown step "${next}"`);
    run.state.stepId = step.id;
    const control = (HANDLERS[step.type] as (s: Step, r: Run) => Control)(step, run);
    if ('wait' in control) return control;
    next = control.to;
  }
  throw new Error(`flow ${run.flow.id}: more than ${MAX_STEPS_PER_TURN} steps in one turn`);
}

const HANDLERS: { [T in StepType]: (step: StepOf<T>, run: Run) => Control } = {
  say(step, run) {
    run.messages.push(text(fill(run, step.text)));
    return { to: nextOf(run, step) };
  },
  ask(step, run) {
    run.state.version += 1;
    run.state.attempts = 0;
    run.state.trail = [...run.state.trail.filter((id) => id !== step.id), step.id];
    run.messages.push(askMessage(run, step));
    return { wait: true };
  },
  branch(step, run) {
    const scope = scopeOf(run);
    const hit = step.cases.find((c) => evaluate(c.when, scope));
    return { to: hit ? hit.next : step.default };
  },
  set(step, run) {
    for (const a of step.values) {
      const value = (a.from ? lookup(scopeOf(run), a.from) : a.value) as Json | undefined;
      if (a.target.startsWith('vars.'))
        run.state.vars = { ...run.state.vars, [a.target.slice(5)]: value ?? null };
      else setProfileField(run, a.target.slice(8), value);
    }
    return { to: nextOf(run, step) };
  },
  score(step, run) {
    const scorer = run.ctx.scorer;
    if (!scorer?.has(step.instrument)) throw new Error(`no scorer for instrument "${step.instrument}"`);
    const answers = step.items.map((key) => Number(run.state.answers[key]));
    const result = scorer.score(step.instrument, answers);
    const value: JsonObject = { instrument: step.instrument, ...result };
    run.state.vars = { ...run.state.vars, [step.save]: value };
    run.profile = {
      ...run.profile,
      lastScreened: { ...run.profile.lastScreened, [step.instrument]: run.ctx.now },
    };
    if (run.profile.consents.storeCheckins) {
      run.effects.push({ type: 'history', entry: { at: run.ctx.now, kind: 'screener', data: value } });
    }
    return { to: nextOf(run, step) };
  },
  history(step, run) {
    if (step.streak) updateStreak(run);
    if (run.profile.consents.storeCheckins) {
      run.effects.push({
        type: 'history',
        entry: { at: run.ctx.now, kind: step.kind, data: collect(run, step.fields) },
      });
    }
    return { to: nextOf(run, step) };
  },
  record(step, run) {
    run.effects.push({ type: 'record', name: step.name, value: collect(run, step.fields) });
    return { to: nextOf(run, step) };
  },
  goto(step) {
    return { to: step.next };
  },
  call(step, run) {
    const callee = run.ctx.flows.get(step.flow);
    if (!callee) throw new Error(`flow ${run.flow.id} calls unknown flow "${step.flow}"`);
    run.state.stack = [...run.state.stack, frameOf(run.state, 'call')];
    run.flow = callee;
    Object.assign(run.state, {
      flowId: callee.id,
      flowVersion: callee.version,
      answers: {},
      vars: {},
      trail: [],
    });
    return { to: callee.startId };
  },
  safety(step, run) {
    run.effects.push({
      type: 'safety',
      level: step.level,
      category: step.category,
      atMessage: run.messages.length,
    });
    return { to: nextOf(run, step) };
  },
  action(step, run) {
    run.effects.push({ type: 'action', action: step.action });
    return { to: nextOf(run, step) };
  },
  end(step, run) {
    if (step.text) run.messages.push(text(fill(run, step.text)));
    return { to: null };
  },
};

function nextOf(run: Run, step: Step): string | null {
  return compiled(run.flow).next.get(step.id) ?? null;
}

function finishRun(run: Run, control: Control): EngineResult {
  const waiting = 'wait' in control;
  run.state.updatedAt = run.ctx.now;
  return {
    outcome: waiting ? 'waiting' : 'complete',
    state: waiting ? run.state : null,
    profile: run.profile,
    messages: run.messages,
    effects: run.effects,
  };
}

function askMessage(run: Run, step: StepOf<'ask'>): OutboundMessage {
  const fixed = compiled(run.flow).asks.get(step.id)!;
  const prompt = fixed.fixed ? step.prompt : fill(run, step.prompt);
  const shown = fixed.fixed ? fixed.shown : withHint(step, prompt);
  const answer = { flowId: run.flow.id, stepId: step.id, version: run.state.version };
  const blocks: Block[] = [{ type: 'text', text: shown }];
  const input = step.input;
  const options = fixed.options;
  if (options) {
    const plain = fixed.fixed ? fixed.plain : markdownToPlain(prompt);
    blocks.push(
      input.kind === 'scale'
        ? { type: 'scale', prompt: plain, min: input.min, max: input.max, options, answer }
        : { type: 'choices', prompt: plain, options, answer },
    );
  }
  return { blocks };
}

function askAgain(run: Run, step: StepOf<'ask'>): Control {
  run.messages.push(askMessage(run, step));
  return { wait: true };
}

function invalid(run: Run, step: StepOf<'ask'>, hint: string): EngineResult {
  run.state.attempts += 1;
  if (run.state.attempts >= MAX_ATTEMPTS) {
    if (step.skippable) {
      run.messages.push(text('Let’s leave that one for now.'));
      return finishRun(run, continueFrom(run, nextOf(run, step)));
    }
    run.messages.push(
      text(
        `I’m having trouble with that answer, so let’s pause here. ${hint} Or type **stop** to leave this for now.`,
      ),
    );
    run.state.attempts = 0;
    return finishRun(run, askAgain(run, step));
  }
  run.messages.push(text(`Sorry, I didn’t quite get that. ${hint}`));
  // The same question with the same version, so the buttons already shown still work.
  return finishRun(run, askAgain(run, step));
}

function stop(run: Run): EngineResult {
  run.messages.push(
    text('Okay, stopped. Nothing from this one was saved. Type **help** to see what else we can do.'),
  );
  run.state.answers = {};
  const resumed = popFrame(run);
  if (!resumed)
    return { outcome: 'cancelled', state: null, profile: run.profile, messages: run.messages, effects: [] };
  return finishRun(run, continueFrom(run, resumed));
}

function back(run: Run, step: StepOf<'ask'>): EngineResult {
  const trail = run.state.trail;
  const previous = trail[trail.length - 2];
  if (!previous) {
    run.messages.push(text('This is the first question — there is nothing to go back to.'));
    return finishRun(run, askAgain(run, step));
  }
  const target = run.flow.byId.get(previous) as StepOf<'ask'>;
  const key = target.save ?? target.id;
  const { [key]: _dropped, ...answers } = run.state.answers;
  run.state.answers = answers;
  run.state.trail = trail.slice(0, -2);
  return finishRun(run, continueFrom(run, previous));
}

/** Restores the flow below the finished one; returns the step to continue at, or null if none. */
function popFrame(run: Run): string | null {
  const frame = run.state.stack.at(-1);
  if (!frame) return null;
  const flow = run.ctx.flows.get(frame.flowId);
  run.state.stack = run.state.stack.slice(0, -1);
  if (!flow) return popFrame(run);
  run.flow = flow;
  Object.assign(run.state, {
    flowId: frame.flowId,
    flowVersion: flow.version,
    answers: frame.answers,
    vars: frame.vars,
    trail: frame.trail,
  });
  const step = flow.byId.get(frame.stepId);
  if (!step) return popFrame(run);
  if (frame.resume === 'call') return nextOf(run, step);
  run.messages.push(text('Let’s pick up where we left off.'));
  run.state.trail = frame.trail.filter((id) => id !== step.id);
  return step.id;
}

function frameOf(state: ConversationState, resume: Frame['resume']): Frame {
  return {
    flowId: state.flowId,
    flowVersion: state.flowVersion,
    stepId: state.stepId,
    answers: state.answers,
    vars: state.vars,
    trail: state.trail,
    resume,
  };
}

function record(run: Run, step: StepOf<'ask'>, value: Answer): void {
  run.state.answers = { ...run.state.answers, [step.save ?? step.id]: value };
}

function scopeOf(run: Run) {
  return {
    answers: run.state.answers,
    vars: run.state.vars,
    profile: run.profile as unknown as Record<string, unknown>,
  };
}

/** A run's answers, vars and profile as templates see them (a class: no closure per fill). */
class RunScope implements TemplateScope {
  readonly answers: Record<string, unknown>;
  readonly vars: Record<string, unknown>;
  readonly profile: Record<string, unknown>;
  readonly #flow: Flow;
  constructor(run: Run) {
    this.answers = run.state.answers;
    this.vars = run.state.vars;
    this.profile = run.profile as unknown as Record<string, unknown>;
    this.#flow = run.flow;
  }
  label(key: string, value: unknown): string | undefined {
    return labelOf(this.#flow, key, value);
  }
}

function fill(run: Run, template: string): string {
  // Most texts have no placeholders: nothing to render.
  return template.includes('{{') ? renderTemplate(template, new RunScope(run)) : template;
}

/** The shown label of an answer value, looked up on the ask step that saved it. */
function labelOf(flow: Flow, key: string, value: unknown): string | undefined {
  const step = compiled(flow).askByKey.get(key);
  if (!step) return undefined;
  const input = step.input;
  if (input.kind === 'choice') return input.options.find((o) => o.value === value)?.label;
  if (input.kind === 'scale') return input.labels[String(value)];
  if (input.kind === 'yesno') return value ? input.yes : input.no;
  return undefined;
}

function answerLabel(flow: Flow, step: StepOf<'ask'>, value: Answer): string {
  return (
    labelOf(flow, step.save ?? step.id, value) ??
    (typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value))
  );
}

function collect(run: Run, fields: Record<string, string>): JsonObject {
  const out: JsonObject = {};
  const scope = scopeOf(run);
  for (const name in fields) {
    const value = lookup(scope, fields[name]!);
    if (value !== undefined) out[name] = value as Json;
  }
  return out;
}

function setProfileField(run: Run, field: string, value: Json | undefined): void {
  const p = run.profile;
  switch (field) {
    case 'consents.storeCheckins':
    case 'consents.crisisEscalation':
      run.profile = { ...p, consents: { ...p.consents, [field.slice(9)]: Boolean(value) } };
      return;
    case 'reminder.time':
    case 'reminder.enabled': {
      const reminder = p.reminder ?? { time: '09:00', days: [1, 2, 3, 4, 5], enabled: true };
      const patch = field === 'reminder.time' ? { time: String(value) } : { enabled: Boolean(value) };
      run.profile = { ...p, reminder: { ...reminder, ...patch } };
      return;
    }
    case 'onboarded':
      run.profile = { ...p, onboarded: Boolean(value) };
      return;
    default:
      run.profile = { ...p, [field]: value === null || value === undefined ? undefined : String(value) };
  }
}

function updateStreak(run: Run): void {
  if (!run.profile.consents.storeCheckins) return;
  const today = localDay(run.ctx.now, run.profile.timeZone);
  const last = run.profile.streak;
  let count = 1;
  if (last?.lastDay === today) count = last.count;
  else if (last && last.lastDay === previousDay(today)) count = last.count + 1;
  run.profile = { ...run.profile, streak: { count, lastDay: today } };
  run.state.vars = { ...run.state.vars, streak: count };
}

/**
 * A redeploy may change a flow under a live conversation. Resume when the current step still
 * exists with the same kind of question; otherwise return null so the flow restarts politely.
 */
function reconcile(flow: Flow, state: ConversationState, now: number): ConversationState | null {
  // A shallow copy is enough: answers, vars, trail and stack are only ever replaced, never mutated.
  const working = { ...state };
  if (state.flowVersion === flow.version) return working;
  const step = flow.byId.get(state.stepId);
  if (step?.type !== 'ask') return null;
  working.flowVersion = flow.version;
  working.trail = working.trail.filter((id) => flow.byId.get(id)?.type === 'ask');
  working.updatedAt = now;
  return working;
}

function restartChanged(ctx: EngineContext, state: ConversationState, flow: Flow | undefined): EngineResult {
  const notice = text('I’ve been updated since we last spoke, so let’s start this one again from the top.');
  if (!flow) {
    // The flow no longer exists at all: nothing to resume into.
    return { outcome: 'cancelled', state: null, profile: ctx.profile, messages: [notice], effects: [] };
  }
  const restarted = start(ctx, null, flow.id);
  if (!restarted.state) return { ...restarted, messages: [notice, ...restarted.messages] };
  // Keep answers whose steps still exist, so nothing typed is lost for nothing.
  const keep: Record<string, Answer> = {};
  for (const [key, value] of Object.entries(state.answers)) {
    if (flow.steps.some((s) => s.type === 'ask' && (s.save ?? s.id) === key)) keep[key] = value;
  }
  return {
    ...restarted,
    messages: [notice, ...restarted.messages],
    state: {
      ...restarted.state,
      answers: { ...keep, ...restarted.state.answers },
      stack: state.stack,
      version: state.version + 1,
    },
  };
}
