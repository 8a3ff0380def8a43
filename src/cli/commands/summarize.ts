import { readFileSync, statSync } from 'node:fs';
import { SETTINGS } from '../../config/schema.ts';
import { parseArticle } from '../../content/article.ts';
import { digestDocument, MAX_SUMMARY_SENTENCES, viewSummary } from '../../content/digest.ts';
import { extractHtml } from '../../content/extract.ts';
import { FetchError, fetchPage } from '../../content/fetch.ts';
import { detectFormat, readDocument } from '../../content/input.ts';
import { PRESCRIBER_GUARDRAIL } from '../../content/medication.ts';
import { CheckinError, ErrorCode, hasCode } from '../../core/errors.ts';
import { type CliCommand, type CliIo, EXIT_USAGE } from '../command.ts';

/** Refusals that are the input's fault exit 2 (usage); a network failure exits 1. */
const INPUT_FAULTS = new Set(['bad_url', 'blocked_address', 'not_html', 'too_large', 'http_status']);

/**
 * `checkin summarize <file or url> [--sentences N]`: prints the summary, one sentence per line
 * (line breaks inside a sentence shown as spaces), then the prescriber guardrail where it applies.
 * Notices (short text, not English, a list) go to stderr so stdout is only the summary.
 */
const command: CliCommand = {
  name: 'summarize',
  summary: 'Summarise a Markdown, text or HTML file, or a web page, by quoting its key sentences',
  usage: 'checkin summarize <file or url> [--sentences N]   (N from 1 to 10, default 5)',
  async run(args, io) {
    const parsed = parseArgs(args);
    if ('error' in parsed) return usage(io, parsed.error);
    try {
      const { doc, flagged } = /^https?:\/\//i.test(parsed.target)
        ? await fromUrl(parsed.target, io.env)
        : fromFile(parsed.target);
      const view = viewSummary(digestDocument(doc, { flagged }), parsed.sentences);
      for (const notice of view.notices) io.stderr.write(`note: ${notice.message}\n`);
      for (const s of view.sentences) io.stdout.write(`${s.text.replace(/\s+/g, ' ')}\n`);
      if (view.guardrail) io.stdout.write(`${PRESCRIBER_GUARDRAIL}\n`);
      return 0;
    } catch (error) {
      if (error instanceof FetchError) {
        io.stderr.write(`checkin summarize: ${error.message}\n`);
        return INPUT_FAULTS.has(error.reason) ? EXIT_USAGE : 1;
      }
      if (hasCode(error, ErrorCode.InvalidContent) || hasCode(error, ErrorCode.Usage)) {
        io.stderr.write(`checkin summarize: ${error.message}\n`);
        return EXIT_USAGE;
      }
      throw error;
    }
  },
};
export default command;

function parseArgs(args: string[]): { target: string; sentences: number } | { error: string } {
  let sentences = 5;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const inline = /^--sentences=(.*)$/.exec(arg);
    if (arg === '--sentences' || arg === '-n' || inline) {
      const value = inline ? inline[1] : args[++i];
      const n = Number(value);
      if (!value || !Number.isInteger(n) || n < 1 || n > MAX_SUMMARY_SENTENCES) {
        return {
          error: `--sentences expects a whole number from 1 to ${MAX_SUMMARY_SENTENCES}, got "${value ?? ''}"`,
        };
      }
      sentences = n;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { error: `unknown option ${arg}` };
    } else rest.push(arg);
  }
  if (rest.length !== 1)
    return { error: rest.length ? 'give exactly one file or URL' : 'give a file or URL to summarise' };
  return { target: rest[0]!, sentences };
}

function usage(io: CliIo, message: string): number {
  io.stderr.write(`checkin summarize: ${message}\nUsage: ${command.usage}\n`);
  return EXIT_USAGE;
}

function fromFile(path: string) {
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    const bytes = readFileSync(path);
    if (bytes.includes(0)) throw Object.assign(new Error('binary'), { binary: true });
    text = bytes.toString('utf8');
  } catch (cause) {
    const binary = cause instanceof Error && 'binary' in cause;
    throw new CheckinError(
      ErrorCode.Usage,
      binary
        ? `${path} is not a text file (Markdown, plain text or HTML)`
        : `cannot read ${path}: no such file`,
      { cause },
    );
  }
  const format = detectFormat(text, path);
  // A library article's own `medication: true` flag carries over; other front matter is just skipped.
  const article = format === 'markdown' ? parseArticle(path, text) : null;
  const flagged = article !== null && 'article' in article && article.article.medication;
  return { doc: readDocument(text, format), flagged };
}

async function fromUrl(url: string, env: Record<string, string | undefined>) {
  const setting = <
    K extends 'CHECKIN_FETCH_TIMEOUT_MS' | 'CHECKIN_FETCH_MAX_BYTES' | 'CHECKIN_FETCH_ALLOW_PRIVATE',
  >(
    name: K,
  ) => SETTINGS[name].schema.parse(env[name] === '' ? undefined : env[name]);
  const page = await fetchPage(url, {
    timeoutMs: setting('CHECKIN_FETCH_TIMEOUT_MS') as number,
    maxBytes: setting('CHECKIN_FETCH_MAX_BYTES') as number,
    allowPrivate: setting('CHECKIN_FETCH_ALLOW_PRIVATE') as boolean,
  });
  return { doc: extractHtml(page.html, page.finalUrl), flagged: false };
}
