import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reconstruct, type RunOptions, runCompressor } from './testing/run-compressor.js';
import { textCompressor } from './text-compressor.js';

const FIXTURES = join(import.meta.dirname, '__fixtures__');
// `UPDATE_FIXTURES=1 npx vitest run src/fixtures.test.ts` rewrites `expected` (review the diff before committing).
const UPDATE = process.env.UPDATE_FIXTURES === '1';

/**
 * Golden fixtures: `<case>/input` (a small output of a command, written for the fixture),
 * `<case>/options.json` (`command`, `query`, `toolName`, compressor `options`) and `<case>/expected`
 * (the compressed text, markers included; `SKIPPED: reason` when it passes through).
 */
describe('golden fixtures', () => {
  for (const name of readdirSync(FIXTURES).sort()) {
    it(name, async () => {
      const input = readFileSync(join(FIXTURES, name, 'input'), 'utf8');
      const run = JSON.parse(readFileSync(join(FIXTURES, name, 'options.json'), 'utf8')) as RunOptions;
      const result = await runCompressor(textCompressor(), input, run);
      const actual = result.text ?? `SKIPPED: ${result.reason}\n`;
      const expectedPath = join(FIXTURES, name, 'expected');
      if (UPDATE || !existsSync(expectedPath)) writeFileSync(expectedPath, actual);
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
      if (result.text !== undefined) expect(reconstruct(result.text, result.offloads)).toBe(input);
    });
  }
});
