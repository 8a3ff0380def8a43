import { describe, expect, it } from 'vitest';
import { type FlowCatalog, indexFlow } from '../../src/engine/loader.ts';
import type { FlowDefinition } from '../../src/engine/schema.ts';
import { builtinCatalog, Transcript } from '../support/transcript.ts';

/** The catalog after a redeploy that changed the daily check-in with `edit`. */
function redeployed(edit: (def: FlowDefinition) => FlowDefinition): FlowCatalog {
  const catalog = new Map(builtinCatalog());
  const old = catalog.get('daily-checkin')!;
  const { version: _v, byId: _b, following: _f, startId: _s, file, ...def } = old;
  catalog.set('daily-checkin', indexFlow(edit(structuredClone(def)), file));
  return catalog;
}

describe('a flow that changed under a live conversation', () => {
  it('resumes at the same question when it still exists as the same kind', async () => {
    const before = await new Transcript().onboard();
    await before.send('checkin');
    await before.click('Good');
    const flows = redeployed((def) => ({ ...def, title: 'Daily check-in (new wording)' }));
    expect(flows.get('daily-checkin')!.version).not.toBe(builtinCatalog().get('daily-checkin')!.version);

    const after = new Transcript({ store: before.store, clock: before.clock, flows });
    // A new process: its own event ids.
    await after.deliver(after.turn({ kind: 'text', text: '4' }, 'after-redeploy-1'));
    after.expectReply('How did you sleep');
    const state = (await after.store.load(after.user)).conversation!;
    expect(state.answers).toEqual({ mood: 4, energy: 4 });
    expect(state.flowVersion).toBe(flows.get('daily-checkin')!.version);
  });

  it('restarts politely when the current question is gone, keeping answers whose questions remain', async () => {
    const before = await new Transcript().onboard();
    await before.send('checkin');
    await before.click('Good');
    const flows = redeployed((def) => ({ ...def, steps: def.steps.filter((s) => s.id !== 'energy') }));

    const after = new Transcript({ store: before.store, clock: before.clock, flows });
    // A new process: its own event ids.
    await after.deliver(after.turn({ kind: 'text', text: '4' }, 'after-redeploy-1'));
    after.expectReply('I’ve been updated').expectReply('How’s your mood');
    const state = (await after.store.load(after.user)).conversation!;
    expect(state.stepId).toBe('mood');
    expect(state.answers).toEqual({ mood: 4 });
  });

  it('answers a button from before the redeploy as stale rather than crashing', async () => {
    const before = await new Transcript().onboard();
    await before.send('checkin');
    const oldClick = before.clickTurn('Good');
    const flows = redeployed((def) => ({ ...def, steps: def.steps.filter((s) => s.id !== 'mood') }));
    const after = new Transcript({ store: before.store, clock: before.clock, flows });
    const reply = await after.deliver({ ...oldClick, eventId: 'after-redeploy' });
    expect(reply.messages.length).toBeGreaterThan(0);
    expect(after.text).not.toContain('something went wrong');
  });
});
