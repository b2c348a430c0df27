import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Compressor, compressed, skipped } from '../compressor.js';
import { parseMarkers } from '../markers.js';
import { createPipeline } from '../pipeline/create-pipeline.js';
import { createMemoryStore } from '../store/memory-store.js';
import { LOCAL_TENANT } from '../store/tenant.js';
import { createEstimatingTokenizer } from '../tokenizer/tiktoken-tokenizer.js';
import { compressRequest, locateSlots, type RequestFormat } from './compress-request.js';

/** Keeps two lines and offloads the rest: enough to see which slots were touched, and how. */
const headTail: Compressor = {
  specificationVersion: 'v1',
  name: 'head',
  contentTypes: ['text'],
  detect: () => 1,
  compress(input, context) {
    const lines = input.split('\n');
    if (lines.length < 3) return skipped('short');
    if (context.mode === 'lossless') return skipped('lossless');
    return compressed(`${lines.slice(0, 2).join('\n')}\n${context.offload(lines.slice(2).join('\n'), { summary: `${lines.length - 2} lines omitted` })}`);
  },
};

const fixture = (name: string, file: string) => new URL(`./__fixtures__/${name}/${file}`, import.meta.url);
const read = (name: string, file: string) => JSON.parse(readFileSync(fixture(name, file), 'utf8'));

/** Deletes the value at each path, so two bodies can be compared everywhere else. */
function without(body: unknown, pointers: readonly string[]): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  for (const pointer of pointers) {
    const keys = pointer.slice(1).split('/');
    let node: Record<string, unknown> = copy;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[keys.at(-1)!] = '<slot>';
  }
  return copy;
}

const cases: [RequestFormat, string][] = [
  ['anthropic-messages', 'anthropic-messages'],
  ['openai-chat', 'openai-chat'],
  ['openai-responses', 'openai-responses'],
];

describe.each(cases)('compressRequest(%s)', (format, name) => {
  const run = async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [headTail], store, tokenizer: createEstimatingTokenizer() });
    const input = read(name, 'input.json');
    const frozen = JSON.stringify(input);
    const result = await compressRequest(pipeline, input, format);
    return { input, frozen, result, store };
  };

  it('matches the golden output', async () => {
    const { result } = await run();
    const expectedFile = fixture(name, 'expected.json');
    const actual = { body: result.body, slots: result.slots };
    if (process.env.UPDATE_GOLDEN) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
  });

  it('leaves every field that is not a compressed slot exactly as it came', async () => {
    const { input, frozen, result } = await run();
    const touched = result.slots.filter((s) => s.status === 'compressed').map((s) => s.pointer);
    expect(touched.length).toBeGreaterThan(0);
    expect(without(result.body, touched)).toEqual(without(input, touched));
    expect(JSON.stringify(input)).toBe(frozen);
  });

  it('makes every marker redeemable, byte-exact', async () => {
    const { input, result, store } = await run();
    for (const slot of result.slots.filter((s) => s.status === 'compressed')) {
      const keys = slot.pointer.slice(1).split('/');
      const get = (body: unknown) => keys.reduce((node, key) => (node as Record<string, unknown>)[key], body) as string;
      const text = get(result.body);
      const [marker] = parseMarkers(text);
      const restored = text.replace(marker!.text, (await store.originals.get(LOCAL_TENANT, marker!.ref))!.original);
      expect(restored).toBe(get(input));
    }
  });

  it('never compresses the last message the user typed', async () => {
    const { result } = await run();
    const last = result.slots.filter((s) => s.kind === 'user_text').at(-1);
    expect(last?.status).toBe('ineligible');
  });
});

describe('slot location', () => {
  it('names the tool and file behind Anthropic tool results, across parallel calls', () => {
    const { slots, query } = locateSlots(read('anthropic-messages', 'input.json'), 'anthropic-messages');
    const tools = slots.filter((s) => s.kind === 'tool_result');
    expect(tools.map((s) => [s.toolName, s.toolCallId, s.hints?.filePath, s.hints?.command])).toEqual([
      ['Bash', 'toolu_01', undefined, 'cat /var/log/api.log'],
      ['Read', 'toolu_02', '/repo/src/config.ts', undefined],
    ]);
    expect(slots.some((s) => s.kind === 'document')).toBe(true);
    expect(query).toBe('And this worker log: what do you make of it?');
  });

  it('names the function behind OpenAI Chat tool messages', () => {
    const { slots } = locateSlots(read('openai-chat', 'input.json'), 'openai-chat');
    expect(slots.filter((s) => s.kind === 'tool_result').map((s) => [s.toolName, s.hints?.filePath, s.hints?.command])).toEqual([
      ['run', undefined, 'npm run build'],
      ['read_file', 'package.json', undefined],
    ]);
  });

  it('names the function behind Responses outputs, custom tools included', () => {
    const { slots } = locateSlots(read('openai-responses', 'input.json'), 'openai-responses');
    expect(slots.filter((s) => s.kind === 'tool_result').map((s) => [s.toolName, s.hints?.command])).toEqual([
      ['shell', 'cat api.log'],
      ['shell', 'cat routes.json'],
      ['apply_patch', undefined],
    ]);
  });

  it('treats a plain string Responses input as the user query with no slots', () => {
    expect(locateSlots({ model: 'gpt-5', input: 'hello' }, 'openai-responses')).toEqual({ slots: [], lastUserMessageIndex: -1, query: 'hello' });
  });

  it('rejects a body that is not an object and an unknown format', () => {
    expect(() => locateSlots([], 'openai-chat')).toThrow(/must be a JSON object/);
    expect(() => locateSlots({}, 'gemini' as RequestFormat)).toThrow(/unknown request format/);
  });
});

describe('slot policy', () => {
  it('excludes tools by name, case-insensitively', async () => {
    const pipeline = createPipeline({ compressors: [headTail], store: createMemoryStore(), tokenizer: createEstimatingTokenizer() });
    const result = await compressRequest(pipeline, read('anthropic-messages', 'input.json'), 'anthropic-messages', { slots: { excludeTools: ['bash'] } });
    expect(result.slots.find((s) => s.toolName === 'Bash')).toMatchObject({ status: 'ineligible', reason: 'tool "Bash" is excluded' });
  });

  it('leaves the body identical when nothing is eligible', async () => {
    const pipeline = createPipeline({ compressors: [headTail], store: createMemoryStore(), tokenizer: createEstimatingTokenizer() });
    const input = read('openai-chat', 'input.json');
    const result = await compressRequest(pipeline, input, 'openai-chat', { slots: { toolResults: false } });
    expect(result.changed).toBe(false);
    expect(result.body).toBe(input);
  });

  it('compresses in lossless mode only what is lossless', async () => {
    const pipeline = createPipeline({ compressors: [headTail], store: createMemoryStore(), tokenizer: createEstimatingTokenizer() });
    const result = await compressRequest(pipeline, read('openai-chat', 'input.json'), 'openai-chat', { mode: 'lossless' });
    expect(result.changed).toBe(false);
  });
});
