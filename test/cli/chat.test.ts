import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('checkin chat', () => {
  it('completes onboarding and a daily check-in with answers piped to it', () => {
    const answers = ['1', '1', 'US', 'America/New_York', '5', 'checkin', '4', '3', '4', 'rested', 'skip', ''];
    const result = spawnSync(process.execPath, ['bin/checkin.js', 'chat'], {
      input: answers.join('\n'),
      encoding: 'utf8',
      env: { ...process.env, REDIS_URL: '' },
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('All set');
    expect(result.stdout).toContain('How’s your mood');
    expect(result.stdout).toContain('[4] 🙂 Good');
    expect(result.stdout).toContain('Thanks for checking in');
  });
});

describe('checkin chat on Redis', () => {
  it('keeps the conversation in the configured Redis between two runs', async () => {
    const { redisTestMode, startRedis } = await import('../support/redis-server.ts');
    if (redisTestMode().kind !== 'spawn') return;
    const redis = await startRedis();
    try {
      const env = {
        ...process.env,
        REDIS_URL: redis.url,
        CHECKIN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      };
      const run = (lines: string[]) =>
        spawnSync(process.execPath, ['bin/checkin.js', 'chat'], {
          input: lines.join('\n'),
          encoding: 'utf8',
          env,
          timeout: 60_000,
        });
      const first = run(['1', '1', 'US', 'America/New_York', '5', 'checkin', '4']);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain('And your energy?');
      // A second process finds the same person mid check-in (the console user is local:me).
      const second = run(['checkin']);
      expect(second.stdout).toContain('carry on');
      expect(second.stdout).toContain('And your energy?');
    } finally {
      await redis.stop();
    }
  });
});
