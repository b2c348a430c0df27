import { defineConfig } from 'vitest/config';

// Real agents under `headroom wrap`: the clients are installed once into the shared e2e cache,
// each run starts a native binary, so tests get minutes, not seconds.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 900_000,
    fileParallelism: false,
  },
});
