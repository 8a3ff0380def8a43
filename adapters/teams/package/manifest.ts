import { COMMANDS, type CommandSpec } from '../../../src/core/commands.ts';
import { CheckinError, ErrorCode } from '../../../src/core/errors.ts';
import { ACCENT, colorIcon, hexColor, outlineIcon } from './png.ts';
import { createZip } from './zip.ts';

/**
 * The Teams app package: manifest.json (schema v1.23, the current GA version as listed on
 * learn.microsoft.com "App manifest" page, taken 2026-11) with the bot in personal, team and
 * group-chat scopes and command lists generated from the command registry, plus two icons.
 */

export const MANIFEST_VERSION = '1.23';
export const MANIFEST_SCHEMA = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const COLOR_ICON = 'color.png';
export const OUTLINE_ICON = 'outline.png';

/** Teams' documented limits the generator keeps to. */
export const MANIFEST_LIMITS = {
  shortName: 30,
  fullName: 100,
  shortDescription: 80,
  fullDescription: 4000,
  commandsPerList: 10,
  commandTitle: 32,
  commandDescription: 128,
} as const;

/** Commands offered in the compose box, most useful first (Teams shows at most ten per scope). */
const PERSONAL_COMMANDS = [
  'checkin',
  'sos',
  'help',
  'breathe',
  'ground',
  'plan',
  'history',
  'remind',
  'pause',
  'settings',
];
/** In teams and group chats: what makes sense to ask in front of others (personal flows move to 1:1). */
const SHARED_COMMANDS = ['help', 'checkin', 'learn', 'summary', 'breathe', 'sos'];

export interface ManifestOptions {
  /** The Azure bot's app id (a GUID); also used as the Teams app id. */
  appId: string;
  /** App version, semver. */
  version: string;
  /** Publisher name shown in Teams. */
  developerName: string;
  /** https URLs Teams requires for every app. */
  websiteUrl: string;
  privacyUrl: string;
  termsOfUseUrl: string;
  /** Short name (≤ 30 characters); default "Checkin". */
  shortName?: string | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function commandList(scopes: string[], names: string[]) {
  const specs = names
    .map((name) => COMMANDS.find((c) => c.name === name) as CommandSpec | undefined)
    .filter((c): c is CommandSpec => c !== undefined);
  return {
    scopes,
    commands: specs.slice(0, MANIFEST_LIMITS.commandsPerList).map((c) => ({
      title: c.name.slice(0, MANIFEST_LIMITS.commandTitle),
      description: c.help.slice(0, MANIFEST_LIMITS.commandDescription),
    })),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: the manifest is open JSON checked by validateManifest.
export type Manifest = Record<string, any>;

export function buildManifest(o: ManifestOptions): Manifest {
  const shortName = o.shortName ?? 'Checkin';
  return {
    $schema: MANIFEST_SCHEMA,
    manifestVersion: MANIFEST_VERSION,
    version: o.version,
    id: o.appId,
    developer: {
      name: o.developerName,
      websiteUrl: o.websiteUrl,
      privacyUrl: o.privacyUrl,
      termsOfUseUrl: o.termsOfUseUrl,
    },
    name: { short: shortName, full: `${shortName}: guided wellbeing check-ins` },
    description: {
      short: 'Private daily check-ins, breathing exercises and help when things are hard.',
      full: [
        `${shortName} runs short guided check-ins in a private chat: mood, sleep and energy, with reminders at a time you choose.`,
        'It offers breathing and grounding exercises, validated questionnaires, a private safety plan, and urgent-help contacts at any time (type "sos").',
        'In a team, mention it to start; anything personal continues in your 1:1 chat. Your data can be exported or deleted with "export" and "forget".',
      ].join(' '),
    },
    icons: { color: COLOR_ICON, outline: OUTLINE_ICON },
    accentColor: hexColor(ACCENT),
    bots: [
      {
        botId: o.appId,
        scopes: ['personal', 'team', 'groupChat'],
        isNotificationOnly: false,
        supportsFiles: true,
        commandLists: [
          commandList(['personal'], PERSONAL_COMMANDS),
          commandList(['team', 'groupChat'], SHARED_COMMANDS),
        ],
      },
    ],
    validDomains: [],
  };
}

/** Every rule the generator promises, checked; returns the problems (empty when valid). */
export function validateManifest(m: Manifest): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const https = (v: unknown) => typeof v === 'string' && /^https:\/\/[^\s]+$/.test(v);
  need(m.$schema === MANIFEST_SCHEMA, '$schema');
  need(m.manifestVersion === MANIFEST_VERSION, 'manifestVersion');
  need(
    typeof m.version === 'string' && /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(m.version),
    'version: semver',
  );
  need(typeof m.id === 'string' && GUID.test(m.id), 'id: a GUID');
  need(typeof m.developer?.name === 'string' && m.developer.name.length > 0, 'developer.name');
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'])
    need(https(m.developer?.[key]), `developer.${key}: https URL`);
  need(
    m.name?.short?.length > 0 && m.name.short.length <= MANIFEST_LIMITS.shortName,
    'name.short: 1-30 characters',
  );
  need(m.name?.full?.length <= MANIFEST_LIMITS.fullName, 'name.full: ≤ 100 characters');
  need(
    m.description?.short?.length <= MANIFEST_LIMITS.shortDescription,
    'description.short: ≤ 80 characters',
  );
  need(m.description?.full?.length <= MANIFEST_LIMITS.fullDescription, 'description.full: ≤ 4000 characters');
  need(m.icons?.color === COLOR_ICON && m.icons?.outline === OUTLINE_ICON, 'icons');
  need(/^#[0-9A-F]{6}$/i.test(m.accentColor ?? ''), 'accentColor: #RRGGBB');
  const bot = m.bots?.[0];
  need(m.bots?.length === 1 && bot?.botId === m.id, 'bots: one bot whose botId is the app id');
  need(
    JSON.stringify(bot?.scopes) === JSON.stringify(['personal', 'team', 'groupChat']),
    'bots[0].scopes: personal, team, groupChat',
  );
  for (const list of bot?.commandLists ?? []) {
    need(
      list.commands.length >= 1 && list.commands.length <= MANIFEST_LIMITS.commandsPerList,
      'commandLists: 1-10 commands',
    );
    for (const c of list.commands) {
      need(c.title.length <= MANIFEST_LIMITS.commandTitle, `command ${c.title}: title ≤ 32`);
      need(
        c.description.length <= MANIFEST_LIMITS.commandDescription,
        `command ${c.title}: description ≤ 128`,
      );
    }
  }
  return problems;
}

/** manifest.json plus both icons, zipped at the root as Teams expects; refuses an invalid manifest. */
export function buildAppPackage(o: ManifestOptions): { zip: Buffer; manifest: Manifest } {
  const manifest = buildManifest(o);
  const problems = validateManifest(manifest);
  if (problems.length) {
    throw new CheckinError(ErrorCode.Usage, `The Teams manifest would be invalid: ${problems.join('; ')}.`);
  }
  const zip = createZip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: COLOR_ICON, data: colorIcon() },
    { name: OUTLINE_ICON, data: outlineIcon() },
  ]);
  return { zip, manifest };
}
