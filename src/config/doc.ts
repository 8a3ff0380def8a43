import { SETTINGS, type SettingName } from './schema.ts';

/**
 * The settings as `docs/configuration.md` lists them: name, default as written there, and the
 * schema's description. A test compares the doc with this list, and prints the row to paste when a
 * setting is missing or out of date.
 */
export interface SettingRow {
  name: SettingName;
  /** The default in the doc's words: the value, `(empty)` for an empty list, `unset` for none. */
  default: string;
  description: string;
}

export function settingRows(): SettingRow[] {
  return (Object.keys(SETTINGS) as SettingName[]).map((name) => {
    const parsed = SETTINGS[name].schema.safeParse(undefined);
    return {
      name,
      default: formatDefault(parsed.success ? parsed.data : undefined),
      description: SETTINGS[name].doc,
    };
  });
}

export function formatDefault(value: unknown): string {
  if (value === undefined) return 'unset';
  if (Array.isArray(value)) return value.length ? value.join(',') : '(empty)';
  return String(value);
}

/** One Markdown table row; `|` in text is escaped so the table stays a table. */
export function formatRow(row: SettingRow): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const value =
    row.default === 'unset' || row.default === '(empty)' ? row.default : `\`${cell(row.default)}\``;
  return `| \`${row.name}\` | ${value} | ${cell(row.description)} |`;
}
