import { parseMarkers, type RequestFormat, RETRIEVE_TOOL_NAME, retrieveToolFor } from '@headroom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, keepFirstLine, minifyJson, send, startHarness } from './internal/test-kit.js';
import { anthropicMessage } from './testing/index.js';

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

const LOG = `LOG api server\n${Array.from({ length: 60 }, (_, i) => (i === 41 ? 'ERROR disk full on /var (errno 28)' : `INFO request ${i} served`)).join('\n')}`;
const headers = { 'x-api-key': 'k', 'content-type': 'application/json' };
const bytes = (...parts: (string | Buffer)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

/**
 * An Anthropic body written by hand, in pieces: `before` + the tool result's JSON string + `between`
 * + the existing tools + `after`. Whatever a case puts in the pieces must reach the upstream as it came.
 */
function anthropicPieces(odd: { head?: string | Buffer; mid?: string | Buffer; tail?: string | Buffer }) {
  const before = bytes(
    '{"model":"claude-sonnet-4-5",',
    odd.head ?? '',
    '"max_tokens":100,"messages":[{"role":"user","content":"why?"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"cat api.log"}}]},',
    '{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":',
  );
  const between = bytes('}]}],', odd.mid ?? '', '"tools":[{"name":"Bash","input_schema":{"type":"object"}}');
  const after = bytes(']', odd.tail ?? '', '}');
  return { before, between, after };
}

/** What the upstream must receive: the client's bytes, the slot replaced by `slot`, the retrieve tool after the last tool. */
function expectedBytes(pieces: ReturnType<typeof anthropicPieces>, slot: string, format: RequestFormat = 'anthropic-messages') {
  return bytes(pieces.before, JSON.stringify(slot), pieces.between, `,${JSON.stringify(retrieveToolFor(format))}`, pieces.after);
}

const cases: [string, { head?: string | Buffer; mid?: string | Buffer; tail?: string | Buffer }][] = [
  ['invalid UTF-8 in a string outside the slots', { mid: bytes('"metadata":{"user_id":"u-', Buffer.from([0xff, 0xfe, 0xc3]), '"},') }],
  ['integers beyond 2^53', { head: '"metadata":{"user_id":"x","trace":123456789012345678901234567890,"ns":1733212800123456789},' }],
  ['1.0, -0 and 1e400', { mid: '"temperature":1.0,"top_k":-0,"top_p":1e400,', tail: ',"x_float":-0.0e-0' }],
  ['unusual whitespace and key order', { head: ' \t\r\n  "stream"  :\n false  ,\r\n', tail: ' \n\t ' }],
  ['duplicate keys', { head: '"max_tokens":5,"model":"claude-opus-4-1",', mid: '"tools":[],' }],
  ['escapes a re-serializer would rewrite', { mid: '"metadata":{"user_id":"\\u0041\\/\\u00e9\\ud83d\\ude00"},' }],
];

describe('bytes outside the compressed slots reach the upstream exactly as the client sent them', () => {
  it.each(cases)('%s', async (_name, odd) => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    const pieces = anthropicPieces(odd);
    const body = bytes(pieces.before, JSON.stringify(LOG), pieces.between, pieces.after);
    const answer = await send(`${harness.proxy.url}/v1/messages`, { headers, body });
    expect(answer.status).toBe(200);
    const sent = harness.upstream.requests[0]!;
    const slot: string = sent.json().messages[2].content[0].content;
    expect(parseMarkers(slot)).toHaveLength(1);
    expect(sent.body.equals(expectedBytes(pieces, slot))).toBe(true);
    expect(answer.headers['x-headroom-compression-failed']).toBeUndefined();
  });

  it('replaces the last of duplicate slot keys, the one JSON.parse reads', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    const before = '{"model":"m","messages":[{"role":"user","content":"why?"},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"LOG first\\nkept as it came","content":';
    const body = bytes(before, JSON.stringify(LOG), '}]}]}');
    await send(`${harness.proxy.url}/v1/messages`, { headers, body });
    const sent = harness.upstream.requests[0]!;
    const slot: string = sent.json().messages[1].content[0].content;
    expect(slot.startsWith('LOG api server\n<<headroom:')).toBe(true);
    expect(sent.body.equals(bytes(before, JSON.stringify(slot), '}]}],"tools":[', JSON.stringify(retrieveToolFor('anthropic-messages')), ']}'))).toBe(true);
  });

  it('lossless mode (no tool) changes only the slot', async () => {
    harness = await startHarness({ compressors: [minifyJson], mode: 'lossless' });
    const output = JSON.stringify({ rows: Array.from({ length: 30 }, (_, i) => ({ i, ok: true })) }, null, 2);
    const pieces = anthropicPieces({ head: '"metadata":{"n":12345678901234567890},', tail: ',"top_p":1.0' });
    const body = bytes(pieces.before, JSON.stringify(output), pieces.between, pieces.after);
    await send(`${harness.proxy.url}/v1/messages`, { headers, body });
    const sent = harness.upstream.requests[0]!;
    expect(sent.body.equals(bytes(pieces.before, JSON.stringify(JSON.stringify(JSON.parse(output))), pieces.between, pieces.after))).toBe(true);
  });

  it.each([
    ['openai-chat', '/v1/chat/completions'],
    ['openai-responses', '/v1/responses'],
  ] as const)('%s: adds the tools array at the end of the body when the client sent none', async (format, route) => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    const before =
      format === 'openai-chat'
        ? '{"model":"gpt-4o","seed":18446744073709551615,"messages":[{"role":"user","content":"why?"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"Bash","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":'
        : '{"model":"gpt-4o","temperature":1.0,"input":[{"type":"message","role":"user","content":"why?"},{"type":"function_call","call_id":"c1","name":"Bash","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":';
    // The new member goes right after the last one; the whitespace after it stays where it was.
    const space = format === 'openai-chat' ? ' \n' : '\t';
    const body = bytes(before, JSON.stringify(LOG), '}]', space, '}');
    await send(`${harness.proxy.url}${route}`, { headers, body });
    const sent = harness.upstream.requests[0]!;
    const json = sent.json();
    const slot: string = format === 'openai-chat' ? json.messages[2].content : json.input[2].output;
    expect(parseMarkers(slot)).toHaveLength(1);
    expect(sent.body.equals(bytes(before, JSON.stringify(slot), '}]', `,"tools":[${JSON.stringify(retrieveToolFor(format))}]`, space, '}'))).toBe(true);
  });

  it('continues a retrieval round from the bytes it sent: numbers beyond 2^53 survive the continuation too', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    const pieces = anthropicPieces({ head: '"metadata":{"trace":123456789012345678901234567890},' });
    const body = bytes(pieces.before, JSON.stringify(LOG), pieces.between, pieces.after);
    harness.upstream.enqueue(
      (request) => ({ json: anthropicMessage({ text: '', toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: parseMarkers(request.text())[0]!.ref } } }) }),
      { json: anthropicMessage({ text: 'The disk is full.' }) },
    );
    const answer = await send(`${harness.proxy.url}/v1/messages`, { headers, body });
    expect(answer.status).toBe(200);
    const [first, second] = harness.upstream.requests;
    const added = second!.json().messages.slice(3);
    expect(added).toHaveLength(2);
    // The continuation is the first request with the model's turn and the answer appended to `messages`.
    const cut = first!.body.indexOf(pieces.between);
    const expected = bytes(first!.body.subarray(0, cut + 3), ',', JSON.stringify(added[0]), ',', JSON.stringify(added[1]), first!.body.subarray(cut + 3));
    expect(second!.body.toString('utf8')).toBe(expected.toString('utf8'));
    expect(second!.text()).toContain('"trace":123456789012345678901234567890');
  });
});

describe('deeply nested bodies fail open, never a 500', () => {
  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('a 10,000-deep body that carries a marker is forwarded with the retrieve tool', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    // Compress once to get a real marker into the history.
    const pieces = anthropicPieces({});
    await send(`${harness.proxy.url}/v1/messages`, { headers, body: bytes(pieces.before, JSON.stringify(LOG), pieces.between, pieces.after) });
    const slot: string = harness.upstream.requests[0]!.json().messages[2].content[0].content;
    const deepPieces = anthropicPieces({ head: `"metadata":{"deep":${deep(10_000)}},` });
    const body = bytes(deepPieces.before, JSON.stringify(slot), deepPieces.between, deepPieces.after);
    const answer = await send(`${harness.proxy.url}/v1/messages`, { headers, body });
    expect(answer.status).toBe(200);
    expect(harness.upstream.requests[1]!.body.equals(expectedBytes(deepPieces, slot))).toBe(true);
  });

  it('a 10,000-deep body with a new tool result is compressed and forwarded exactly', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    const pieces = anthropicPieces({ tail: `,"metadata":{"deep":${deep(10_000)}}` });
    const answer = await send(`${harness.proxy.url}/v1/messages`, { headers, body: bytes(pieces.before, JSON.stringify(LOG), pieces.between, pieces.after) });
    expect(answer.status).toBe(200);
    const sent = harness.upstream.requests[0]!;
    expect(sent.body.equals(expectedBytes(pieces, sent.json().messages[2].content[0].content))).toBe(true);
  });
});
