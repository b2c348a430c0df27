import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { retrieveToolFor } from '@headroom/core';
import { bigJson, explodes, foldLines, type Harness, minifyJson, send, slowCompressor, startHarness, withoutRetrieveTool } from './internal/test-kit.js';

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

const anthropicHeaders = { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };

function toolTurn(output: string, extra: object = {}) {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 100,
    system: [{ type: 'text', text: `You are terse.\n${bigJson(99)}` }],
    tools: [{ name: 'get_data', description: bigJson(98), input_schema: { type: 'object', properties: {} } }],
    messages: [
      { role: 'user', content: 'fetch the data' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_data', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: output }] },
    ],
    ...extra,
  };
}

describe('compression', () => {
  it('compresses new tool results in place and never touches system or the client tools (the retrieve tool comes after them)', async () => {
    harness = await startHarness();
    const body = toolTurn(bigJson(1));
    const answer = await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: JSON.stringify(body) });
    expect(answer.status).toBe(200);
    const sent = harness.upstream.requests[0]!.json();
    expect(sent.messages[2].content[0].content).toBe(JSON.stringify(JSON.parse(bigJson(1))));
    expect(sent.system).toEqual(body.system);
    expect(JSON.stringify(sent.tools)).toBe(JSON.stringify([...body.tools, retrieveToolFor('anthropic-messages')]));
    expect({ ...sent, messages: undefined }).toEqual({ ...body, tools: sent.tools, messages: undefined });
    const before = Number(answer.headers['x-headroom-tokens-before']);
    const after = Number(answer.headers['x-headroom-tokens-after']);
    expect(after).toBeLessThan(before);
    expect(Number(harness.upstream.requests[0]!.headers['content-length'])).toBe(harness.upstream.requests[0]!.body.length);
  });

  it('forwards every field outside the compressed slots as it came (thinking, images, cache_control, reasoning)', async () => {
    harness = await startHarness();
    const body = {
      model: 'claude-opus-4-1',
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      metadata: { user_id: 'u-1' },
      system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm  \u00e9 ☕', signature: 'EqQBCkYIBxgCKkD+/=' },
            { type: 'redacted_thinking', data: 'EmwKAhgBEgy3' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_data', input: { q: 'x', n: 1.5, deep: { a: [1, null, true] } } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', is_error: false, cache_control: { type: 'ephemeral' }, content: [{ type: 'text', text: bigJson(7) }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }] },
          ],
        },
      ],
    };
    await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: JSON.stringify(body) });
    const sent = harness.upstream.requests[0]!.json();
    expect(sent.messages[2].content[0].content[0].text).toBe(JSON.stringify(JSON.parse(bigJson(7))));
    sent.messages[2].content[0].content[0].text = bigJson(7);
    expect(sent).toEqual(body);

    const responses = {
      model: 'gpt-5',
      reasoning: { effort: 'high' },
      include: ['reasoning.encrypted_content'],
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'go' }] },
        { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAAB==' },
        { type: 'function_call', id: 'fc_1', call_id: 'c1', name: 'data', arguments: '{"a": 1}' },
        { type: 'function_call_output', call_id: 'c1', output: bigJson(8) },
      ],
    };
    await send(`${harness.proxy.url}/v1/responses`, { headers: { authorization: 'Bearer x' }, body: JSON.stringify(responses) });
    const sentResponses = harness.upstream.requests[1]!.json();
    expect(sentResponses.input[3].output).toBe(JSON.stringify(JSON.parse(bigJson(8))));
    sentResponses.input[3].output = bigJson(8);
    expect(sentResponses).toEqual(responses);
  });

  it('fails open when a compressor throws: the original bytes go upstream (with the retrieve tool every turn of this conversation has)', async () => {
    harness = await startHarness({ compressors: [explodes, minifyJson] });
    const raw = JSON.stringify(toolTurn(`EXPLODE\n${'log line\n'.repeat(200)}`), null, 1);
    const answer = await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: raw });
    expect(answer.status).toBe(200);
    expect(withoutRetrieveTool(harness.upstream.requests[0]!.text())).toBe(raw);
  });

  it('forwards the original when compression runs out of time, and keeps that content uncompressed later', async () => {
    harness = await startHarness({ compressors: [slowCompressor(300)], compressionTimeoutMs: 50 });
    const raw = JSON.stringify(toolTurn(`SLOW ${bigJson(2)}`));
    const first = await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: raw });
    expect(first.status).toBe(200);
    expect(first.headers['x-headroom-compression-failed']).toBe('timeout');
    expect(withoutRetrieveTool(harness.upstream.requests[0]!.text())).toBe(raw);
    // Let the abandoned compression finish and memoize its result...
    await new Promise((resolve) => setTimeout(resolve, 400));
    // ...the content already went out raw once, so it must stay raw (the provider may have cached it).
    await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: raw });
    expect(withoutRetrieveTool(harness.upstream.requests[1]!.text())).toBe(raw);
  });

  it('on a timeout, still sends resent history compressed and only the pending slot raw, then keeps it so', async () => {
    harness = await startHarness({ compressors: [slowCompressor(600), minifyJson], compressionTimeoutMs: 150, policy: { timeoutMs: 5000 } });
    const resent = bigJson(10);
    const slow = `SLOW ${bigJson(11)}`;
    const turn = (outputs: string[]) => {
      const messages: unknown[] = [{ role: 'user', content: 'go' }];
      outputs.forEach((output, i) => {
        messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `t${i}`, name: 'get', input: {} }] });
        messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: output }] });
      });
      return JSON.stringify({ model: 'm', max_tokens: 10, messages });
    };
    await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: turn([resent]) });
    const second = await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: turn([resent, slow]) });
    expect(second.headers['x-headroom-compression-failed']).toBe('timeout');
    const [first, sent] = harness.upstream.requests.map((r) => r.json().messages);
    expect(sent[2]).toEqual(first[2]);
    expect(sent[2].content[0].content).toBe(JSON.stringify(JSON.parse(resent)));
    expect(sent[4].content[0].content).toBe(slow);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: turn([resent, slow]) });
    expect(harness.upstream.requests[2]!.text()).toBe(harness.upstream.requests[1]!.text());
  });

  it('x-headroom-mode: off forwards the original bytes; an unknown mode is refused', async () => {
    harness = await startHarness();
    const raw = JSON.stringify(toolTurn(bigJson(3)));
    await send(`${harness.proxy.url}/v1/messages`, { headers: { ...anthropicHeaders, 'x-headroom-mode': 'off' }, body: raw });
    expect(harness.upstream.requests[0]!.text()).toBe(raw);
    expect(harness.upstream.requests[0]!.headers['x-headroom-mode']).toBeUndefined();
    const unknown = await send(`${harness.proxy.url}/v1/messages`, { headers: { ...anthropicHeaders, 'x-headroom-mode': 'aggressive' }, body: raw });
    expect(unknown.status).toBe(400);
    expect(harness.upstream.requests).toHaveLength(1);
  });

  it("mode: 'off' forwards untouched unless a request asks for lossless", async () => {
    harness = await startHarness({ mode: 'off' });
    const raw = JSON.stringify(toolTurn(bigJson(6)));
    await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: raw });
    expect(harness.upstream.requests[0]!.text()).toBe(raw);
    await send(`${harness.proxy.url}/v1/messages`, { headers: { ...anthropicHeaders, 'x-headroom-mode': 'lossless' }, body: raw });
    expect(harness.upstream.requests[1]!.body.length).toBeLessThan(Buffer.byteLength(raw));
    // Lossless has no marker to redeem: no retrieve tool, although the body declares tools.
    expect(harness.upstream.requests[1]!.json().tools).toEqual(JSON.parse(raw).tools);
  });

  it('compresses OpenAI chat tool messages and Responses function outputs', async () => {
    harness = await startHarness({ compressors: [minifyJson, foldLines] });
    const logs = 'GET /health 200\n'.repeat(50) + 'ERROR db down\n';
    await send(`${harness.proxy.url}/v1/chat/completions`, {
      headers: { authorization: 'Bearer x' },
      body: JSON.stringify({
        model: 'gpt-4o',
        messages: [
          { role: 'user', content: 'check' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'logs', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c1', content: logs },
        ],
      }),
    });
    expect(harness.upstream.requests[0]!.json().messages[2].content).toBe('GET /health 200 (x50)\nERROR db down\n');
    await send(`${harness.proxy.url}/v1/responses`, {
      headers: { authorization: 'Bearer x' },
      body: JSON.stringify({
        model: 'gpt-4o',
        input: [
          { role: 'user', content: 'check' },
          { type: 'function_call', call_id: 'c1', name: 'data', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c1', output: bigJson(4) },
        ],
      }),
    });
    expect(harness.upstream.requests[1]!.json().input[2].output).toBe(JSON.stringify(JSON.parse(bigJson(4))));
  });

  it('compresses a body with numbers JSON.parse cannot represent, keeping their text (no re-serializing)', async () => {
    harness = await startHarness();
    const withIds = JSON.stringify({ ids: Array.from({ length: 40 }, (_, i) => `1234567890123456${i}`) }, null, 2);
    const unsafe = JSON.stringify(toolTurn(bigJson(5))).replace('"input":{}', '"input":{"id":12345678901234567891}');
    await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: unsafe });
    const compressed = JSON.stringify(JSON.parse(bigJson(5)));
    expect(withoutRetrieveTool(harness.upstream.requests[0]!.text())).toBe(unsafe.replace(JSON.stringify(bigJson(5)), JSON.stringify(compressed)));
    await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: JSON.stringify(toolTurn(withIds)) });
    expect(harness.upstream.requests[1]!.json().messages[2].content[0].content).toBe(JSON.stringify(JSON.parse(withIds)));
  });

  it('compresses a body that nests deeper than JSON.stringify can write, splicing into its bytes', async () => {
    harness = await startHarness();
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const raw = JSON.stringify(toolTurn(bigJson(9))).replace('"max_tokens":100', `"max_tokens":100,"metadata":{"deep":${deep}}`);
    const answer = await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: raw });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-headroom-compression-failed']).toBeUndefined();
    expect(withoutRetrieveTool(harness.upstream.requests[0]!.text())).toBe(raw.replace(JSON.stringify(bigJson(9)), JSON.stringify(JSON.stringify(JSON.parse(bigJson(9))))));
  });

  it('answers malformed JSON and non-object bodies with 400 in the provider shape', async () => {
    harness = await startHarness();
    const anthropic = await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: '{"model": ' });
    expect(anthropic.status).toBe(400);
    expect(anthropic.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    const openai = await send(`${harness.proxy.url}/v1/chat/completions`, { body: '[1,2]' });
    expect(openai.status).toBe(400);
    expect(openai.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'headroom_bad_request' } });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('answers 413 past the body limit, declared or streamed', async () => {
    harness = await startHarness({ maxBodyBytes: 1000 });
    const big = JSON.stringify(toolTurn('x'.repeat(2000)));
    const declared = await send(`${harness.proxy.url}/v1/messages`, { headers: anthropicHeaders, body: big });
    expect(declared.status).toBe(413);
    expect(declared.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });

    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${harness.proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write('y'.repeat(400));
      req.end();
    });
    expect(chunked).toBe(413);

    const passthrough = await send(`${harness.proxy.url}/v1/files`, { body: 'z'.repeat(5000) });
    expect(passthrough.status).toBe(413);
    expect(harness.upstream.requests).toHaveLength(0);
  });
});
