import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Compressor, compressed, skipped } from '../compressor.js';
import { isHeadroomError } from '../errors.js';
import { parseMarkers } from '../markers.js';
import { createPipeline } from '../pipeline/create-pipeline.js';
import { createMemoryStore } from '../store/memory-store.js';
import { LOCAL_TENANT } from '../store/tenant.js';
import { createEstimatingTokenizer } from '../tokenizer/tiktoken-tokenizer.js';
import { compressRequest, locateSlots, type RequestFormat } from './compress-request.js';

/** Keeps the first line and offloads the rest: enough to see which slots were touched. */
const firstLine: Compressor = {
  specificationVersion: 'v1',
  name: 'first-line',
  contentTypes: ['text'],
  detect: () => 1,
  compress(input, context) {
    const cut = input.indexOf('\n');
    if (cut < 0 || context.mode === 'lossless') return skipped('one line');
    return compressed(input.slice(0, cut + 1) + context.offload(input.slice(cut + 1), { summary: 'rest omitted' }));
  },
};

const FORMATS: RequestFormat[] = ['anthropic-messages', 'openai-chat', 'openai-responses'];

// Values of any JSON shape, and the shapes each format expects, with every field sometimes wrong.
const slotText = fc.oneof(fc.string({ maxLength: 20 }), fc.constant(`head\n${'row of data\n'.repeat(60)}`), fc.string({ unit: 'binary', maxLength: 200 }).map((s) => `x\n${s}${'y '.repeat(200)}`));
const anyJson = fc.jsonValue({ maxDepth: 3 });
const sometimes = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: anyJson });
const block = fc.record(
  {
    type: sometimes(fc.constantFrom('text', 'tool_result', 'tool_use', 'document', 'input_text', 'output_text', 'function_call_output', 'function_call', 'message')),
    text: sometimes(slotText),
    content: sometimes(fc.oneof(slotText, fc.array(fc.record({ type: fc.constantFrom('text', 'input_text'), text: sometimes(slotText) }), { maxLength: 3 }))),
    tool_use_id: sometimes(fc.constantFrom('t1', 't2')),
    id: sometimes(fc.constantFrom('t1', 't2')),
    call_id: sometimes(fc.constantFrom('t1', 't2')),
    name: sometimes(fc.constantFrom('Bash', 'Read', 'shell')),
    input: sometimes(fc.record({ command: fc.string({ maxLength: 10 }) })),
    output: sometimes(fc.oneof(slotText, fc.array(fc.record({ type: fc.constantFrom('input_text', 'output_text'), text: sometimes(slotText) }), { maxLength: 2 }))),
    source: sometimes(fc.record({ type: fc.constantFrom('text', 'content'), data: sometimes(slotText) })),
    role: sometimes(fc.constantFrom('user', 'assistant', 'tool', 'function', 'system')),
    tool_call_id: sometimes(fc.constantFrom('t1', 't2')),
  },
  { requiredKeys: [] },
);
// Well-formed slots of each format, so generated bodies reach the compressor, not only the locator.
const wellFormed = fc.oneof(
  fc.record({ role: fc.constant('user'), content: fc.array(fc.record({ type: fc.constant('tool_result'), tool_use_id: fc.constantFrom('t1', 't2'), content: slotText }), { minLength: 1, maxLength: 2 }) }),
  fc.record({ role: fc.constant('tool'), tool_call_id: fc.constantFrom('t1', 't2'), content: slotText }),
  fc.record({ type: fc.constant('function_call_output'), call_id: fc.constantFrom('t1', 't2'), output: slotText }),
);
const message = fc.oneof(
  { weight: 4, arbitrary: wellFormed },
  { weight: 5, arbitrary: fc.record({ role: sometimes(fc.constantFrom('user', 'assistant', 'tool', 'function')), content: sometimes(fc.oneof(slotText, fc.array(fc.oneof(block, anyJson), { maxLength: 4 }))), tool_call_id: sometimes(fc.constantFrom('t1', 't2')), tool_calls: sometimes(fc.array(fc.record({ id: fc.constantFrom('t1', 't2'), function: fc.record({ name: fc.string({ maxLength: 5 }), arguments: fc.string({ maxLength: 20 }) }) }), { maxLength: 2 })) }, { requiredKeys: [] }) },
  { weight: 3, arbitrary: block },
  { weight: 1, arbitrary: anyJson },
);
const body = fc.record(
  { model: sometimes(fc.constant('m')), system: anyJson, tools: anyJson, messages: sometimes(fc.array(message, { maxLength: 6 })), input: sometimes(fc.oneof({ weight: 1, arbitrary: slotText }, { weight: 3, arbitrary: fc.array(message, { maxLength: 6 }) })), metadata: anyJson },
  { requiredKeys: [] },
);

/** The body with every compressed slot's value replaced by a placeholder, so the rest can be compared. */
function withoutSlots(value: unknown, pointers: readonly string[]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const pointer of pointers) {
    const keys = pointer.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node = copy as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[keys.at(-1)!] = '<slot>';
  }
  return copy;
}

// A loaded machine must not turn a compression into a timeout: the determinism check below would
// then compare a fail-open result with a compressed one.
const UNHURRIED = { timeoutMs: 600_000 } as const;

const at = (root: unknown, pointer: string) => pointer.slice(1).split('/').reduce((node, key) => (node as Record<string, unknown>)[key], root);

describe.each(FORMATS)('compressRequest(%s) on generated bodies', (format) => {
  it('never throws on an object body, changes only slots, never mutates the input, and every marker redeems', async () => {
    let compressedSlots = 0;
    await fc.assert(
      fc.asyncProperty(body, async (input) => {
        const store = createMemoryStore();
        const pipeline = createPipeline({ compressors: [firstLine], store, tokenizer: createEstimatingTokenizer(), policy: UNHURRIED });
        const frozen = JSON.stringify(input);
        const result = await compressRequest(pipeline, input, format);
        expect(JSON.stringify(input)).toBe(frozen);
        const touched = result.slots.filter((s) => s.status === 'compressed' || s.status === 'memo').map((s) => s.pointer);
        expect(withoutSlots(result.body, touched)).toEqual(withoutSlots(input, touched));
        expect(result.changed).toBe(touched.length > 0);
        compressedSlots += touched.length;
        expect(result.tokensAfter).toBeLessThanOrEqual(result.tokensBefore);
        for (const pointer of touched) {
          const text = at(result.body, pointer) as string;
          const original = at(input, pointer) as string;
          let restored = text;
          for (const marker of parseMarkers(text)) restored = restored.replace(marker.text, (await store.originals.get(LOCAL_TENANT, marker.ref))!.original);
          expect(restored).toBe(original);
        }
        expect(await compressRequest(createPipeline({ compressors: [firstLine], store: createMemoryStore(), tokenizer: createEstimatingTokenizer(), policy: UNHURRIED }), input, format)).toEqual(result);
      }),
      { numRuns: 150 },
    );
    // The generator reaches real slots: the checks above ran on compressed ones. (Over 60 seeds the
    // fewest compressed slots in a run was 7, for openai-responses; more than 2 leaves room for
    // chance while still failing when the generator stops reaching slots.)
    expect(compressedSlots).toBeGreaterThan(2);
  });

  it('rejects a body that is not an object with a clear invalid_request error, and nothing else', async () => {
    const pipeline = createPipeline({ compressors: [firstLine], store: createMemoryStore(), tokenizer: createEstimatingTokenizer(), policy: UNHURRIED });
    await fc.assert(
      fc.asyncProperty(
        anyJson.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
        async (value) => {
          const error = await compressRequest(pipeline, value, format).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(isHeadroomError(error) && error.code === 'invalid_request').toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('passes a 10,000-deep value outside the slots through untouched, and locates slots beside it', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = i % 2 ? { a: deep } : [deep];
    const text = `head\n${'row of data\n'.repeat(60)}`;
    const messages =
      format === 'openai-responses'
        ? { input: [{ type: 'function_call', call_id: 'c', name: 'x', arguments: '{}' }, { type: 'function_call_output', call_id: 'c', output: text }, deep] }
        : format === 'openai-chat'
          ? { messages: [{ role: 'tool', tool_call_id: 'c', content: text }, deep] }
          : { messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c', content: text }] }, deep] };
    const input = { model: 'm', metadata: deep, ...messages } as Record<string, unknown>;
    expect(locateSlots(input, format).slots).toHaveLength(1);
    const pipeline = createPipeline({ compressors: [firstLine], store: createMemoryStore(), tokenizer: createEstimatingTokenizer(), policy: UNHURRIED });
    const result = await compressRequest(pipeline, input, format);
    expect(result.slots[0]?.status).toBe('compressed');
    expect((result.body as Record<string, unknown>).metadata).toBe(deep);
  });

  it('handles a body with 20,000 messages and a 5 MB slot', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => (format === 'openai-responses' ? { type: 'message', role: i % 2 ? 'assistant' : 'user', content: `m${i}` } : { role: i % 2 ? 'assistant' : 'user', content: `m${i}` }));
    const huge = `head\n${'0123456789'.repeat(500_000)}`;
    const slot = format === 'openai-responses' ? { type: 'function_call_output', call_id: 'c', output: huge } : format === 'openai-chat' ? { role: 'tool', tool_call_id: 'c', content: huge } : { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c', content: huge }] };
    const input = format === 'openai-responses' ? { input: [slot, ...many] } : { messages: [slot, ...many] };
    const pipeline = createPipeline({ compressors: [firstLine], store: createMemoryStore(), tokenizer: createEstimatingTokenizer(), policy: UNHURRIED });
    const result = await compressRequest(pipeline, input, format);
    expect(result.slots.find((s) => s.status === 'compressed')).toBeDefined();
  });
});
