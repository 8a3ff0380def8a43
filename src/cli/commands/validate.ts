import { resolve } from 'node:path';
import { readLibrary } from '../../content/library.ts';
import { loadFlows } from '../../engine/loader.ts';
import { formatProblem, type Problem } from '../../engine/problems.ts';
import type { CliCommand } from '../command.ts';

/** One kind of dialog content: how to check every file of it in a folder. */
interface ContentKind {
  name: string;
  check(dir: string): { count: number; problems: Problem[] };
}

const KINDS: ContentKind[] = [
  {
    name: 'flows',
    check(dir) {
      const { flows, problems } = loadFlows([dir]);
      return { count: flows.size, problems };
    },
  },
  {
    name: 'articles',
    check(dir) {
      const { library, problems } = readLibrary([dir]);
      return { count: library.articles.length, problems };
    },
  },
];

/** Checks every dialog file in a content folder and prints every problem at once. */
const command: CliCommand = {
  name: 'validate',
  summary: 'Check the dialog content (flows, articles, …) and list every problem',
  usage: 'checkin validate [dir]   (default: dialogs/)',
  async run(args, io) {
    const dir = resolve(args[0] ?? 'dialogs');
    const problems: Problem[] = [];
    const counts: string[] = [];
    for (const kind of KINDS) {
      const result = kind.check(dir);
      problems.push(...result.problems);
      counts.push(`${result.count} ${kind.name}`);
    }
    for (const p of problems) io.stdout.write(`${formatProblem(p)}\n`);
    if (problems.length) {
      io.stderr.write(`${problems.length} problem(s) found in ${dir}\n`);
      return 1;
    }
    io.stdout.write(`OK: ${counts.join(', ')} in ${dir}\n`);
    return 0;
  },
};
export default command;
