import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildAppPackage } from '../../../adapters/teams/package/manifest.ts';
import { CheckinError } from '../../core/errors.ts';
import { type CliCommand, EXIT_USAGE } from '../command.ts';

const USAGE = [
  'checkin teams:manifest --website <https url> [--out checkin-teams.zip] [--app-id <guid>]',
  '                       [--privacy-url <url>] [--terms-url <url>] [--developer <name>] [--name <short name>]',
  '  --app-id       the Azure bot app id (default: MICROSOFT_APP_ID)',
  '  --website      your organisation’s page about the bot (https; Teams requires one)',
  '  --privacy-url  default <website>/privacy;  --terms-url  default <website>/terms',
  '  --developer    publisher name shown in Teams (default: the website’s host name)',
  '  --name         short app name, ≤ 30 characters (default: Checkin)',
].join('\n');

const FLAGS = ['out', 'app-id', 'website', 'privacy-url', 'terms-url', 'developer', 'name'] as const;
type Flag = (typeof FLAGS)[number];

function parseArgs(args: string[]): Partial<Record<Flag, string>> | string {
  const out: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [key, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    if (!key || !(FLAGS as readonly string[]).includes(key)) return `unknown argument "${arg}"`;
    const value = inline ?? args[++i];
    if (!value) return `--${key} needs a value`;
    out[key as Flag] = value;
  }
  return out;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : '1.0.0';
  } catch {
    return '1.0.0';
  }
}

/** Writes the Teams app package (manifest.json and two icons, zipped) for upload to Teams. */
const command: CliCommand = {
  name: 'teams:manifest',
  summary: 'Write the Teams app package (manifest and icons, zipped) for upload',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args);
    const fail = (why: string) => {
      io.stderr.write(`checkin teams:manifest: ${why}.\nUsage: ${USAGE}\n`);
      return EXIT_USAGE;
    };
    if (typeof parsed === 'string') return fail(parsed);
    const appId = parsed['app-id'] ?? io.env.MICROSOFT_APP_ID;
    if (!appId) return fail('set MICROSOFT_APP_ID or pass --app-id (the Azure bot app id, a GUID)');
    const website = parsed.website;
    if (!website || !/^https:\/\/\S+$/.test(website)) return fail('--website must be an https URL');
    const base = website.replace(/\/+$/, '');
    const outFile = resolve(parsed.out ?? 'checkin-teams.zip');
    try {
      const { zip, manifest } = buildAppPackage({
        appId,
        version: packageVersion(),
        developerName: parsed.developer ?? new URL(website).hostname,
        websiteUrl: website,
        privacyUrl: parsed['privacy-url'] ?? `${base}/privacy`,
        termsOfUseUrl: parsed['terms-url'] ?? `${base}/terms`,
        shortName: parsed.name,
      });
      writeFileSync(outFile, zip);
      const commands = manifest.bots[0].commandLists.map((l: { commands: unknown[] }) => l.commands.length);
      io.stdout.write(
        `Wrote ${outFile} (${zip.length} bytes): manifest v${manifest.manifestVersion}, bot ${appId}, ` +
          `${commands.join(' + ')} commands. Upload it in Teams (Apps → Manage your apps → Upload an app) ` +
          'or in the Teams admin center; see docs/teams.md.\n',
      );
      return 0;
    } catch (error) {
      if (error instanceof CheckinError) return fail(error.message.replace(/\.$/, ''));
      io.stderr.write(`checkin teams:manifest: could not write ${outFile}: ${(error as Error).message}\n`);
      return 1;
    }
  },
};
export default command;
