import { defineConfig } from 'vitest/config';

// The timeout only catches a hang: tests push megabytes through parsers and must pass on a
// machine loaded by other work, so no outcome may hinge on how fast it runs.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 300_000 },
});
