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
