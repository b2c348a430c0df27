import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type Compressor, compressed, skipped } from '../compressor.js';
import { createPipeline } from '../pipeline/create-pipeline.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { RereadEvent } from '../store/store.js';
import { createEstimatingTokenizer } from '../tokenizer/tiktoken-tokenizer.js';
import { compressRequest } from './compress-request.js';

const head: Compressor = {
  specificationVersion: 'v1',
  name: 'head',
  contentTypes: ['text'],
  detect: () => 1,
  compress(input, context) {
    const lines = input.split('\n');
    if (lines.length < 20) return skipped('short');
    return compressed(`${lines.slice(0, 5).join('\n')}\n${context.offload(lines.slice(5).join('\n'), { summary: `${lines.length - 5} lines omitted`, kind: 'lines' })}`);
  },
};

// Real output of a real program: the listing of Debian's docs on this machine.
const listing = execFileSync('ls', ['-la', '/usr/share/doc'], { encoding: 'utf8' });
const tail = listing.split('\n').slice(-8).join('\n');

type Call = { command?: string; file_path?: string; output: string; tool?: string };

/** An Anthropic Messages body: one tool call and result per entry, in order. */
function body(calls: readonly Call[]) {
  const messages: unknown[] = [{ role: 'user', content: 'Which docs mention python?' }];
  calls.forEach((call, i) => {
    const input = call.command !== undefined ? { command: call.command } : { file_path: call.file_path };
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `t${i}`, name: call.tool ?? (call.command ? 'Bash' : 'Read'), input }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: call.output }] });
  });
  return { model: 'm', max_tokens: 10, messages };
}

async function rereadsAfter(turns: readonly (readonly Call[])[]) {
  const store = createMemoryStore();
  const pipeline = createPipeline({ compressors: [head], store, tokenizer: createEstimatingTokenizer(), policy: { minTokens: 10 } });
  for (const calls of turns) await compressRequest(pipeline, body(calls), 'anthropic-messages');
  return (await store.ledger.read({ type: 'reread' })) as RereadEvent[];
}

describe('re-reads', () => {
  it('the same command run again right after a compressed result is recorded once, however often the history is resent', async () => {
    const first: Call = { command: 'ls -la /usr/share/doc', output: listing };
    const again: Call = { command: 'ls -la /usr/share/doc', output: tail };
    const rows = await rereadsAfter([[first], [first, again], [first, again, { command: 'pwd', output: '/root' }]]);
    expect(rows).toEqual([expect.objectContaining({ type: 'reread', by: 'command', compressor: 'head', toolName: 'Bash', commandFamily: 'ls' })]);
    expect(rows[0]!.ref).toMatch(/^[0-9a-f]{24}$/);
  });

  it('the same file read again counts; a repeat far later, or after a result that was not compressed, does not', async () => {
    const read: Call = { file_path: '/usr/share/doc/README', output: listing };
    expect(await rereadsAfter([[read, { file_path: '/usr/share/doc/README', output: tail }]])).toEqual([expect.objectContaining({ by: 'file', toolName: 'Read' })]);
    const between = Array.from({ length: 4 }, (_, i): Call => ({ command: `echo ${i}`, output: `${i}` }));
    expect(await rereadsAfter([[read, ...between, read]])).toEqual([]);
    const small: Call = { command: 'ls /usr/share/doc/bash', output: 'README\ncopyright' };
    expect(await rereadsAfter([[small, small]])).toEqual([]);
  });
});
