import { createInterface } from 'node:readline';
import { assessText } from '../../safety/detector.ts';
import type { CliCommand } from '../command.ts';
import { EXIT_USAGE } from '../command.ts';

/**
 * `checkin safety`: audits the crisis-language detector. One message per non-empty input line (a
 * line holding a JSON object uses its `text` field); one JSON line out per message, in order:
 * {"level": "...", "category": ...}. Lines are processed as they arrive, so it also works as a
 * filter on a stream.
 */
const command: CliCommand = {
  name: 'safety',
  summary: 'Screen messages from standard input for crisis language (one JSON line per message)',
  usage:
    'checkin safety < messages.txt\n' +
    '  Each non-empty line is one message; a line that is a JSON object uses its "text" field.\n' +
    '  Prints {"level": "none"|"concern"|"crisis", "category": ...} per message, in order.\n' +
    '  --language   also print the detected language\n' +
    '  --rules      also print the ids of the rules that fired',
  async run(args, io) {
    const unknown = args.filter((a) => a !== '--language' && a !== '--rules');
    if (unknown.length) {
      io.stderr.write(`checkin safety: unknown option ${unknown[0]}\nUsage:\n  ${command.usage}\n`);
      return EXIT_USAGE;
    }
    const withLanguage = args.includes('--language');
    const withRules = args.includes('--rules');
    const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber += 1;
      if (!line.trim()) continue;
      const message = messageOf(line);
      if (message === null) {
        // Bad input gets a clear error and loses nothing: the line still gets its output row.
        io.stderr.write(
          `checkin safety: line ${lineNumber}: JSON object without a string "text" field; screened as plain text\n`,
        );
      }
      const verdict = assessText(message ?? line);
      const out: Record<string, unknown> = { level: verdict.level, category: verdict.category };
      if (withLanguage) out.language = verdict.language ?? null;
      if (withRules) out.rules = verdict.rules;
      io.stdout.write(`${JSON.stringify(out)}\n`);
    }
    return 0;
  },
};
export default command;

/** The message of one input line: the line itself, or its JSON `text`; null for a JSON object without one. */
function messageOf(line: string): string | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return line;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return line; // Not JSON after all: a message that happens to start with "{".
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const text = (parsed as Record<string, unknown>).text;
    return typeof text === 'string' ? text : null;
  }
  return line;
}
