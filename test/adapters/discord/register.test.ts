import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.ts';
import { COMMANDS } from '../../../src/core/commands.ts';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord/index.ts';

/** `checkin discord:register` against the fake REST: what Discord receives, and the errors people see. */
async function cli(args: string[], env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await runCli(['discord:register', ...args], { stdin: new PassThrough(), stdout, stderr, env });
  return { code, out, err };
}

describe('checkin discord:register', () => {
  let fake: FakeDiscord;
  let env: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    env = {
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    };
  });
  afterAll(async () => fake.close());

  it('bulk-registers every registry command globally with the bot token', async () => {
    const { code, out } = await cli([], env);
    expect(code).toBe(0);
    const [put] = fake.rest.callsTo('PUT', new RegExp(`^/applications/${fake.applicationId}/commands$`));
    expect(put?.token).toBe(fake.token);
    expect(put?.body.map((c: { name: string }) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    expect(out).toContain(`Registered ${COMMANDS.length} slash commands globally`);
    expect(out).toContain('/summary');
  });

  it('registers for one server with --guild', async () => {
    const { code, out } = await cli(['--guild', '123456789012345678'], env);
    expect(code).toBe(0);
    expect(fake.rest.registered.get('123456789012345678')).toHaveLength(COMMANDS.length);
    expect(out).toContain('for server 123456789012345678');
  });

  it('explains a refused token without printing it', async () => {
    const { code, err } = await cli([], { ...env, DISCORD_TOKEN: 'wrong-token' });
    expect(code).toBe(1);
    expect(err).toContain('(401): check DISCORD_TOKEN');
    expect(err).not.toContain('wrong-token');
  });

  it('rejects bad arguments and missing settings with usage errors', async () => {
    expect((await cli(['--guild'], env)).code).toBe(2);
    expect((await cli(['--guild', 'abc'], env)).err).toContain('numeric server id');
    expect((await cli(['--global'], env)).err).toContain('unknown argument "--global"');
    expect((await cli([], {})).err).toContain('set DISCORD_TOKEN and DISCORD_APPLICATION_ID');
  });
});
