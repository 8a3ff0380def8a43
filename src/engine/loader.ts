import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CheckinError, ErrorCode } from '../core/errors.ts';
import { formatProblem, type Problem, YamlSource } from './problems.ts';
import { type Flow, type FlowDefinition, flowSchema, type Step } from './schema.ts';
import { templateRefs } from './template.ts';

/** All loaded flows by id. */
export type FlowCatalog = ReadonlyMap<string, Flow>;

/**
 * Files of one kind (`flows`, …) across content folders: a later folder's file with the same
 * name replaces an earlier one, so an overlay (CHECKIN_CONTENT_DIR) changes content without a fork.
 */
export function contentFiles(dirs: readonly string[], kind: string, extension: RegExp): string[] {
  const byName = new Map<string, string>();
  for (const dir of dirs) {
    const folder = join(dir, kind);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort())
      if (extension.test(name)) byName.set(name, join(folder, name));
  }
  return [...byName.values()];
}

/** Loads and checks every flow in `dirs`; returns every problem in every file at once. */
export function loadFlows(
  dirs: readonly string[],
  options: { knownInstruments?: ReadonlySet<string> } = {},
): {
  flows: Map<string, Flow>;
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const flows = new Map<string, Flow>();
  const sources = new Map<string, YamlSource>();
  for (const path of contentFiles(dirs, 'flows', /\.ya?ml$/)) {
    const file = relative(process.cwd(), path) || path;
    const source = new YamlSource(file, readFileSync(path, 'utf8'));
    const syntax = source.syntaxProblems();
    if (syntax.length) {
      problems.push(...syntax);
      continue;
    }
    const parsed = flowSchema.safeParse(source.toJS());
    if (!parsed.success) {
      problems.push(...source.zodProblems(parsed.error));
      continue;
    }
    const stepProblems = checkSteps(parsed.data, source, options.knownInstruments);
    if (stepProblems.length) {
      problems.push(...stepProblems);
      continue;
    }
    const earlier = flows.get(parsed.data.id);
    if (earlier) {
      problems.push(source.at(['id'], `duplicate flow id "${parsed.data.id}" (also in ${earlier.file})`));
      continue;
    }
    flows.set(parsed.data.id, indexFlow(parsed.data, file));
    sources.set(parsed.data.id, source);
  }
  // Calls across files can only be checked once every file is read.
  for (const flow of flows.values()) {
    flow.steps.forEach((step, i) => {
      if (step.type === 'call' && !flows.has(step.flow)) {
        problems.push(sources.get(flow.id)!.at(['steps', i, 'flow'], `calls unknown flow "${step.flow}"`));
      }
    });
  }
  return { flows, problems };
}

/** Loads flows or throws one error listing every problem (the bot refuses to start on bad content). */
export function loadFlowsOrThrow(
  dirs: readonly string[],
  options: { knownInstruments?: ReadonlySet<string> } = {},
): FlowCatalog {
  const { flows, problems } = loadFlows(dirs, options);
  if (problems.length) {
    throw new CheckinError(
      ErrorCode.InvalidContent,
      `Dialog content has ${problems.length} problem(s); fix them and start again (checkin validate lists them):\n${problems.map(formatProblem).join('\n')}`,
    );
  }
  return flows;
}

export function indexFlow(def: FlowDefinition, file: string): Flow {
  const byId = new Map<string, Step>();
  const following = new Map<string, string | undefined>();
  def.steps.forEach((step, i) => {
    byId.set(step.id, step);
    following.set(step.id, def.steps[i + 1]?.id);
  });
  const version = createHash('sha256').update(JSON.stringify(def)).digest('hex').slice(0, 12);
  return { ...def, version, byId, following, startId: def.start ?? def.steps[0]!.id, file };
}

/** Where control can go after a step; `null` marks the end of the flow. */
export function successors(
  step: Step,
  following: ReadonlyMap<string, string | undefined>,
): Array<string | null> {
  const fallthrough = () => ('next' in step && step.next ? step.next : (following.get(step.id) ?? null));
  switch (step.type) {
    case 'end':
      return [null];
    case 'branch':
      return [...step.cases.map((c) => c.next), step.default];
    case 'goto':
      return [step.next];
    default:
      return [fallthrough()];
  }
}

function checkSteps(
  def: FlowDefinition,
  source: YamlSource,
  knownInstruments?: ReadonlySet<string>,
): Problem[] {
  const problems: Problem[] = [];
  const index = new Map<string, number>();
  def.steps.forEach((step, i) => {
    if (index.has(step.id)) problems.push(source.at(['steps', i, 'id'], `duplicate step id "${step.id}"`));
    else index.set(step.id, i);
  });
  const following = new Map<string, string | undefined>(
    def.steps.map((s, i) => [s.id, def.steps[i + 1]?.id]),
  );
  const answerKeys = new Set(def.steps.flatMap((s) => (s.type === 'ask' ? [s.save ?? s.id] : [])));
  const varNames = new Set<string>(['streak']);
  for (const s of def.steps) {
    if (s.type === 'set')
      for (const a of s.values) if (a.target.startsWith('vars.')) varNames.add(a.target.slice(5));
    if (s.type === 'score') varNames.add(s.save);
  }

  const checkTarget = (target: string, path: PropertyKey[]) => {
    if (!index.has(target)) problems.push(source.at(path, `unknown step id "${target}"`));
  };
  const checkRef = (ref: string, path: PropertyKey[]) => {
    const [root, name] = ref.split('.');
    if (root === 'answers' && name && !answerKeys.has(name)) {
      problems.push(source.at(path, `no ask step saves an answer "${name}"`));
    }
    if (root === 'vars' && name && !varNames.has(name))
      problems.push(source.at(path, `no step sets vars.${name}`));
  };
  if (def.start) checkTarget(def.start, ['start']);

  def.steps.forEach((step, i) => {
    const at = (...p: PropertyKey[]) => ['steps', i, ...p];
    if ('next' in step && step.next) checkTarget(step.next, at('next'));
    for (const text of stepTexts(step)) {
      for (const ref of templateRefs(text.value)) checkRef(ref, at(text.field));
    }
    switch (step.type) {
      case 'branch':
        step.cases.forEach((c, j) => {
          checkTarget(c.next, at('cases', j, 'next'));
          for (const ref of conditionRefs(c.when)) checkRef(ref, at('cases', j, 'when'));
        });
        checkTarget(step.default, at('default'));
        break;
      case 'ask':
        if (step.input.kind === 'choice') {
          const seen = new Set<string>();
          step.input.options.forEach((o, j) => {
            if (seen.has(o.value))
              problems.push(
                source.at(at('input', 'options', j, 'value'), `duplicate option value "${o.value}"`),
              );
            seen.add(o.value);
          });
        }
        break;
      case 'set':
        step.values.forEach((a, j) => {
          if (a.from) checkRef(a.from, at('values', j, 'from'));
        });
        break;
      case 'score':
        step.items.forEach((item, j) => {
          if (!answerKeys.has(item))
            problems.push(source.at(at('items', j), `no ask step saves an answer "${item}"`));
        });
        if (knownInstruments && !knownInstruments.has(step.instrument)) {
          problems.push(source.at(at('instrument'), `unknown instrument "${step.instrument}"`));
        }
        break;
      case 'history':
      case 'record':
        for (const [field, ref] of Object.entries(step.fields)) checkRef(ref, at('fields', field));
        break;
      default:
        break;
    }
  });
  if (problems.length) return problems;

  // Graph checks: every step reachable from the start, and every step able to reach an end.
  const startId = def.start ?? def.steps[0]!.id;
  const reachable = new Set<string>();
  const queue = [startId];
  const byId = new Map(def.steps.map((s) => [s.id, s]));
  while (queue.length) {
    const id = queue.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const next of successors(byId.get(id)!, following)) if (next) queue.push(next);
  }
  const canEnd = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const step of def.steps) {
      if (canEnd.has(step.id)) continue;
      if (successors(step, following).some((n) => n === null || canEnd.has(n))) {
        canEnd.add(step.id);
        changed = true;
      }
    }
  }
  def.steps.forEach((step, i) => {
    if (!reachable.has(step.id))
      problems.push(source.at(['steps', i, 'id'], `step "${step.id}" is unreachable from the start`));
    else if (!canEnd.has(step.id))
      problems.push(source.at(['steps', i, 'id'], `step "${step.id}" has no way to an end (a loop)`));
  });
  return problems;
}

function stepTexts(step: Step): Array<{ field: string; value: string }> {
  switch (step.type) {
    case 'say':
      return [{ field: 'text', value: step.text }];
    case 'ask':
      return [{ field: 'prompt', value: step.prompt }];
    case 'end':
      return step.text ? [{ field: 'text', value: step.text }] : [];
    default:
      return [];
  }
}

function conditionRefs(c: import('./schema.ts').Condition): string[] {
  if ('all' in c) return c.all.flatMap(conditionRefs);
  if ('any' in c) return c.any.flatMap(conditionRefs);
  if ('not' in c) return conditionRefs(c.not);
  if (c.answer !== undefined) return [`answers.${c.answer}`];
  if (c.var !== undefined) return [`vars.${c.var}`];
  return [];
}
