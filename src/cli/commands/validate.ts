import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readLibrary } from '../../content/library.ts';
import { hasCode } from '../../core/errors.ts';
import { loadFlows } from '../../engine/loader.ts';
import { formatProblem } from '../../engine/problems.ts';
import { readInstruments } from '../../instruments/load.ts';
import { readPulseSets } from '../../pulses/sets.ts';
import { helplineFile, loadHelplines } from '../../safety/helplines.ts';
import type { CliCommand } from '../command.ts';

/** One kind of dialog content: how to check every file of it in a folder, as problem lines. */
interface ContentKind {
  name: string;
  check(dir: string): { count: number; problems: string[] };
}

const KINDS: ContentKind[] = [
  {
    name: 'flows',
    check(dir) {
      const { flows, problems } = loadFlows([dir]);
      return { count: flows.size, problems: problems.map(formatProblem) };
    },
  },
  {
    name: 'articles',
    check(dir) {
      const { library, problems } = readLibrary([dir]);
      return { count: library.articles.length, problems: problems.map(formatProblem) };
    },
  },
  {
    name: 'pulse sets',
    check(dir) {
      const { byId, problems } = readPulseSets([dir]);
      return { count: byId.size, problems: problems.map(formatProblem) };
    },
  },
  {
    name: 'instruments',
    check(dir) {
      const folder = join(dir, 'instruments');
      if (!existsSync(folder)) return { count: 0, problems: [] };
      const { byId, problems } = readInstruments([folder]);
      return {
        count: byId.size,
        problems: problems.map((p) => `${p.file}:${p.line}:1 ${p.field || '(file)'} ${p.message}`),
      };
    },
  },
  {
    name: 'helpline directories',
    check(dir) {
      if (!existsSync(helplineFile(dir))) return { count: 0, problems: [] };
      try {
        loadHelplines([dir]);
        return { count: 1, problems: [] };
      } catch (error) {
        if (!hasCode(error, 'invalid_content')) throw error;
        // The directory reports its problems one per line after a heading line.
        return { count: 0, problems: error.message.split('\n').slice(1) };
      }
    },
  },
];

/** Checks every dialog file in a content folder and prints every problem at once. */
const command: CliCommand = {
  name: 'validate',
  summary: 'Check the dialog content (flows, articles, instruments, helplines) and list every problem',
  usage: 'checkin validate [dir]   (default: dialogs/)',
  async run(args, io) {
    const dir = resolve(args[0] ?? 'dialogs');
    const problems: string[] = [];
    const counts: string[] = [];
    for (const kind of KINDS) {
      const result = kind.check(dir);
      problems.push(...result.problems);
      counts.push(`${result.count} ${kind.name}`);
    }
    for (const line of problems) io.stdout.write(`${line}\n`);
    if (problems.length) {
      io.stderr.write(`${problems.length} problem(s) found in ${dir}\n`);
      return 1;
    }
    io.stdout.write(`OK: ${counts.join(', ')} in ${dir}\n`);
    return 0;
  },
};
export default command;
