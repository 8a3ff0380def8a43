import { resolve } from 'node:path';
import { loadFlows } from '../../engine/loader.ts';
import { formatProblem } from '../../engine/problems.ts';
import type { CliCommand } from '../command.ts';

/** Checks every dialog file in a content folder and prints every problem at once. */
const command: CliCommand = {
  name: 'validate',
  summary: 'Check the dialog content (flows, …) and list every problem',
  usage: 'checkin validate [dir]   (default: dialogs/)',
  async run(args, io) {
    const dir = resolve(args[0] ?? 'dialogs');
    const { flows, problems } = loadFlows([dir]);
    for (const p of problems) io.stdout.write(`${formatProblem(p)}\n`);
    if (problems.length) {
      io.stderr.write(`${problems.length} problem(s) found in ${dir}\n`);
      return 1;
    }
    io.stdout.write(`OK: ${flows.size} flow(s) in ${dir}\n`);
    return 0;
  },
};
export default command;
