import { CheckinError } from '../../core/errors.ts';
import { builtinInstruments, instrumentById, normaliseInstrumentId } from '../../instruments/load.ts';
import { scoreAnswers, splitAnswerList } from '../../instruments/score.ts';
import { type CliCommand, EXIT_USAGE } from '../command.ts';

/**
 * `checkin score <instrument> <answers>`: scores one screener exactly as the bot does and prints one
 * JSON object. Any problem with the input is a usage error (exit 2) that names what is wrong.
 */
const command: CliCommand = {
  name: 'score',
  summary: 'Score a screener (phq9, phq2, gad7, gad2, who5) from comma-separated answers',
  usage: [
    'checkin score <instrument> <answers> [--cutoff N]',
    '  e.g. checkin score phq9 0,1,2,3,0,1,2,3,1',
    '  --cutoff N   PHQ-2 / GAD-2 only: positive at N or more (published default 3)',
  ].join('\n'),
  async run(args, io) {
    const fail = (message: string) => {
      io.stderr.write(`checkin score: ${message}\nUsage: checkin score <instrument> <answers>\n`);
      return EXIT_USAGE;
    };
    const positional: string[] = [];
    let cutoff: number | undefined;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === '--cutoff') {
        const text = args[++i];
        if (text === undefined || !/^\d+$/.test(text))
          return fail('--cutoff needs a whole number, e.g. --cutoff 2');
        cutoff = Number(text);
      } else if (arg.startsWith('--')) {
        return fail(`unknown option ${arg}`);
      } else {
        positional.push(arg);
      }
    }
    const [id, answers, ...extra] = positional;
    if (id === undefined) {
      return fail(`missing the instrument; one of ${[...builtinInstruments().keys()].sort().join(', ')}`);
    }
    if (answers === undefined) return fail(`missing the answers, comma-separated, e.g. 0,1,2`);
    if (extra.length > 0) {
      return fail(`expected the answers as one comma-separated argument, found extra "${extra.join(' ')}"`);
    }
    try {
      const inst = instrumentById(normaliseInstrumentId(id));
      if (cutoff !== undefined && !inst.scoring.cutoff) {
        return fail(`--cutoff applies only to two-band screeners (phq2, gad2), not ${inst.id}`);
      }
      const result = scoreAnswers(inst, splitAnswerList(answers), cutoff === undefined ? {} : { cutoff });
      const { instrument, total, band, flags, percent } = result;
      const out =
        percent === undefined
          ? { instrument, total, band, flags }
          : { instrument, total, percent, band, flags };
      io.stdout.write(`${JSON.stringify(out)}\n`);
      return 0;
    } catch (error) {
      if (error instanceof CheckinError) return fail(error.message);
      throw error;
    }
  },
};
export default command;
