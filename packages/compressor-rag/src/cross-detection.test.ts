import { readdirSync, readFileSync } from 'node:fs';
import { codeCompressor } from '@headroom/compressor-code';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import { createMemoryStore, createPipeline } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { ragCompressor } from './rag-compressor.js';

const EVALDATA = new URL('../../../../shared/evaldata/', import.meta.url);
const read = (url: URL) => readFileSync(url, 'utf8');
const firstIn = (dir: string, ext: string) => new URL(`${dir}/${readdirSync(new URL(`${dir}/`, EVALDATA)).find((f) => f.endsWith(ext))!}`, EVALDATA);

/** Who handles what when every first-party compressor is in the pipeline (the CLI's and proxy's default set). */
async function routedTo(text: string, input: Parameters<ReturnType<typeof createPipeline>['compress']>[1] = {}): Promise<string | undefined> {
  const pipeline = createPipeline({ compressors: [jsonCompressor(), logsCompressor(), codeCompressor(), ragCompressor()], store: createMemoryStore(), policy: { timeoutMs: 60_000 } });
  const compressors = pipeline.compressors;
  // The router's choice, by confidence, as the pipeline makes it (ties to the earlier one).
  let best: string | undefined;
  let score = 0.3;
  const context = { tokenizer: pipeline.tokenizer, mode: 'lossy', options: {}, deadline: Date.now() + 60_000, offload: () => '', ...input } as never;
  for (const compressor of compressors) {
    const confidence = compressor.detect(text, context);
    if (confidence > score) {
      best = compressor.name;
      score = confidence;
    }
  }
  return best;
}

describe('routing between the rag compressor and the others, on real inputs', () => {
  it('leaves logs, diffs, JSON and source code to their compressors', async () => {
    expect(await routedTo(read(new URL('logs/Apache/Apache_2k.log', EVALDATA)))).toBe('logs');
    expect(await routedTo(read(new URL('logs/OpenSSH/OpenSSH_2k.log', EVALDATA)))).toBe('logs');
    expect(await routedTo(read(firstIn('diffs', '.patch')))).toBe('code');
    expect(await routedTo(read(new URL('json/github-octokit-fixtures/add-labels-to-issue.normalized-fixture.json', EVALDATA)))).toBe('json');
    expect(await routedTo(read(firstIn('diffs', '.diff')))).toBe('code');
    expect(await routedTo(read(new URL('../../core/src/compressor.ts', import.meta.url)), { hints: { filePath: 'compressor.ts' } })).toBe('code');
    expect(await routedTo(read(new URL('./detect-rag.ts', import.meta.url)))).not.toBe('rag');
  });

  it('takes grep output, JSON search hits, READMEs and HTML pages', async () => {
    expect(await routedTo(read(new URL('shell-outputs/rtk_grep-rn_unwrap.txt', EVALDATA)))).toBe('rag');
    expect(await routedTo(read(new URL('shell-outputs/llmlingua_grep-rn-C3_def-compress_prompt.txt', EVALDATA)))).toBe('rag');
    const hits = JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ path: `src/f${i % 4}.ts`, line: i + 1, snippet: `const v${i} = load(${i});`, score: 1 - i / 40 })));
    expect(await routedTo(hits)).toBe('rag');
    expect(await routedTo(read(new URL('../../../README.md', import.meta.url)))).toBe('rag');
    expect(await routedTo(read(new URL('__fixtures__/html-page/input', import.meta.url)))).toBe('rag');
  });
});

describe('claim: what the hints settle, without any other detect', () => {
  const claimOf = (text: string, input: { toolName?: string; hints?: { command?: string } }) => ragCompressor().claim!(text, { mode: 'lossy', options: {}, ...input } as never);
  const grepOutput = read(new URL('shell-outputs/rtk_grep-rn_unwrap.txt', EVALDATA));
  const readme = read(new URL('../../../README.md', import.meta.url));
  const html = read(new URL('__fixtures__/html-page/input', import.meta.url));

  it('claims search output of a search command and documents from a document tool, as detect() would route them', async () => {
    for (const [text, input] of [
      [grepOutput, { toolName: 'Bash', hints: { command: 'grep -rn unwrap src' } }],
      [grepOutput, { toolName: 'Grep' }],
      [read(new URL('shell-outputs/llmlingua_grep-rn-C3_def-compress_prompt.txt', EVALDATA)), { toolName: 'Bash', hints: { command: 'cd repo && git grep -n -C3 "def compress_prompt"' } }],
      [readme, { toolName: 'WebFetch' }],
      [html, { toolName: 'WebFetch' }],
      // Starts with a Markdown badge, `[![Build status](…)]`: a bracket, but no JSON.
      [read(new URL('file:///usr/share/doc/git/README.md')), { toolName: 'WebFetch' }],
    ] as const) {
      expect(claimOf(text, input)).toBe(0.97);
      expect(await routedTo(text, input)).toBe('rag');
    }
  });

  it('claims nothing the hints do not settle: content alone, JSON, logs, code, a listing from a search tool', async () => {
    expect(claimOf(grepOutput, { toolName: 'Bash' })).toBe(0);
    expect(claimOf(readme, { toolName: 'Read' })).toBe(0);
    expect(claimOf(readme, {})).toBe(0);
    expect(claimOf(read(new URL('json/github-octokit-fixtures/add-labels-to-issue.normalized-fixture.json', EVALDATA)), { toolName: 'WebFetch' })).toBe(0);
    expect(claimOf(read(new URL('logs/Apache/Apache_2k.log', EVALDATA)), { toolName: 'WebFetch' })).toBe(0);
    // A JSON array of sentences reads like prose line by line; only detect()'s parse may judge it.
    const sentences = JSON.stringify(readme.split('\n').filter((line) => line.split(' ').length > 6), null, 2);
    expect(claimOf(sentences, { toolName: 'WebFetch' })).toBe(0);
    expect(claimOf(`[null, ${sentences.slice(1)}`, { toolName: 'WebFetch' })).toBe(0);
    expect(claimOf(read(new URL('../../core/src/compressor.ts', import.meta.url)), { toolName: 'WebFetch' })).toBe(0);
    expect(claimOf(read(new URL('shell-outputs/repomix_grep-rl_treeSitter-files.txt', EVALDATA)), { toolName: 'Bash', hints: { command: 'grep -rl treeSitter .' } })).toBe(0);
    expect(ragCompressor().claim!(grepOutput, { mode: 'lossless', options: {}, toolName: 'Grep' } as never)).toBe(0);
  });
});
