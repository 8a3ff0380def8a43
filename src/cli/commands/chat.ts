import { createInterface } from 'node:readline';
import { buildCore } from '../../compose.ts';
import { loadConfig } from '../../config/load.ts';
import type { InboundTurn, TurnInput } from '../../core/inbound.ts';
import { markdownToPlain } from '../../core/markdown.ts';
import type { AnswerTarget, ChoiceOption, OutboundMessage } from '../../core/outbound.ts';
import { asUserKey } from '../../core/user-key.ts';
import { silentLogger } from '../../ops/logger.ts';
import { createStore } from '../../store/index.ts';
import type { CliCommand } from '../command.ts';

/**
 * `checkin chat`: the bot in the terminal, for the local user, on the configured store. Buttons
 * are shown numbered; typing the number clicks it. Works with answers piped to standard input.
 */
const command: CliCommand = {
  name: 'chat',
  summary: 'Chat with the bot in this terminal (buttons are numbered)',
  usage: 'checkin chat [--user <name>]',
  async run(args, io) {
    const config = loadConfig(io.env);
    const userIndex = args.indexOf('--user');
    const name = userIndex >= 0 ? (args[userIndex + 1] ?? 'me') : 'me';
    // The configured store: memory by default, Redis when REDIS_URL (or Cluster/Sentinel) is set.
    const storage = await createStore(config, { logger: silentLogger });
    const { bot, store } = buildCore({
      config,
      logger: silentLogger,
      store: storage.store,
      ...(storage.redis ? { summaryRedis: { client: storage.redis, keys: storage.keys } } : {}),
    });
    const user = asUserKey(`local:${name}`);
    const address = {
      platform: 'local' as const,
      id: `local:console:${name}`,
      scope: 'direct' as const,
      ref: { console: true },
    };
    let buttons: Array<{ option: ChoiceOption; answer: AnswerTarget }> = [];
    let seq = 0;

    const show = (messages: OutboundMessage[]) => {
      buttons = [];
      for (const message of messages) {
        for (const block of message.blocks) {
          if (block.type === 'text')
            io.stdout.write(`${message.urgent ? '‼ ' : ''}${markdownToPlain(block.text)}\n`);
          else if (block.type === 'choices' || block.type === 'scale') {
            const numbered = block.options.map((option) => {
              buttons.push({ option, answer: block.answer });
              return `[${buttons.length}] ${option.label}`;
            });
            io.stdout.write(`   ${numbered.join('  ')}\n`);
          } else if (block.type === 'card') {
            io.stdout.write(
              `== ${block.title} ==\n${block.fields.map((f) => `  ${f.label}: ${f.value}`).join('\n')}\n`,
            );
          } else if (block.type === 'image') io.stdout.write(`${block.fallback}\n(${block.alt})\n`);
          else if (block.type === 'file')
            io.stdout.write(`(file ${block.name}, ${block.content.byteLength} bytes)\n`);
          else io.stdout.write('────────\n');
        }
      }
    };
    const send = async (input: TurnInput) => {
      const turn: InboundTurn = {
        type: 'turn',
        user,
        address,
        eventId: `local:console:${process.pid}:${++seq}`,
        input,
      };
      const reply = await bot.handle(turn);
      show(reply.messages);
    };

    io.stdout.write('Checkin — type a message (or "help"); Ctrl+D to leave.\n');
    await send({ kind: 'text', text: 'hello' });
    const lines = createInterface({ input: io.stdin, terminal: false });
    for await (const raw of lines) {
      const line = raw.trim();
      if (!line) continue;
      io.stdout.write(`> ${line}\n`);
      const index = /^\d+$/.test(line) ? Number(line) - 1 : -1;
      const button = buttons[index];
      if (button) await send({ kind: 'choice', ...button.answer, value: button.option.value });
      else await send({ kind: 'text', text: line });
    }
    await store.close();
    return 0;
  },
};
export default command;
