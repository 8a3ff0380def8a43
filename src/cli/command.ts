/**
 * A subcommand of the `checkin` command line. Each lives in its own file under `commands/` and is
 * discovered at start, so features add subcommands without touching a shared list.
 */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

export interface CliCommand {
  /** As typed: `chat`, `validate`, `user`, `discord:register`, … */
  name: string;
  /** One line for `checkin --help`. */
  summary: string;
  /** Usage line(s) shown by `checkin <name> --help` and on usage errors. */
  usage: string;
  /** Resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit code for a usage error (bad arguments), as the CLI contract promises. */
export const EXIT_USAGE = 2;
