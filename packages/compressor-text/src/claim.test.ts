import { codeCompressor } from '@headroom/compressor-code';
import { type Compressor, createMemoryStore, createPipeline } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { runProgram } from './testing/run-compressor.js';
import { textCompressor } from './text-compressor.js';

/** The code compressor, counting its detect calls (its detect parses a sample with tree-sitter). */
function countingCode(): Compressor & { detects: number } {
  const code = codeCompressor();
  const counted = { ...code, detects: 0 };
  counted.detect = (input, context) => {
    counted.detects++;
    return code.detect(input, context);
  };
  return counted;
}

describe('claim: a command line that names the family routes to text without running other detects', () => {
  it('ls -la, dpkg -l and apt-config dump go to text and the code compressor never parses them', async () => {
    for (const command of ['ls -la /usr/share/doc', 'dpkg -l', 'apt-config dump']) {
      const code = countingCode();
      const pipeline = createPipeline({ compressors: [code, textCompressor()], store: createMemoryStore() });
      const result = await pipeline.compress(runProgram(command), { toolName: 'Bash', hints: { command } });
      expect(result.compressor).toBe('text');
      expect(code.detects).toBe(0);
    }
  });

  it('without a command line, or with one text does not own, every detect runs as before', async () => {
    const source = runProgram('cat /root/.pyenv/versions/3.11.7/lib/python3.11/textwrap.py');
    for (const hints of [{}, { command: 'cat textwrap.py' }]) {
      const code = countingCode();
      const pipeline = createPipeline({ compressors: [code, textCompressor()], store: createMemoryStore() });
      const result = await pipeline.compress(source, { toolName: 'Bash', hints });
      expect(code.detects).toBe(1);
      expect(result.compressor).toBe('code');
    }
  });

  it('a diff or JSON printed by a command is not claimed: their compressors still decide', async () => {
    const diff = runProgram('diff -u /root/.pyenv/versions/3.10.13/lib/python3.10/textwrap.py /root/.pyenv/versions/3.11.7/lib/python3.11/textwrap.py');
    const json = runProgram('cat /usr/share/doc/nodejs/api/synopsis.json');
    const text = textCompressor();
    const claim = (input: string, command: string) => text.claim?.(input, { hints: { command }, toolName: 'Bash' } as never);
    expect(diff).toMatch(/^@@ /m);
    expect(claim(diff, 'git diff HEAD~1')).toBe(0);
    expect(claim(diff, 'ls -la')).toBe(0);
    expect(json.trimStart().startsWith('{')).toBe(true);
    expect(claim(json, 'npm view typescript --json')).toBe(0);
    expect(claim(json, 'cat synopsis.json')).toBe(0);
  });

  it('search commands and document tools cost no look at the content (the inputs of the rag compressor)', () => {
    // A stand-in that counts every look: claim must not touch the text unless the hints name a family.
    let looks = 0;
    const listing = runProgram('ls -la /usr/share/doc');
    const counted = new Proxy(new String(listing), {
      get(target, key) {
        looks++;
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(listing) : value;
      },
    }) as unknown as string;
    const text = textCompressor();
    for (const hints of [{ toolName: 'Bash', command: 'grep -rn def /usr/lib/python3.11/json' }, { toolName: 'Bash', command: 'rg -n timeout' }, { toolName: 'WebFetch' }, { toolName: 'Read' }]) {
      expect(text.claim?.(counted, { hints: { ...(hints.command ? { command: hints.command } : {}) }, toolName: hints.toolName } as never), JSON.stringify(hints)).toBe(0);
    }
    expect(looks).toBe(0);
    // The same stand-in is looked at (and claimed) when the command names a listing.
    expect(text.claim?.(counted, { hints: { command: 'ls -la /usr/share/doc' }, toolName: 'Bash' } as never)).toBe(0.97);
    expect(looks).toBeGreaterThan(0);
  });
});
