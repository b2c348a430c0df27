import { defineConfig } from 'vitest/config';

// Real clients: the first run installs Claude Code (~400 MB) into the e2e cache, and each
// client run starts a native binary, so hooks and tests get minutes, not seconds.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 900_000 },
});
