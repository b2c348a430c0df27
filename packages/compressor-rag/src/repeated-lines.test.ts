import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseMarkers } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { ragCompressor } from './rag-compressor.js';
import { testContext } from './testing/context.js';

const TIKTOKEN = fileURLToPath(new URL('../../../node_modules/.pnpm/tiktoken@1.0.22/node_modules/tiktoken/', import.meta.url));

function compress(input: string, query: string, command: string) {
  const { context, offloads } = testContext({ query, command, toolName: 'Bash' });
  const result = ragCompressor().compress(input, context);
  if (result instanceof Promise || result.type !== 'compressed') throw new Error('expected a synchronous compression');
  const stored = parseMarkers(result.text).map((marker) => offloads.get(marker.ref)!.original);
  return { text: result.text, stored: stored.join('\n').split('\n') };
}

describe('lines a file shares with an earlier file', () => {
  // tiktoken ships its wasm bindings twice (lite/ and the root), ten declarations word for word.
  const grep = spawnSync('grep', ['-rn', 'export', '--include=*.d.ts', '.'], { cwd: TIKTOKEN, encoding: 'utf8' }).stdout;

  it('are said in one line naming the file that shows them, and stay retrievable behind a marker', () => {
    const { text, stored } = compress(grep, 'encode with special tokens', 'grep -rn export --include=*.d.ts .');
    expect(text).toContain('tiktoken_bg.wasm.d.ts\nlines 4-13: the same as lite/tiktoken_bg.wasm.d.ts\n14:export const get_encoding:');
    const shared = grep.split('\n').filter((line) => line.startsWith('./tiktoken_bg.wasm.d.ts:') && /:(?:[4-9]|1[0-3]):/.test(line));
    expect(shared).toHaveLength(10);
    for (const line of shared) {
      const content = line.replace(/^[^:]+:\d+:/, '');
      // Shown once (under lite/), and the root copy's own line is behind a marker.
      expect(text.split('\n').filter((shown) => shown.endsWith(content))).toHaveLength(1);
      expect(stored).toContain(line);
    }
  });

  it('are shown again where saying "the same as" would not pay (one short line)', () => {
    const { text } = compress(grep, 'encode with special tokens', 'grep -rn export --include=*.d.ts .');
    // Six encoders each declare `export default encoder;` at line 6: one short line per file.
    const encoders = text.split('\n').filter((line) => /^encoders\/\w+\.d\.ts:6:export default encoder;$/.test(line));
    expect(encoders).toHaveLength(6);
  });
});
