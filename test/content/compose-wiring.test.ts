import { describe, expect, it } from 'vitest';
import { buildCore } from '../../src/compose.ts';
import { loadConfig } from '../../src/config/load.ts';
import { PRESCRIBER_GUARDRAIL } from '../../src/content/medication.ts';
import { silentLogger } from '../../src/ops/logger.ts';
import { ManualClock, Transcript } from '../support/transcript.ts';

describe('the composed bot', () => {
  it('answers learn and summary from the built-in library (no more "coming soon")', async () => {
    const clock = new ManualClock();
    const core = buildCore({ config: loadConfig({}), logger: silentLogger, clock });
    const t = await new Transcript({ bot: core.bot, store: core.store, clock }).onboard();
    await t.send('learn');
    t.expectReply('Understanding anxiety');
    await t.send('summary antidepressants');
    t.expectReply('Not yet clinically reviewed.').expectReply(PRESCRIBER_GUARDRAIL);
    expect(t.text).not.toMatch(/coming soon/i);
  });
});
