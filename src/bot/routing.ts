import { type CommandName, findCommand, parseTypedCommand } from '../core/commands.ts';
import type { ChoiceInput, InboundTurn } from '../core/inbound.ts';
import { COMMAND_TARGET } from '../core/outbound.ts';
import type { UserSnapshot } from '../core/ports.ts';
import { parseAnswer } from '../engine/answers.ts';
import type { EngineInput } from '../engine/interpreter.ts';
import type { FlowCatalog } from '../engine/loader.ts';
import { SAFETY_CHECK_FLOW_ID } from './safety.ts';

/** What routing needs from the bot's dependencies. */
export interface RouteDeps {
  flows: FlowCatalog;
  countryFromText?: ((text: string) => string | undefined) | undefined;
}

/** Where one turn's input goes. */
export type Route =
  | { kind: 'command'; name: CommandName; argsText: string }
  | { kind: 'engine'; input: EngineInput }
  | { kind: 'stale' }
  | { kind: 'safety-check'; value: string }
  | { kind: 'idle' };

/**
 * Decides what a turn's input is: a command (typed or native; inside a free-text question only a
 * universal word alone on the line), an answer to the current question, a stale button, a click
 * on the safety check question, or nothing in particular (idle).
 */
export function routeInput(event: InboundTurn, snapshot: UserSnapshot, deps: RouteDeps): Route {
  const input = event.input;
  const conversation = snapshot.conversation;
  if (input.kind === 'command') {
    const command = findCommand(input.name);
    return command
      ? { kind: 'command', name: command.name, argsText: input.argsText }
      : { kind: 'command', name: 'help', argsText: '' };
  }
  if (input.kind === 'choice') return routeChoice(input, snapshot);
  const step = conversation ? deps.flows.get(conversation.flowId)?.byId.get(conversation.stepId) : undefined;
  const expectsFreeText = step?.type === 'ask' && step.input.kind === 'text';
  const parsed =
    parseTypedCommand(input.text, { universalOnly: expectsFreeText }) ?? sosWithCountry(input.text, deps);
  if (parsed && conversation && step?.type === 'ask' && !expectsFreeText && !parsed.argsText) {
    // A typed word that is also a valid answer (e.g. an option labelled "help") stays an answer.
    // (The step is the conversation's current ask step, which the engine would parse it against.)
    if (parseAnswer(step.input, input.text, 'text').ok)
      return { kind: 'engine', input: { kind: 'answer', via: 'text', value: input.text } };
  }
  if (parsed) return { kind: 'command', name: parsed.name, argsText: parsed.argsText };
  if (conversation) return { kind: 'engine', input: { kind: 'answer', via: 'text', value: input.text } };
  return { kind: 'idle' };
}

/**
 * The crisis reply tells people to type "sos <country>"; that must work even inside a free-text
 * question, where other commands with words after them are taken as answers.
 */
function sosWithCountry(typed: string, deps: RouteDeps): { name: CommandName; argsText: string } | null {
  const match = /^\s*[/!]?sos\s+(.+)$/i.exec(typed);
  return match?.[1] && deps.countryFromText?.(match[1]) ? { name: 'sos', argsText: match[1].trim() } : null;
}

function routeChoice(input: ChoiceInput, snapshot: UserSnapshot): Route {
  if (input.flowId === SAFETY_CHECK_FLOW_ID) return { kind: 'safety-check', value: input.value };
  if (input.flowId === COMMAND_TARGET.flowId) {
    // A command button's value is the command as typed, arguments included ("summary sleep full").
    const command = parseTypedCommand(input.value, { universalOnly: false });
    return command ? { kind: 'command', name: command.name, argsText: command.argsText } : { kind: 'stale' };
  }
  const c = snapshot.conversation;
  if (!c || c.flowId !== input.flowId || c.stepId !== input.stepId || c.version !== input.version) {
    return { kind: 'stale' };
  }
  return { kind: 'engine', input: { kind: 'answer', via: 'choice', value: input.value } };
}
