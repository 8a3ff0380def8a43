import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { CheckinError, ErrorCode } from '../core/errors.ts';
import { SAFETY_CATEGORIES, type SafetyCategory } from '../core/ports.ts';
import { formatProblem, YamlSource } from '../engine/problems.ts';

/**
 * The helpline directory (dialogs/safety/helplines.yaml): crisis lines and emergency numbers by
 * country, as data, each fact with its public source and the date it was taken. Overlay folders
 * (CHECKIN_CONTENT_DIR) replace or add whole countries.
 */

// Every fact names where it came from and when, so it can be re-checked and kept current.
const sourced = {
  /** The public page the fact was taken from. */
  source: z.url({ protocol: /^https?$/ }),
  /** ISO date (YYYY-MM-DD) the fact was taken from that page. */
  taken: z.iso.date(),
};

const phone = z.string().regex(/^[0-9][0-9 -]{1,19}$/, 'digits, spaces and dashes, e.g. "116 123"');

export const helplineSchema = z
  .strictObject({
    name: z.string().min(1).max(120),
    /** Number to call, as people dial it locally. */
    phone: phone.optional(),
    /** Number to text. */
    sms: phone.optional(),
    url: z.url({ protocol: /^https$/ }).optional(),
    /** Opening hours in words, e.g. `24/7`. */
    hours: z.string().min(1).max(60).optional(),
    /** Show only for these categories (e.g. a domestic-abuse line); all when absent. */
    categories: z.array(z.enum(SAFETY_CATEGORIES)).min(1).optional(),
    ...sourced,
  })
  .refine((h) => h.phone || h.sms || h.url, { message: 'give at least one of phone, sms or url' });
export type Helpline = z.infer<typeof helplineSchema>;

export const emergencySchema = z.strictObject({
  /** Emergency numbers, most common first (e.g. ["112", "999"]). */
  numbers: z.array(phone).min(1),
  ...sourced,
});
export type Emergency = z.infer<typeof emergencySchema>;

export const countrySchema = z.strictObject({
  /** Name as people of that country write it. */
  name: z.string().min(1).max(80),
  emergency: emergencySchema,
  helplines: z.array(helplineSchema).min(1),
});
export type CountryHelp = z.infer<typeof countrySchema>;

export const fallbackSchema = z.strictObject({
  /** An international directory of helplines, for countries not listed. */
  directory: z.strictObject({ name: z.string().min(1), url: z.url({ protocol: /^https$/ }), ...sourced }),
  /** Emergency number that works in most places (112). */
  emergency: emergencySchema,
});
export type Fallback = z.infer<typeof fallbackSchema>;

export const helplineFileSchema = z
  .strictObject({
    version: z.literal(1),
    fallback: fallbackSchema.optional(),
    countries: z.record(z.string(), countrySchema).default({}),
  })
  // Checked here rather than as a record key schema so the message says what a key must be.
  .superRefine((file, ctx) => {
    for (const code of Object.keys(file.countries)) {
      if (!/^[A-Z]{2}$/.test(code))
        ctx.addIssue({
          code: 'custom',
          path: ['countries', code],
          message: `"${code}" is not an ISO 3166-1 alpha-2 code in capitals (e.g. GB, DE)`,
        });
    }
  });

/** The merged directory. */
export interface HelplineDirectory {
  fallback: Fallback;
  countries: ReadonlyMap<string, CountryHelp>;
}

/** Path of the directory file inside one content folder. */
export function helplineFile(dir: string): string {
  return join(dir, 'safety', 'helplines.yaml');
}

/**
 * Loads `safety/helplines.yaml` from each content folder in order; a later folder's country
 * replaces an earlier one's and its fallback replaces the earlier fallback. Throws
 * CheckinError(invalid_content) listing every problem as `file:line:col path message`.
 */
export function loadHelplines(dirs: readonly string[]): HelplineDirectory {
  let fallback: Fallback | undefined;
  const countries = new Map<string, CountryHelp>();
  const problems: string[] = [];
  for (const dir of dirs) {
    const path = helplineFile(dir);
    if (!existsSync(path)) continue;
    const file = relative(process.cwd(), path) || path;
    const source = new YamlSource(file, readFileSync(path, 'utf8'));
    const syntax = source.syntaxProblems();
    if (syntax.length) {
      problems.push(...syntax.map(formatProblem));
      continue;
    }
    const parsed = helplineFileSchema.safeParse(source.toJS());
    if (!parsed.success) {
      problems.push(...source.zodProblems(parsed.error).map(formatProblem));
      continue;
    }
    if (parsed.data.fallback) fallback = parsed.data.fallback;
    for (const [code, country] of Object.entries(parsed.data.countries)) countries.set(code, country);
  }
  if (problems.length)
    throw new CheckinError(ErrorCode.InvalidContent, `Invalid helpline directory:\n${problems.join('\n')}`);
  if (!fallback) {
    throw new CheckinError(
      ErrorCode.InvalidContent,
      `No helpline fallback found: ${dirs.map(helplineFile).join(', ')} must define "fallback" (an international directory and an emergency number).`,
    );
  }
  return { fallback, countries };
}

/** What to show for one country and category: its lines, or the international fallback. */
export interface HelpFor {
  /** Known country, or undefined when the fallback is used. */
  country?: { code: string; name: string };
  emergency: string[];
  helplines: Helpline[];
  /** The international directory; always present so it can be offered as well. */
  directory: Fallback['directory'];
}

export function helpFor(
  directory: HelplineDirectory,
  countryCode: string | undefined,
  category: SafetyCategory | null,
): HelpFor {
  const code = countryCode?.toUpperCase();
  const entry = code ? directory.countries.get(code) : undefined;
  if (!entry || !code) {
    return {
      emergency: directory.fallback.emergency.numbers,
      helplines: [],
      directory: directory.fallback.directory,
    };
  }
  // Category-specific lines first (an abuse line for abuse), then the general ones.
  const general = entry.helplines.filter((h) => !h.categories);
  const specific = category ? entry.helplines.filter((h) => h.categories?.includes(category)) : [];
  return {
    country: { code, name: entry.name },
    emergency: entry.emergency.numbers,
    helplines: [...specific, ...general],
    directory: directory.fallback.directory,
  };
}

// Country names people type when asked where they are, in our four languages.
const COUNTRY_WORDS: Record<string, string> = {
  'united states': 'US',
  usa: 'US',
  america: 'US',
  'estados unidos': 'US',
  'etats unis': 'US',
  'vereinigte staaten': 'US',
  canada: 'CA',
  kanada: 'CA',
  'united kingdom': 'GB',
  uk: 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'great britain': 'GB',
  'reino unido': 'GB',
  'royaume uni': 'GB',
  grossbritannien: 'GB',
  ireland: 'IE',
  irlanda: 'IE',
  irland: 'IE',
  irlande: 'IE',
  australia: 'AU',
  australien: 'AU',
  australie: 'AU',
  germany: 'DE',
  deutschland: 'DE',
  alemania: 'DE',
  allemagne: 'DE',
  austria: 'AT',
  osterreich: 'AT',
  autriche: 'AT',
  switzerland: 'CH',
  schweiz: 'CH',
  suisse: 'CH',
  suiza: 'CH',
  france: 'FR',
  francia: 'FR',
  frankreich: 'FR',
  spain: 'ES',
  espana: 'ES',
  spanien: 'ES',
  espagne: 'ES',
  belgium: 'BE',
  belgique: 'BE',
  belgien: 'BE',
  belgica: 'BE',
  belgie: 'BE',
  netherlands: 'NL',
  nederland: 'NL',
  holland: 'NL',
  'paises bajos': 'NL',
  niederlande: 'NL',
  'pays bas': 'NL',
};

/**
 * Reads a country from what someone typed when asked ("Germany", "de", "I'm in the UK"): an ISO
 * code alone, or a known country name. Returns the upper-case code, or undefined.
 */
export function countryFromText(typed: string): string | undefined {
  const t = typed
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (/^[a-z]{2}$/.test(t)) return t === 'uk' ? 'GB' : t.toUpperCase();
  const padded = ` ${t} `;
  for (const [word, code] of Object.entries(COUNTRY_WORDS)) if (padded.includes(` ${word} `)) return code;
  return undefined;
}
