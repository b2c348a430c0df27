import { type Compressor, skipped } from '@headroom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, send, startHarness } from './internal/test-kit.js';
import { anthropicMessage } from './testing/index.js';

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

/** Records what the proxy told compressors about each slot: its tool and the command line behind it. */
function recorder(seen: { toolName: string | undefined; command: string | undefined }[]): Compressor {
  return {
    specificationVersion: 'v1',
    name: 'recorder',
    contentTypes: ['text'],
    detect(_input, context) {
      seen.push({ toolName: context.toolName, command: context.hints?.command });
      return 0.9;
    },
    compress: () => skipped('recording only'),
  };
}

describe('command hint through the proxy', () => {
  it("hands Claude Code's Bash command line to the compressors as hints.command", async () => {
    const seen: { toolName: string | undefined; command: string | undefined }[] = [];
    harness = await startHarness({ compressors: [recorder(seen)] });
    harness.upstream.enqueue(() => ({ json: anthropicMessage({ text: 'ok' }) }));
    const output = Array.from({ length: 200 }, (_, i) => `-rw-r--r--  1 dev dev ${1000 + i} Mar  2 10:00 file-${i}.py`).join('\n');
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      tools: [{ name: 'Bash', description: 'run a command', input_schema: { type: 'object', properties: {} } }],
      messages: [
        { role: 'user', content: 'what is in src?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls -la src', description: 'List src' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: output }] },
      ],
    };
    const answer = await send(`${harness.proxy.url}/v1/messages`, {
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(answer.status).toBe(200);
    expect(seen).toContainEqual({ toolName: 'Bash', command: 'ls -la src' });
  });
});
