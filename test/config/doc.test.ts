import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatRow, settingRows } from '../../src/config/doc.ts';

/** Reads every settings row of docs/configuration.md: | `NAME` | default | description |. */
function documentedRows(): Map<string, { default: string; description: string }> {
  const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
  const rows = new Map<string, { default: string; description: string }>();
  for (const line of doc.split('\n')) {
    const m = /^\| `([A-Z][A-Z0-9_]*)` \| (.+?) \| (.+) \|$/.exec(line.trim());
    if (!m) continue;
    const cell = (s: string) => s.replace(/\\\|/g, '|').trim();
    const value = cell(m[2]!);
    if (rows.has(m[1]!)) throw new Error(`docs/configuration.md lists ${m[1]} twice`);
    rows.set(m[1]!, {
      default: value.startsWith('`') && value.endsWith('`') ? value.slice(1, -1) : value,
      description: cell(m[3]!),
    });
  }
  return rows;
}

describe('docs/configuration.md', () => {
  it('lists every setting of the schema with its default and description, and nothing else', () => {
    const documented = documentedRows();
    const problems: string[] = [];
    for (const row of settingRows()) {
      const doc = documented.get(row.name);
      if (!doc) problems.push(`missing ${row.name}; add:\n${formatRow(row)}`);
      else if (doc.default !== row.default || doc.description !== row.description) {
        problems.push(`${row.name} differs from the schema; replace its row with:\n${formatRow(row)}`);
      }
      documented.delete(row.name);
    }
    for (const name of documented.keys())
      problems.push(`${name} is documented but not in src/config/schema.ts`);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('finds the rows it checks (the parser still matches the table format)', () => {
    expect(documentedRows().size).toBe(settingRows().length);
  });
});
