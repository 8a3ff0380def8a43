import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildCore } from '../../src/compose.ts';
import { loadConfig } from '../../src/config/load.ts';
import { silentLogger } from '../../src/ops/logger.ts';
import { Transcript } from '../support/transcript.ts';

/** An operator's escalation endpoint on loopback, recording what it is sent. */
async function endpoint() {
  const received: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alert`;
  return { url, received, close: () => new Promise((r) => server.close(r)) };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('crisis alerts to the organisation', () => {
  it('are sent only after the person agreed in settings, and never carry what they wrote', async () => {
    const hook = await endpoint();
    try {
      const config = loadConfig({ CHECKIN_SAFETY_WEBHOOK_URL: hook.url });
      const core = buildCore({ config, logger: silentLogger });
      const t = await new Transcript({ bot: core.bot, store: core.store }).onboard('US');

      await t.send('i want to kill myself');
      t.expectReply('988');
      await new Promise((r) => setTimeout(r, 200));
      expect(hook.received).toEqual([]);

      await t.send('settings');
      t.expectReply('Alert my organisation in a crisis: no');
      await t.click('Alert my organisation in a crisis');
      t.expectReply('never what you wrote');
      await t.send('i want to kill myself tonight');
      await until(() => hook.received.length > 0);
      expect(hook.received).toEqual([
        { user: t.user, level: 'crisis', category: expect.any(String), at: expect.any(String) },
      ]);
      expect(JSON.stringify(hook.received)).not.toContain('kill');

      await t.send('settings crisis-alerts off');
      t.expectReply('won’t alert anyone');
    } finally {
      await hook.close();
    }
  });

  it('cannot be turned on where no operator endpoint exists', async () => {
    const core = buildCore({ config: loadConfig({}), logger: silentLogger });
    const t = await new Transcript({ bot: core.bot, store: core.store }).onboard('US');
    await t.send('settings');
    expect(t.buttons).toEqual(['Stop saving check-ins']);
    await t.send('settings crisis-alerts on');
    expect((await t.store.load(t.user)).profile.consents.crisisEscalation).toBeUndefined();
    await t.send('settings saving off');
    t.expectReply('won’t save new check-ins');
    expect((await t.store.load(t.user)).profile.consents.storeCheckins).toBe(false);
  });
});
