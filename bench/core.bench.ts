/**
 * The bot core against botbuilder-dialogs, on the same daily check-in, in the same run.
 *
 * Checkin: the core exactly as `buildCore` composes it for production, and every turn goes through
 * `bot.handle` as an adapter would call it — de-duplication, the real safety detector on every typed
 * text (the command, the feeling words and the skipped note alike), command routing, the flow
 * engine, an optimistic commit to the in-memory store — for N people who are already onboarded,
 * each answering mood, energy and sleep with buttons, typing a few feeling words and skipping the
 * note (6 turns).
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

/**
 * One side of the comparison: people `from`..`to`-1 each complete a check-in; the side keeps its
 * state between calls, so all N people end up stored together, as in a real process.
 */
interface Side {
  /** Sets people `from`..`to`-1 up before the clock starts (Checkin: their onboarded profiles). */
  seed(from: number, to: number): Promise<void>;
  /** Runs the check-ins; resolves with how many reached the closing message. */
  checkIns(from: number, to: number): Promise<number>;
  /** Bytes of stored state over everyone so far, serialised as the store keeps it. */
  storedBytes(): Promise<number>;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// ---------------------------------------------------------------- Checkin core

function checkinSide(): Side {
  const { bot, store } = buildCore({ config: loadConfig({}), logger: silentLogger });
  const keys: UserKey[] = [];
  return {
    async seed(from, to) {
      for (let u = from; u < to; u++) {
        const user = asUserKey(`local:bench${u}`);
        keys.push(user);
        // Everyone has been through onboarding already: this measures the check-in itself.
        const profile = {
          ...emptyProfile(),
          onboarded: true,
          country: 'GB',
          timeZone: 'Europe/London',
          consents: { storeCheckins: true },
        };
        if (!(await store.commit(user, 0, { profile }))) throw new Error('seeding the store failed');
      }
    },
    async checkIns(from, to) {
      let completed = 0;
      for (let u = from; u < to; u++) {
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
        if (saysClosing(reply)) completed += 1;
      }
      return completed;
    },
    async storedBytes() {
      let bytes = 0;
      for (const user of keys) bytes += Buffer.byteLength(JSON.stringify(await store.exportUser(user)));
      return bytes;
    },
  };
}

/** Whether the reply's text says the closing line (read as sent, like the baseline's `text`). */
function saysClosing(reply: TurnReply): boolean {
  for (const message of reply.messages)
    for (const block of message.blocks) if (block.type === 'text' && CLOSING.test(block.text)) return true;
  return false;
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

function botbuilderSide(): Side {
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

  return {
    // Nothing to set up: the waterfall needs no profile, and its first turn creates the user state.
    async seed() {},
    async checkIns(from, to) {
      let completed = 0;
      for (let u = from; u < to; u++) {
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
      return completed;
    },
    async storedBytes() {
      return Object.values(memory).reduce((sum, value) => sum + Buffer.byteLength(value), 0);
    },
  };
}

// ---------------------------------------------------------------- report

/**
 * Runs both sides in alternating rounds, so a change in machine load (other processes on a shared
 * machine) falls on both alike, then measures each side's heap by dropping it and collecting.
 */
async function compare(users: number, rounds: number) {
  const seconds = { checkin: 0, botbuilder: 0 };
  // Measured before either side exists, so each side's fixed cost (flows, dialogs) counts against
  // it: the per-person heap figures err on the high side, never the low.
  const heapEmpty = heapUsed();
  let sides: { checkin: Side; botbuilder: Side } | null = {
    checkin: checkinSide(),
    botbuilder: botbuilderSide(),
  };
  const per = Math.ceil(users / rounds);
  for (let r = 0; r < rounds; r++) {
    const from = r * per;
    const to = Math.min(users, from + per);
    const order = r % 2 === 0 ? (['checkin', 'botbuilder'] as const) : (['botbuilder', 'checkin'] as const);
    for (const name of order) {
      await sides[name].seed(from, to);
      const started = performance.now();
      const completed = await sides[name].checkIns(from, to);
      seconds[name] += (performance.now() - started) / 1000;
      if (completed !== to - from)
        throw new Error(`${name}: only ${completed} of ${to - from} check-ins completed`);
    }
  }
  const stored = {
    checkin: await sides.checkin.storedBytes(),
    botbuilder: await sides.botbuilder.storedBytes(),
  };
  const heapBoth = heapUsed();
  const onlyCheckin: Side = sides.checkin;
  sides = null;
  const heapCheckin = heapUsed();
  // Still used here, so the collection above could take only botbuilder's side, not this one.
  if ((await onlyCheckin.storedBytes()) !== stored.checkin) throw new Error('state changed while measuring');
  return {
    turnsPerSecond: {
      checkin: (users * TURNS_PER_CHECKIN) / seconds.checkin,
      botbuilder: (users * TURNS_PER_CHECKIN) / seconds.botbuilder,
    },
    storedPerUser: { checkin: stored.checkin / users, botbuilder: stored.botbuilder / users },
    heapPerUser: {
      checkin: (heapCheckin - heapEmpty) / users,
      botbuilder: (heapBoth - heapCheckin) / users,
    },
  };
}

const bench: Benchmark = {
  name: 'core',
  description: 'daily check-in for N simulated people: Checkin bot core vs botbuilder-dialogs (same run)',
  async run({ quick }) {
    const users = quick ? 100 : 10_000;
    // A warm-up for both, so neither pays for JIT compilation in its figure.
    await compare(quick ? 10 : 500, 1);
    const result = await compare(users, quick ? 2 : 10);
    const figures: Record<string, Figure> = {
      [`turns per second (${users} people)`]: {
        value: result.turnsPerSecond.checkin,
        unit: 'turns/s',
        baseline: result.turnsPerSecond.botbuilder,
        baselineLabel: 'botbuilder-dialogs',
        target: '≥ 10× baseline',
      },
      'stored state per person': {
        value: result.storedPerUser.checkin,
        unit: 'bytes',
        baseline: result.storedPerUser.botbuilder,
        baselineLabel: 'botbuilder-dialogs',
        target: '< 2048 bytes',
      },
      'heap per person': {
        value: result.heapPerUser.checkin,
        unit: 'bytes',
        baseline: result.heapPerUser.botbuilder,
        baselineLabel: 'botbuilder-dialogs',
      },
    };
    return figures;
  },
};
export default bench;
