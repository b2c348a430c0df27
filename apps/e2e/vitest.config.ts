import { defineConfig } from 'vitest/config';

// Real clients: the first run installs Claude Code and Codex (~400 MB each) into the e2e cache
// (once, in the global setup), and each client run starts a native binary, so hooks and tests
// get minutes, not seconds.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 900_000,
  },
});
