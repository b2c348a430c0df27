import { defineConfig } from 'vitest/config';

// The timeout only catches a hang: no outcome may hinge on how fast the machine runs.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 },
});
