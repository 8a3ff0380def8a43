import { markdownToPlain } from '../core/markdown.ts';
import type { ChoiceOption } from '../core/outbound.ts';
import { successors } from './loader.ts';
import type { Flow, StepOf } from './schema.ts';

/**
 * What the interpreter needs from a flow on every turn, worked out once per loaded flow instead of
 * once per turn: each step's successor, the ask step behind each answer key, and the parts of each
 * question that do not depend on the person (the plain prompt, the option list).
 */
export interface CompiledFlow {
  /** The step that follows each step when it does not choose (branch steps: their first case). */
  next: ReadonlyMap<string, string | null>;
  /** The first ask step saving each answer key (for `| label` and answer labels). */
  askByKey: ReadonlyMap<string, StepOf<'ask'>>;
  /** Per ask step id: its fixed presentation. */
  asks: ReadonlyMap<string, CompiledAsk>;
}

export interface CompiledAsk {
  /** The prompt has no `{{…}}` placeholders, so `prompt`/`shown`/`plain` are final. */
  fixed: boolean;
  /** The prompt as shown (with the "optional" hint of skippable typed answers), when `fixed`. */
  shown: string;
  /** The prompt without markup (beside buttons), when `fixed`. */
  plain: string;
  /** The buttons of a choice, yes/no or scale question; shared by every message (never mutated). */
  options: ChoiceOption[] | null;
}

/** Appended to the prompt of a skippable typed question. */
export const OPTIONAL_HINT = '\n_(optional — type **skip** to leave it out)_';

const cache = new WeakMap<Flow, CompiledFlow>();

/** The compiled form of `flow`, built on first use and kept as long as the flow is. */
export function compiled(flow: Flow): CompiledFlow {
  let c = cache.get(flow);
  if (!c) {
    c = compile(flow);
    cache.set(flow, c);
  }
  return c;
}

function compile(flow: Flow): CompiledFlow {
  const next = new Map<string, string | null>();
  const askByKey = new Map<string, StepOf<'ask'>>();
  const asks = new Map<string, CompiledAsk>();
  for (const step of flow.steps) {
    next.set(step.id, successors(step, flow.following)[0] ?? null);
    if (step.type !== 'ask') continue;
    const key = step.save ?? step.id;
    if (!askByKey.has(key)) askByKey.set(key, step);
    asks.set(step.id, compileAsk(step));
  }
  return { next, askByKey, asks };
}

function compileAsk(step: StepOf<'ask'>): CompiledAsk {
  const fixed = !step.prompt.includes('{{');
  return {
    fixed,
    shown: fixed ? withHint(step, step.prompt) : '',
    plain: fixed ? markdownToPlain(step.prompt) : '',
    options: optionsOf(step),
  };
}

/** The prompt as shown: skippable typed questions say how to skip. */
export function withHint(step: StepOf<'ask'>, prompt: string): string {
  const typed = step.input.kind === 'text' || step.input.kind === 'number';
  return step.skippable && typed ? `${prompt}${OPTIONAL_HINT}` : prompt;
}

function optionsOf(step: StepOf<'ask'>): ChoiceOption[] | null {
  const input = step.input;
  switch (input.kind) {
    case 'choice':
      return input.options;
    case 'yesno':
      return [
        { value: 'yes', label: input.yes },
        { value: 'no', label: input.no },
      ];
    case 'scale': {
      const options: ChoiceOption[] = [];
      for (let n = input.min; n <= input.max; n++)
        options.push({ value: String(n), label: input.labels[String(n)]! });
      return options;
    }
    case 'number':
    case 'text':
      return null;
  }
}
