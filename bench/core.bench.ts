/**
 * The bot core against botbuilder-dialogs, on the same daily check-in, in the same run.
 *
 * Checkin: every turn goes through `bot.handle` as an adapter would call it — de-duplication, the
 * safety hook, command routing, the flow engine, an optimistic commit to the in-memory store — for
 * N people who are already onboarded, each answering mood, energy and sleep with buttons, typing a
 * few feeling words and skipping the note (6 turns).
 *
 * Baseline: the same five questions as a botbuilder-dialogs WaterfallDialog (ChoicePrompt ×3,
 * TextPrompt ×2) on MemoryStorage with ConversationState and UserState, driven through its own
 * TestAdapter, saving the answers to user state at the end.
 *
 * Both sides verify that every person reached the closing message, so a broken flow cannot look fast.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ConversationState, MemoryStorage, TestAdapter, type TurnContext, UserState } from 'botbuilder';
import {
  ChoiceFactory,
  ChoicePrompt,
  DialogSet,
  DialogTurnStatus,
  ListStyle,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { buildCore } from '../src/compose.ts';
import { loadConfig } from '../src/config/load.ts';
import type { ConversationAddress } from '../src/core/address.ts';
import type { InboundTurn, TurnInput } from '../src/core/inbound.ts';
import { plainTextOf, type TurnReply } from '../src/core/outbound.ts';
import { emptyProfile } from '../src/core/state.ts';
import { asUserKey, type UserKey } from '../src/core/user-key.ts';
import { silentLogger } from '../src/ops/logger.ts';
import type { Benchmark, Figure } from './types.ts';

const TURNS_PER_CHECKIN = 6;
const CLOSING = /Thanks for checking in/;

interface SideResult {
  turnsPerSecond: number;
  stateBytesPerUser: number;
  heapBytesPerUser: number;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// ---------------------------------------------------------------- Checkin core

async function runCheckin(users: number): Promise<SideResult> {
  const heapBefore = heapUsed();
  const { bot, store } = buildCore({ config: loadConfig({}), logger: silentLogger });
  const keys: UserKey[] = [];
  // Everyone has been through onboarding already: the benchmark measures the check-in itself.
  for (let u = 0; u < users; u++) {
    const user = asUserKey(`local:bench${u}`);
    keys.push(user);
    const profile = {
      ...emptyProfile(),
      onboarded: true,
      country: 'GB',
      timeZone: 'Europe/London',
      consents: { storeCheckins: true },
    };
    if (!(await store.commit(user, 0, { profile }))) throw new Error('seeding the store failed');
  }

  let completed = 0;
  const started = performance.now();
  for (let u = 0; u < users; u++) {
    const user = keys[u]!;
    const address: ConversationAddress = {
      platform: 'local',
      id: `local:bench:${u}`,
      scope: 'direct',
      ref: null,
    };
    let step = 0;
    const send = (input: TurnInput): Promise<TurnReply> => {
      const turn: InboundTurn = { type: 'turn', user, address, eventId: `bench:${u}:${step++}`, input };
      return bot.handle(turn);
    };
    let reply = await send({ kind: 'text', text: 'checkin' });
    for (let q = 0; q < 3; q++) reply = await send(choose(reply, '4'));
    reply = await send({ kind: 'text', text: 'calm, a bit tired' });
    reply = await send({ kind: 'text', text: 'skip' });
    if (CLOSING.test(reply.messages.map(plainTextOf).join('\n'))) completed += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  if (completed !== users) throw new Error(`Checkin: only ${completed} of ${users} check-ins completed`);

  let stateBytes = 0;
  for (const user of keys) stateBytes += Buffer.byteLength(JSON.stringify(await store.exportUser(user)));
  const heapBytes = heapUsed() - heapBefore;
  // Keep the store alive until the heap was measured.
  if (!(await store.load(keys[0]!)).profile.onboarded) throw new Error('unreachable');
  return {
    turnsPerSecond: (users * TURNS_PER_CHECKIN) / seconds,
    stateBytesPerUser: stateBytes / users,
    heapBytesPerUser: heapBytes / users,
  };
}

/** The button a person would click: the value `value` of the question in the reply. */
function choose(reply: TurnReply, value: string): TurnInput {
  for (const message of reply.messages) {
    for (const block of message.blocks) {
      if (
        (block.type === 'scale' || block.type === 'choices') &&
        block.options.some((o) => o.value === value)
      ) {
        return { kind: 'choice', ...block.answer, value };
      }
    }
  }
  throw new Error(
    `no question with the option ${value} in the reply: ${reply.messages.map(plainTextOf).join('\n')}`,
  );
}

// ---------------------------------------------------------------- botbuilder-dialogs baseline

/** The waterfall's per-dialog values (typed `object` by botbuilder-dialogs). */
const answers = (step: WaterfallStepContext) => step.values as Record<string, unknown>;

const SCALES = {
  mood: ['😞 Very low', '🙁 Low', '😐 Okay', '🙂 Good', '😄 Great'],
  energy: ['🪫 Drained', '😪 Low', '😐 Okay', '⚡ Good', '🚀 Full'],
  sleep: ['😫 Very badly', '🥱 Poorly', '😐 Okay', '🙂 Well', '😴 Very well'],
};

async function runBotbuilder(users: number): Promise<SideResult> {
  const heapBefore = heapUsed();
  const memory: Record<string, string> = {};
  const storage = new MemoryStorage(memory);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const history = userState.createProperty<Array<Record<string, unknown>>>('history');
  const dialogs = new DialogSet(conversationState.createProperty('dialogState'));
  dialogs.add(new ChoicePrompt('scale'));
  dialogs.add(new TextPrompt('text'));
  const ask = (prompt: string, labels: string[]) => (step: WaterfallStepContext) =>
    step.prompt('scale', {
      prompt,
      choices: ChoiceFactory.toChoices(labels),
      style: ListStyle.suggestedAction,
    });
  dialogs.add(
    new WaterfallDialog('daily-checkin', [
      ask('How’s your mood right now?', SCALES.mood),
      async (step) => {
        answers(step).mood = (step.result as { index: number }).index + 1;
        return ask('And your energy?', SCALES.energy)(step);
      },
      async (step) => {
        answers(step).energy = (step.result as { index: number }).index + 1;
        return ask('How did you sleep last night?', SCALES.sleep)(step);
      },
      async (step) => {
        answers(step).sleep = (step.result as { index: number }).index + 1;
        return step.prompt('text', 'In a few words, what are you feeling?');
      },
      async (step) => {
        answers(step).feelings = step.result;
        return step.prompt('text', 'Anything else on your mind you’d like to note?');
      },
      async (step) => {
        const note = step.result === 'skip' ? undefined : step.result;
        const entries = await history.get(step.context, []);
        entries.push({ at: Date.now(), kind: 'mood', data: { ...step.values, note } });
        await step.context.sendActivity('Thanks for checking in. See you next time 💛');
        return step.endDialog();
      },
    ]),
  );
  const logic = async (context: TurnContext) => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty && context.activity.text === 'checkin') {
      await dc.beginDialog('daily-checkin');
    }
    await conversationState.saveChanges(context);
    await userState.saveChanges(context);
  };
  const adapter = new TestAdapter(logic);

  let completed = 0;
  const started = performance.now();
  for (let u = 0; u < users; u++) {
    const send = (text: string) =>
      adapter.processActivity(
        {
          type: 'message',
          text,
          from: { id: `user${u}`, name: `user${u}` },
          conversation: { id: `conv${u}`, isGroup: false, conversationType: 'personal', name: '' },
          recipient: { id: 'bot', name: 'bot' },
          channelId: 'test',
        },
        logic,
      );
    for (const text of [
      'checkin',
      SCALES.mood[3]!,
      SCALES.energy[3]!,
      SCALES.sleep[3]!,
      'calm, a bit tired',
      'skip',
    ]) {
      await send(text);
    }
    const last = adapter.activeQueue[adapter.activeQueue.length - 1];
    if (last && CLOSING.test(last.text ?? '')) completed += 1;
    // The replies would go to the channel; drop them so the queue does not grow.
    adapter.activeQueue.splice(0);
  }
  const seconds = (performance.now() - started) / 1000;
  if (completed !== users) throw new Error(`botbuilder: only ${completed} of ${users} check-ins completed`);
  const stateBytes = Object.values(memory).reduce((sum, value) => sum + Buffer.byteLength(value), 0);
  const heapBytes = heapUsed() - heapBefore;
  if (Object.keys(memory).length === 0) throw new Error('unreachable');
  return {
    turnsPerSecond: (users * TURNS_PER_CHECKIN) / seconds,
    stateBytesPerUser: stateBytes / users,
    heapBytesPerUser: heapBytes / users,
  };
}

// ---------------------------------------------------------------- report

const bench: Benchmark = {
  name: 'core',
  description: 'daily check-in for N simulated people: Checkin bot core vs botbuilder-dialogs (same run)',
  async run({ quick }) {
    const users = quick ? 100 : 10_000;
    // A short warm-up for both, so neither side pays for JIT compilation in its figure.
    await runCheckin(quick ? 10 : 500);
    await runBotbuilder(quick ? 10 : 500);
    const ours = await runCheckin(users);
    const theirs = await runBotbuilder(users);
    const figures: Record<string, Figure> = {
      [`turns per second (${users} people)`]: {
        value: ours.turnsPerSecond,
        unit: 'turns/s',
        baseline: theirs.turnsPerSecond,
        baselineLabel: 'botbuilder-dialogs',
        target: '≥ 10× baseline',
      },
      'stored state per person': {
        value: ours.stateBytesPerUser,
        unit: 'bytes',
        baseline: theirs.stateBytesPerUser,
        baselineLabel: 'botbuilder-dialogs',
        target: '< 2048 bytes',
      },
      'heap per person': {
        value: ours.heapBytesPerUser,
        unit: 'bytes',
        baseline: theirs.heapBytesPerUser,
        baselineLabel: 'botbuilder-dialogs',
      },
    };
    return figures;
  },
};
export default bench;
