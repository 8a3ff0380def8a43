import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'adapters/**/*.test.ts'],
    // Redis and platform fakes bind real ports; a generous ceiling only guards against hangs.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: keep parallel workers modest so process-spawning tests stay reliable.
    maxWorkers: 2,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
