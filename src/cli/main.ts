import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliCommand, CliIo } from './command.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Loads every subcommand under `commands/` (one file each, default export). */
export async function loadCommands(): Promise<CliCommand[]> {
  const dir = join(here, 'commands');
  const files = readdirSync(dir).filter((f) => /\.ts$/.test(f) && !f.endsWith('.test.ts'));
  const commands = await Promise.all(
    files.map(async (f) => (await import(pathToFileURL(join(dir, f)).href)).default as CliCommand),
  );
  return commands.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The one command asked for, by its file name (`discord:register` → discord-register.ts), so a
 * command runs without importing every other one; undefined when no file matches.
 */
async function loadCommand(name: string): Promise<CliCommand | undefined> {
  const file = join(here, 'commands', `${name.replace(/:/g, '-')}.ts`);
  if (!/^[a-z][a-z0-9:-]*$/.test(name) || !existsSync(file)) return undefined;
  const command = (await import(pathToFileURL(file).href)).default as CliCommand;
  return command.name === name ? command : undefined;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const direct = name ? await loadCommand(name) : undefined;
  const commands = direct ? [direct] : await loadCommands();
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const width = Math.max(...commands.map((c) => c.name.length));
    io.stdout.write(
      `Usage: checkin <command> [options]\n\nCommands:\n${commands
        .map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)
        .join('\n')}\n\nRun "checkin <command> --help" for a command's options.\n`,
    );
    return name ? 0 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`checkin: unknown command "${name}". Run "checkin --help" for the list.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.summary}\n\nUsage:\n  ${command.usage.split('\n').join('\n  ')}\n`);
    return 0;
  }
  return command.run(rest, io);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const code = await runCli(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
  process.exitCode = code;
}
