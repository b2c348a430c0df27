// A compressor for the pool's tests: on text containing "SPIN" it blocks its thread with a busy
// loop that never ends on its own (only terminating the thread stops it), after writing
// `startedFile` so a test knows the spin has begun; on "NAP" it sleeps 300 ms, then minifies.
// Other JSON it minifies. While `slowStartFile` exists, building it takes 5 s (a thread that is
// slow to start).
import { existsSync, writeFileSync } from 'node:fs';

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function busyCompressor(options = {}) {
  if (options.slowStartFile && existsSync(options.slowStartFile)) sleep(5000);
  return {
    specificationVersion: 'v1',
    name: 'busy',
    contentTypes: ['json'],
    detect: (input) => (/^\s*[[{]/.test(input) || input.includes('SPIN') ? 0.9 : 0),
    compress(input) {
      if (input.includes('NAP')) sleep(300);
      if (input.includes('SPIN')) {
        if (options.startedFile) writeFileSync(options.startedFile, 'spinning');
        for (;;) {
          // blocks this thread until it is terminated
        }
      }
      try {
        return { type: 'compressed', text: JSON.stringify(JSON.parse(input)) };
      } catch {
        return { type: 'skipped', reason: 'not json' };
      }
    },
  };
}

export default function broken() {
  return { not: 'a compressor' };
}
