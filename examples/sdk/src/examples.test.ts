import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMarkers, RETRIEVE_TOOL_NAME } from '@headroom/core';
import { anthropicStream, openaiChatCompletion, type RecordedRequest, type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The examples use the default store: SQLite under HEADROOM_HOME, here a fresh folder.
const home = mkdtempSync(join(tmpdir(), 'headroom-sdk-example-'));
process.env.HEADROOM_HOME = home;
process.env.OPENAI_API_KEY = 'sk-test';
process.env.ANTHROPIC_API_KEY = 'sk-ant-test';

const DPKG = execFileSync('dpkg', ['-l'], { encoding: 'utf8', maxBuffer: 8 * 1024 * 1024 }).slice(0, 200_000);
const QUESTION = 'Which python3 packages are installed?';
const chat = [
  { role: 'user' as const, content: QUESTION },
  { role: 'assistant' as const, content: null, tool_calls: [{ id: 'c1', type: 'function' as const, function: { name: 'Bash', arguments: '{"command":"dpkg -l"}' } }] },
  { role: 'tool' as const, tool_call_id: 'c1', content: DPKG },
];
const firstMarker = (request: RecordedRequest) => parseMarkers(request.text())[0]?.ref ?? 'none';
const lastToolText = (request: RecordedRequest) => JSON.stringify(request.json().messages.at(-1));

let upstream: ScriptedUpstream;
beforeAll(async () => {
  upstream = await startScriptedUpstream();
});
afterAll(() => upstream.close());

describe('examples/sdk', () => {
  it('type-checks with tsc, and every example is 15 lines or fewer', () => {
    execFileSync(process.execPath, [join(import.meta.dirname, '../node_modules/typescript/bin/tsc'), '-p', join(import.meta.dirname, '../tsconfig.json'), '--noEmit'], { stdio: 'pipe' });
    for (const file of ['openai-chat.ts', 'anthropic-stream.ts', 'ai-sdk.ts', 'compress-messages.ts']) {
      expect(readFileSync(join(import.meta.dirname, file), 'utf8').trimEnd().split('\n').length, file).toBeLessThanOrEqual(15);
    }
  });

  it('openai-chat: the tool output goes up compressed, a retrieval round is answered in-process', async () => {
    const { answer } = await import('./openai-chat.js');
    const before = upstream.requests.length;
    upstream.enqueue((r) => ({ json: openaiChatCompletion({ text: '', toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: firstMarker(r) } } }) }));
    upstream.enqueue({ json: openaiChatCompletion({ text: 'python3 3.11 is installed.' }) });
    expect(await answer(chat, `${upstream.url}/v1`)).toBe('python3 3.11 is installed.');
    const [first, second] = upstream.requests.slice(before);
    expect(first!.json().messages[2].content.length).toBeLessThan(DPKG.length / 3);
    expect(DPKG).toContain(second!.json().messages.at(-1).content);
    expect(existsSync(join(home, 'headroom.db'))).toBe(true);
  });

  it('anthropic-stream: text streams through a retrieval round', async () => {
    const { stream } = await import('./anthropic-stream.js');
    const before = upstream.requests.length;
    upstream.enqueue((r) => ({ sse: anthropicStream({ text: ['Checking. '], toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: firstMarker(r) } } }) }));
    upstream.enqueue({ sse: anthropicStream({ text: ['Found it.'] }) });
    const messages = [
      { role: 'user' as const, content: QUESTION },
      { role: 'assistant' as const, content: [{ type: 'tool_use' as const, id: 't1', name: 'Bash', input: { command: 'dpkg -l' } }] },
      { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: 't1', content: DPKG }] },
    ];
    let text = '';
    const content = await stream(messages, (t) => (text += t), upstream.url);
    expect(text).toBe('Checking. Found it.');
    expect(content.every((b) => b.type !== 'tool_use')).toBe(true);
    expect(lastToolText(upstream.requests.at(-1)!)).toContain('tool_result');
    expect(upstream.requests.length - before).toBe(2);
  });

  it('ai-sdk: generateText through the middleware', async () => {
    const { answer } = await import('./ai-sdk.js');
    const before = upstream.requests.length;
    upstream.enqueue((r) => ({ json: openaiChatCompletion({ text: '', toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: firstMarker(r) } } }) }));
    upstream.enqueue({ json: openaiChatCompletion({ text: 'Done.' }) });
    const messages = [
      { role: 'user' as const, content: QUESTION },
      { role: 'assistant' as const, content: [{ type: 'tool-call' as const, toolCallId: 'c1', toolName: 'Bash', input: { command: 'dpkg -l' } }] },
      { role: 'tool' as const, content: [{ type: 'tool-result' as const, toolCallId: 'c1', toolName: 'Bash', output: { type: 'text' as const, value: DPKG } }] },
    ];
    expect(await answer(messages, `${upstream.url}/v1`)).toBe('Done.');
    expect(upstream.requests.length - before).toBe(2);
    expect(DPKG).toContain(upstream.requests.at(-1)!.json().messages.at(-1).content);
  });

  it('compress-messages: fewer tokens, markers, and the input left alone', async () => {
    const { smaller } = await import('./compress-messages.js');
    const out = await smaller(chat);
    expect((out[2] as { content: string }).content.length).toBeLessThan(DPKG.length / 3);
    expect(chat[2]!.content).toBe(DPKG);
  });
});
