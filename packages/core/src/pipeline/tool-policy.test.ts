import { describe, expect, it } from 'vitest';
import { type Compressor, compressed, skipped } from '../compressor.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { CompressionEvent, RetrievalEvent } from '../store/store.js';
import { createEstimatingTokenizer } from '../tokenizer/tiktoken-tokenizer.js';
import { createPipeline } from './create-pipeline.js';
import type { ToolPolicies } from './tool-policy.js';

const tokenizer = createEstimatingTokenizer();
const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} line ${i}: something a command printed`).join('\n');

/** Keeps `head × keepFactor` lines and offloads the rest (lossy), or dedents (lossless): a stand-in honouring keepFactor. */
function headLines(): Compressor & { seen: Record<string, unknown>[] } {
  const seen: Record<string, unknown>[] = [];
  return {
    seen,
    specificationVersion: 'v1',
    name: 'head-lines',
    contentTypes: ['text'],
    detect: () => 0.9,
    compress(input, context) {
      seen.push({ ...context.options });
      const all = input.split('\n');
      if (context.mode === 'lossless') {
        // Folds runs of one repeated line into `line (xN)`.
        const folded: string[] = [];
        for (let i = 0; i < all.length; ) {
          let j = i;
          while (all[j] === all[i]) j++;
          folded.push(j - i > 1 ? `${all[i]} (x${j - i})` : all[i]!);
          i = j;
        }
        return folded.length < all.length ? compressed(folded.join('\n')) : skipped('nothing lossless');
      }
      const keep = Math.round(5 * ((context.options.keepFactor as number | undefined) ?? 1));
      const rest = all.slice(keep);
      return compressed(`${all.slice(0, keep).join('\n')}\n${context.offload(rest.join('\n'), { summary: `${rest.length} lines omitted`, kind: 'lines' })}`);
    },
  };
}

describe('tool policies', () => {
  it('pass per-tool compressor options to the compressor, for that tool (and command family) only', async () => {
    const compressor = headLines();
    const tools: ToolPolicies = { list_orders: { compressorOptions: { 'head-lines': { keepFactor: 4 } } }, 'Bash git log': { compressorOptions: { 'head-lines': { keepFactor: 2 } } } };
    const pipeline = createPipeline({ compressors: [compressor], store: createMemoryStore(), tokenizer, policy: { compressorOptions: { 'head-lines': { other: 1 } } }, toolPolicies: () => tools });
    const orders = await pipeline.compress(lines(100, 'a'), { toolName: 'list_orders' });
    const log = await pipeline.compress(lines(100, 'b'), { toolName: 'Bash', hints: { command: 'git log -n 100' } });
    const status = await pipeline.compress(lines(100, 'c'), { toolName: 'Bash', hints: { command: 'git status' } });
    expect(compressor.seen).toEqual([{ other: 1, keepFactor: 4 }, { other: 1, keepFactor: 2 }, { other: 1 }]);
    expect(orders.text.split('\n')).toHaveLength(21);
    expect(log.text.split('\n')).toHaveLength(11);
    expect(status.text.split('\n')).toHaveLength(6);
  });

  it('read the source afresh on every compression, and a changed policy is not answered from the old memo', async () => {
    const compressor = headLines();
    let tools: ToolPolicies = {};
    const pipeline = createPipeline({ compressors: [compressor], store: createMemoryStore(), tokenizer, toolPolicies: () => tools });
    const text = lines(100, 'a');
    const before = await pipeline.compress(text, { toolName: 'list_orders' });
    tools = { list_orders: { compressorOptions: { 'head-lines': { keepFactor: 3 } } } };
    const after = await pipeline.compress(text, { toolName: 'list_orders' });
    expect(after.memoHit).toBe(false);
    expect(after.text.split('\n').length).toBeGreaterThan(before.text.split('\n').length);
    // Another tool's content keeps its memo entry: a policy for list_orders changes nothing else.
    const other = lines(80, 'z');
    await pipeline.compress(other, { toolName: 'search' });
    tools = { ...tools, list_users: { exempt: true } };
    expect((await pipeline.compress(other, { toolName: 'search' })).memoHit).toBe(true);
  });

  it('exempt a tool (its output passes through) and switch a tool to lossless (no omission)', async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [headLines()], store, tokenizer, policy: { tools: { noisy: { exempt: true }, exact: { mode: 'lossless' } } } });
    const exempt = await pipeline.compress(lines(100, 'a'), { toolName: 'noisy' });
    expect(exempt).toMatchObject({ compressed: false, code: 'skipped' });
    expect(exempt.reason).toContain('exempt');
    const exact = await pipeline.compress(lines(40, 'b').split('\n').flatMap((l) => [l, l, l, l]).join('\n'), { toolName: 'exact' });
    expect(exact.compressed).toBe(true);
    expect(exact.markers).toHaveLength(0);
    const rows = (await store.ledger.read({ type: 'compression' })) as CompressionEvent[];
    expect(rows).toEqual([expect.objectContaining({ toolName: 'exact', markers: 0, mode: 'lossless' })]);
  });

  it('the learned source overrides the host policy key by key, and a throwing source is ignored', async () => {
    const compressor = headLines();
    const pipeline = createPipeline({
      compressors: [compressor],
      store: createMemoryStore(),
      tokenizer,
      policy: { tools: { a: { exempt: true }, b: { exempt: true } } },
      toolPolicies: () => ({ a: { compressorOptions: { 'head-lines': { keepFactor: 2 } } } }),
    });
    expect((await pipeline.compress(lines(100, 'a'), { toolName: 'a' })).compressed).toBe(true);
    expect((await pipeline.compress(lines(100, 'b'), { toolName: 'b' })).compressed).toBe(false);
    const broken = createPipeline({ compressors: [headLines()], store: createMemoryStore(), tokenizer, toolPolicies: () => { throw new Error('bad'); } });
    expect((await broken.compress(lines(100, 'c'), { toolName: 'a' })).compressed).toBe(true);
  });
});

describe('ledger signals', () => {
  it('compression rows count markers and name the command family; retrieval rows name the omission kind and family', async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [headLines()], store, tokenizer });
    const result = await pipeline.compress(lines(100, 'a'), { toolName: 'Bash', hints: { command: 'ls -la /usr/share/doc' } });
    const [marker] = result.markers;
    await pipeline.retrieve(marker!.ref);
    const [compression] = (await store.ledger.read({ type: 'compression' })) as CompressionEvent[];
    expect(compression).toMatchObject({ toolName: 'Bash', markers: 1, commandFamily: 'ls' });
    expect(JSON.stringify(compression)).not.toContain('/usr/share/doc');
    const [retrieval] = (await store.ledger.read({ type: 'retrieval' })) as RetrievalEvent[];
    expect(retrieval).toMatchObject({ found: true, compressor: 'head-lines', toolName: 'Bash', kind: 'lines', commandFamily: 'ls' });
  });
});
