import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ragCompressor } from './rag-compressor.js';
import type { RagCompressorOptions } from './rag-compressor-options.js';
import { testContext } from './testing/context.js';

const ROOT = new URL('__fixtures__/', import.meta.url);

interface FixtureOptions {
  readonly query?: string;
  readonly target?: number;
  readonly toolName?: string;
  readonly command?: string;
  readonly options?: RagCompressorOptions;
}

/**
 * Golden files: `__fixtures__/<case>/{input, options.json, expected}`, all written by us. `expected`
 * is the exact output ("skipped: reason" when skipped). UPDATE_FIXTURES=1 rewrites them.
 */
describe('golden fixtures', () => {
  for (const name of readdirSync(ROOT).sort()) {
    it(name, async () => {
      const dir = new URL(`${name}/`, ROOT);
      const input = readFileSync(new URL('input', dir), 'utf8');
      const fixture = JSON.parse(readFileSync(new URL('options.json', dir), 'utf8')) as FixtureOptions;
      const { context } = testContext(fixture);
      const result = await ragCompressor(fixture.options).compress(input, context);
      const actual = result.type === 'compressed' ? result.text : `skipped: ${result.reason}`;
      const expectedPath = new URL('expected', dir);
      if (process.env.UPDATE_FIXTURES === '1' || !existsSync(expectedPath)) writeFileSync(expectedPath, actual);
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
    });
  }
});
