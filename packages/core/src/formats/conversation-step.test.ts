import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../pipeline/create-pipeline.js';
import { createMemoryStore } from '../store/memory-store.js';
import { compressRequest } from './compress-request.js';
import type { ConversationStep } from './conversation-step.js';

// Two real tool outputs: Debian's copyright file of bash and of coreutils.
const bash = readFileSync('/usr/share/doc/bash/copyright', 'utf8');
const coreutils = readFileSync('/usr/share/doc/coreutils/copyright', 'utf8');
const body = {
  model: 'm',
  messages: [
    { role: 'user', content: 'look' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'Read', input: { file_path: '/usr/share/doc/bash/copyright' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: bash }] },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'b', name: 'Read', input: { file_path: '/usr/share/doc/coreutils/copyright' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'b', content: coreutils }] },
  ],
};

function recordingStep(behaviour: 'rewrite-first' | 'throw' | 'bad-index') {
  const seen: { sent: readonly string[]; committed: number } = { sent: [], committed: 0 };
  const step: ConversationStep = {
    name: 'test-chat',
    async rewrite(input) {
      seen.sent = input.sent;
      if (behaviour === 'throw') throw new Error('boom');
      const slot = input.located.slots.findIndex((s) => s.kind === 'tool_result');
      return {
        rewrites: [{ slot: behaviour === 'bad-index' ? 99 : slot, text: 'elided', tokensBefore: 100, tokensAfter: 1, refs: [] }],
        commit: async () => {
          seen.committed++;
        },
      };
    },
  };
  return { step, seen };
}

describe('conversation step in compressRequest', () => {
  it('replaces the slots it rewrites, reports them under its name, and commits', async () => {
    const pipeline = createPipeline({ compressors: [], store: createMemoryStore() });
    const { step, seen } = recordingStep('rewrite-first');
    const result = await compressRequest(pipeline, body, 'anthropic-messages', { conversation: step });
    const messages = (result.body as typeof body).messages;
    expect((messages[2]!.content as { content: string }[])[0]!.content).toBe('elided');
    expect((messages[4]!.content as { content: string }[])[0]!.content).toBe(coreutils);
    expect(result.slots.find((s) => s.compressor === 'test-chat')).toMatchObject({ status: 'compressed', tokensAfter: 1 });
    expect(seen.sent).toContain(bash);
    expect(seen.committed).toBe(1);
    expect(body.messages[2]!.content).toEqual([{ type: 'tool_result', tool_use_id: 'a', content: bash }]);
  });

  it('does not commit when the caller stopped waiting', async () => {
    const pipeline = createPipeline({ compressors: [], store: createMemoryStore() });
    const { step, seen } = recordingStep('rewrite-first');
    const controller = new AbortController();
    controller.abort();
    await compressRequest(pipeline, body, 'anthropic-messages', { conversation: step, signal: controller.signal });
    expect(seen.committed).toBe(0);
  });

  it.each(['throw', 'bad-index'] as const)('fails open when the step misbehaves (%s), and records it', async (behaviour) => {
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [], store });
    const { step } = recordingStep(behaviour);
    const result = await compressRequest(pipeline, body, 'anthropic-messages', { conversation: step });
    expect(result.changed).toBe(false);
    expect(result.body).toBe(body);
    const failures = await store.ledger.read({ type: 'failure' });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ code: 'compressor_failed', compressor: 'test-chat' });
  });
});
