import { fileURLToPath } from 'node:url';
import { type HelplineDirectory, loadHelplines } from './helplines.ts';

/** The content folder shipped with the project (holds safety/helplines.yaml). */
export const BUILTIN_DIALOGS_DIR = fileURLToPath(new URL('../../dialogs', import.meta.url));

let cached: HelplineDirectory | undefined;

/** The built-in directory alone, loaded once; the bot passes its merged one instead. */
export function BUILTIN_HELPLINES(): HelplineDirectory {
  cached ??= loadHelplines([BUILTIN_DIALOGS_DIR]);
  return cached;
}
