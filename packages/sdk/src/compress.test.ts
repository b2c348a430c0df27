import { createMemoryStore, type HeadroomStore, LOCAL_TENANT, parseMarkers } from '@headroom/core';
import { describe, expect, it } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: tests read fields of provider messages freely.
type Loose = any;
import { compress, detectFormat } from './compress.js';
import type { HeadroomEvent } from './headroom-options.js';
import { retrieveTool } from './retrieve-tool.js';
import { conversation, DPKG, QUESTION } from './testing/conversation.js';

/** Visible text with every marker replaced by its original: must give the input back exactly. */
async function restore(text: string, store: HeadroomStore): Promise<string> {
  let out = text;
  for (const marker of parseMarkers(text)) out = out.replace(marker.text, (await store.originals.get(LOCAL_TENANT, marker.ref))!.original);
  return out;
}

const aiSdk = (output: unknown) => [
  { role: 'user', content: [{ type: 'text', text: QUESTION }] },
  { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'Bash', input: { command: 'dpkg -l' } }] },
  { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'Bash', output }] },
];

describe('compress', () => {
  it.each([
    ['anthropic-messages', conversation('anthropic'), (m: Loose) => m[2].content[0].content],
    ['openai-chat', conversation('chat'), (m: Loose) => m[2].content],
    ['openai-responses', conversation('responses'), (m: Loose) => m[2].output],
    ['ai-sdk', aiSdk({ type: 'text', value: DPKG }), (m: Loose) => m[2].content[0].output.value],
  ] as const)('%s: detects the format, compresses the tool output in place, leaves the rest and the input alone', async (format, messages, slot) => {
    const store = createMemoryStore();
    const frozen = JSON.stringify(messages);
    expect(detectFormat(messages)).toBe(format);
    const result = await compress(messages, { store });
    expect(JSON.stringify(messages)).toBe(frozen);
    const text = slot(result.messages) as string;
    expect(text.length).toBeLessThan(DPKG.length / 3);
    expect(await restore(text, store)).toBe(DPKG);
    expect(result.markers.length).toBe(parseMarkers(text).length);
    expect(result.markers[0]?.toolName).toBe('Bash');
    expect(result.tokensAfter).toBeLessThan(result.tokensBefore);
    // Everything but the slot is the same value; the first two messages are the same objects.
    expect(result.messages[0]).toBe(messages[0]);
    expect(result.messages[1]).toBe(messages[1]);
    // The same content compresses to the same bytes on the next turn (memo; cache-safe).
    expect(slot((await compress(messages, { store })).messages)).toBe(text);
  });

  it('gemini-generate (named, not detected): compresses a function response in its contents', async () => {
    const store = createMemoryStore();
    const contents = [
      { role: 'user', parts: [{ text: QUESTION }] },
      { role: 'model', parts: [{ functionCall: { name: 'run_shell_command', args: { command: 'dpkg -l' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'run_shell_command', response: { output: DPKG } } }] },
    ];
    const result = await compress(contents, { store, format: 'gemini-generate' });
    const text = (result.messages as Loose)[2].parts[0].functionResponse.response.output as string;
    expect(text.length).toBeLessThan(DPKG.length / 3);
    expect(await restore(text, store)).toBe(DPKG);
  });

  it('ai-sdk: a json output is compressed as its JSON text and becomes a text output', async () => {
    const store = createMemoryStore();
    const rows = DPKG.split('\n').slice(5, 800).map((line) => {
      const [status, name, version, arch, ...description] = line.split(/\s+/);
      return { status, name, version, arch, description: description.join(' ') };
    });
    const result = await compress(aiSdk({ type: 'json', value: rows }), { store });
    const output = (result.messages[2] as Loose).content[0].output;
    expect(output.type).toBe('text');
    // Re-encoded by the JSON compressor (a table of rows) and smaller; each marker redeems.
    expect(output.value.length).toBeLessThan(JSON.stringify(rows).length);
    for (const marker of parseMarkers(output.value)) expect(await store.originals.get(LOCAL_TENANT, marker.ref)).toBeDefined();
  });

  it('fails open: a store that throws gives the messages back as they were, and onEvent says so', async () => {
    const store = createMemoryStore();
    store.originals.put = async () => {
      throw new Error('disk full');
    };
    const events: HeadroomEvent[] = [];
    const messages = conversation('chat');
    const result = await compress(messages, { store, onEvent: (e) => events.push(e) });
    expect(result.messages[2]).toEqual(messages[2]);
    expect(events.some((e) => e.type === 'failed')).toBe(true);
  });
});

describe('retrieveTool', () => {
  it('gives the tool in each provider shape and answers a ref from the store byte-exact, a miss in words', async () => {
    const store = createMemoryStore();
    const { markers } = await compress(conversation('anthropic'), { store });
    const tool = retrieveTool({ store });
    expect(tool.definitions.anthropic).toMatchObject({ name: 'headroom_retrieve', input_schema: { required: ['hash'] } });
    expect(tool.definitions.openaiChat).toMatchObject({ type: 'function', function: { name: 'headroom_retrieve' } });
    const ref = markers[0]!.ref;
    const original = (await store.originals.get(LOCAL_TENANT, ref))!.original;
    expect(await tool.execute({ hash: ref })).toBe(original);
    expect(await tool.execute(JSON.stringify({ hash: ref }))).toBe(original);
    expect(await tool.execute({ hash: 'nonsense' })).toMatch(/not a Headroom ref/);
    expect(await tool.execute({ hash: '0123456789abcdef01234567' })).toMatch(/no longer stored/);
  });
});
