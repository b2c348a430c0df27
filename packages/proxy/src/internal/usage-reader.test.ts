import { describe, expect, it } from 'vitest';
import { anthropicStream, openaiChatStream, openaiResponsesStream } from '../testing/provider-replies.js';
import { formatEvent } from '../testing/scripted-upstream.js';
import { createUsageReader } from './usage-reader.js';

const usage = { input: 1200, output: 345, cacheRead: 800, cacheWrite: 64 };

/** Feeds `bytes` split at every `step`-th byte: boundaries land inside lines and inside UTF-8 sequences. */
function readInPieces(format: Parameters<typeof createUsageReader>[0], contentType: string, bytes: Buffer, step: number) {
  const reader = createUsageReader(format, contentType);
  for (let i = 0; i < bytes.length; i += step) reader.push(bytes.subarray(i, i + step));
  return reader.finish();
}

describe('createUsageReader', () => {
  it('reads Anthropic stream usage (input, output, cache read and write) whatever the chunking', () => {
    const wire = Buffer.from(anthropicStream({ text: ['héllo ', '世界 ', '🎉'], usage, model: 'claude-x' }).map(formatEvent).join(''));
    for (const step of [1, 2, 3, 7, 64, wire.length]) {
      expect(readInPieces('anthropic-messages', 'text/event-stream; charset=utf-8', wire, step)).toEqual({
        model: 'claude-x',
        inputTokens: 1200,
        outputTokens: 345,
        cacheReadTokens: 800,
        cacheWriteTokens: 64,
      });
    }
  });

  it('handles CRLF line endings and multi-line data', () => {
    const wire = Buffer.from('event: message_delta\r\ndata: {"type":"message_delta",\r\ndata: "usage":{"output_tokens":9}}\r\n\r\n');
    expect(readInPieces('anthropic-messages', 'text/event-stream', wire, 5)).toEqual({ outputTokens: 9 });
  });

  it('reads OpenAI chat and Responses stream usage; input excludes cached tokens', () => {
    const chat = Buffer.from(openaiChatStream({ usage, model: 'gpt-x' }).map(formatEvent).join(''));
    expect(readInPieces('openai-chat', 'text/event-stream', chat, 3)).toEqual({ model: 'gpt-x', inputTokens: 400, outputTokens: 345, cacheReadTokens: 800 });
    const responses = Buffer.from(openaiResponsesStream({ usage, model: 'gpt-y' }).map(formatEvent).join(''));
    expect(readInPieces('openai-responses', 'text/event-stream', responses, 11)).toEqual({ model: 'gpt-y', inputTokens: 400, outputTokens: 345, cacheReadTokens: 800 });
  });

  it('reads a non-streaming JSON body, and reports nothing for a body without usage or garbage', () => {
    const body = Buffer.from(JSON.stringify({ model: 'gpt-z', usage: { prompt_tokens: 10, completion_tokens: 2 } }));
    expect(readInPieces('openai-chat', 'application/json', body, 4)).toEqual({ model: 'gpt-z', inputTokens: 10, outputTokens: 2, cacheReadTokens: 0 });
    expect(readInPieces('openai-chat', 'application/json', Buffer.from('{"error":{}}'), 4)).toBeUndefined();
    expect(readInPieces('anthropic-messages', 'text/event-stream', Buffer.from('data: {"usage": nope\n\n\xff\xfe'), 2)).toBeUndefined();
  });
});
