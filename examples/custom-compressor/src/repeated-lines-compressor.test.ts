import { createMemoryStore, createPipeline, LOCAL_TENANT, parseMarkers } from '@headroom/core';
import { checkConformance } from '@headroom/core/testing';
import { describe, expect, it } from 'vitest';
import { repeatedLinesCompressor } from './repeated-lines-compressor.js';

const progress = ['npm install', ...Array(400).fill('Downloading... 42%'), 'added 312 packages', ...Array(50).fill('warn: retrying'), 'done'].join('\n');

describe('repeatedLinesCompressor', () => {
  it('passes the Headroom conformance suite', async () => {
    const report = await checkConformance(repeatedLinesCompressor(), { samples: [progress] });
    expect(report.failures).toEqual([]);
    expect(report.compressedSamples).toEqual({ lossy: 1, lossless: 1 });
  });

  it('works in a custom pipeline, and the run comes back byte-exact', async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [repeatedLinesCompressor()], store });
    const result = await pipeline.compress(progress, { toolName: 'Bash' });
    expect(result.compressor).toBe('repeated-lines');
    expect(result.text.split('\n')).toHaveLength(7);
    let restored = result.text;
    for (const marker of parseMarkers(result.text)) {
      restored = restored.replace(marker.text, (await store.originals.get(LOCAL_TENANT, marker.ref))!.original);
    }
    expect(restored).toBe(progress);
  });

  it('compresses a tool result inside an OpenAI Chat request in place', async () => {
    const pipeline = createPipeline({ compressors: [repeatedLinesCompressor()], store: createMemoryStore(), policy: { mode: 'lossless' } });
    const body = {
      model: 'gpt-4o',
      messages: [
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'sh', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: progress },
        { role: 'user', content: 'did it work?' },
      ],
    };
    const { body: out, slots } = await pipeline.compressRequest(body, 'openai-chat');
    expect(slots[0]).toMatchObject({ toolName: 'sh', status: 'compressed', compressor: 'repeated-lines' });
    expect((out as typeof body).messages[1]!.content).toContain('Downloading... 42% [repeated 400 times]');
    expect((out as typeof body).messages[2]).toBe(body.messages[2]);
  });

  it('validates its options once, at construction', () => {
    expect(() => repeatedLinesCompressor({ minRun: 1 })).toThrow(/minRun/);
  });
});
