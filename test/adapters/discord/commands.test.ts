import { describe, expect, it } from 'vitest';
import { slashCommandDefinitions } from '../../../adapters/discord/commands.ts';
import { COMMANDS } from '../../../src/core/commands.ts';

describe('slash commands from the registry', () => {
  const defs = slashCommandDefinitions();

  it('defines one valid chat-input command per registry entry', () => {
    expect(defs.map((d) => d.name)).toEqual(COMMANDS.map((c) => c.name));
    for (const d of defs) {
      expect(d.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      expect(d.description.length).toBeGreaterThan(0);
      expect(d.description.length).toBeLessThanOrEqual(100);
      const required = (d.options ?? []).map((o) => ('required' in o && o.required) === true);
      // Discord rejects a required option after an optional one.
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    }
    expect(defs.length).toBeLessThanOrEqual(100);
  });

  it('gives /summary an autocompleted topic and a url option', () => {
    const summary = defs.find((d) => d.name === 'summary')!;
    expect(summary.options).toEqual([
      expect.objectContaining({ name: 'topic', type: 3, autocomplete: true, required: false }),
      expect.objectContaining({ name: 'url', type: 3, required: false }),
    ]);
  });

  it('turns choice arguments into fixed choices', () => {
    const history = defs.find((d) => d.name === 'history')!;
    expect(history.options?.[0]).toMatchObject({
      name: 'days',
      choices: [
        { name: '7', value: '7' },
        { name: '30', value: '30' },
      ],
    });
  });
});
