import { type Content, GoogleGenAI } from '@google/genai';
import { parseMarkers, RETRIEVE_TOOL_NAME, type RequestEvent, tenantOf } from '@headroom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, keepFirstLine, send, startHarness } from './internal/test-kit.js';
import { geminiResponse, geminiStream, type RecordedRequest, type ReplyOptions, type ScriptedEvent } from './testing/index.js';

// The Gemini API through the proxy, driven by Google's own client (@google/genai 2.32, the last
// release for Node 20): functionResponse parts compressed in place, retrieval in the loop, usage
// read, errors in Google's shape.

const LOG = `LOG api server\n${Array.from({ length: 60 }, (_, i) => (i === 41 ? 'ERROR disk full on /var (errno 28)' : `INFO request ${i} served`)).join('\n')}`;
const OMITTED = LOG.slice(LOG.indexOf('\n') + 1);
const MODEL = 'gemini-2.5-flash';

const contents: Content[] = [
  { role: 'user', parts: [{ text: 'Why did the deploy fail?' }] },
  { role: 'model', parts: [{ functionCall: { name: 'run_shell_command', args: { command: 'cat api.log' } } }] },
  { role: 'user', parts: [{ functionResponse: { name: 'run_shell_command', response: { output: LOG } } }] },
];
const tools = [{ functionDeclarations: [{ name: 'run_shell_command', description: 'run a shell command', parametersJsonSchema: { type: 'object', properties: { command: { type: 'string' } } } }] }];

const reply = (stream: boolean, options: ReplyOptions) => (stream ? { sse: geminiStream(options) } : { json: geminiResponse(options) });

function markerRef(request: RecordedRequest): string {
  const [marker] = parseMarkers(request.text());
  if (!marker) throw new Error('the function response reached the upstream without a marker');
  return marker.ref;
}

/** What the continuation carried as the answer to the retrieve call. */
const retrieveAnswer = (request: RecordedRequest) => request.json().contents.at(-1).parts[0].functionResponse;

async function viaGenai(harness: Harness, stream: boolean, onText?: () => void) {
  const ai = new GoogleGenAI({ apiKey: 'gemini-key', httpOptions: { baseUrl: harness.proxy.url } });
  const request = { model: MODEL, contents, config: { tools } };
  if (!stream) {
    const response = await ai.models.generateContent(request);
    return { text: response.text ?? '', calls: (response.functionCalls ?? []).map((c) => c.name), raw: response };
  }
  let text = '';
  const calls: (string | undefined)[] = [];
  const chunks: unknown[] = [];
  for await (const chunk of await ai.models.generateContentStream(request)) {
    chunks.push(chunk);
    if (chunk.text) {
      text += chunk.text;
      onText?.();
    }
    calls.push(...(chunk.functionCalls ?? []).map((c) => c.name));
  }
  return { text, calls, raw: chunks };
}

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

describe.each([false, true])('Gemini through the proxy, stream %s', (stream) => {
  it('compresses the function response in place, with the shell command as the hint, and offers the retrieve tool', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    harness.upstream.enqueue(() => reply(stream, { text: 'Looking.' }));
    await viaGenai(harness, stream);
    const sent = harness.upstream.requests[0]!;
    expect(sent.path).toBe(`/v1beta/models/${MODEL}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`);
    const output = sent.json().contents[2].parts[0].functionResponse.response.output as string;
    expect(output.startsWith('LOG api server\n<<headroom:')).toBe(true);
    expect(sent.json().contents.slice(0, 2)).toEqual(JSON.parse(JSON.stringify(contents.slice(0, 2))));
    expect(sent.json().tools.at(-1).functionDeclarations[0].name).toBe(RETRIEVE_TOOL_NAME);
    expect(sent.json().tools[0]).toEqual(JSON.parse(JSON.stringify(tools[0])));
  });

  it('answers the retrieve call with the original byte-exact; the client never sees it', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    harness.upstream.enqueue(
      (request) => reply(stream, { text: 'Let me look. ', toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: markerRef(request) } } }),
      () => reply(stream, { text: 'The disk is full.' }),
    );
    const result = await viaGenai(harness, stream);
    expect(harness.upstream.requests).toHaveLength(2);
    expect(retrieveAnswer(harness.upstream.requests[1]!)).toEqual({ name: RETRIEVE_TOOL_NAME, id: 'r1', response: { content: OMITTED } });
    expect(result.text).toBe(stream ? 'Let me look. The disk is full.' : 'The disk is full.');
    expect(result.calls).toEqual([]);
    expect(JSON.stringify(result.raw)).not.toContain(RETRIEVE_TOOL_NAME);
    const [request] = (await harness.store.ledger.read({ type: 'request' })) as RequestEvent[];
    // Usage of both rounds, summed; the tenant is the client's key, never the key itself.
    expect(request).toMatchObject({ provider: 'google', model: MODEL, usage: { inputTokens: 24, outputTokens: 14 }, tenant: tenantOf('key:gemini-key') });
    expect(JSON.stringify(request)).not.toContain('gemini-key');
  });

  it('gives the client its own function call and does not continue in a mixed turn', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    harness.upstream.enqueue((request) =>
      reply(stream, {
        text: 'Two things. ',
        toolCalls: [
          { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: markerRef(request) } },
          { id: 'b2', name: 'run_shell_command', input: { command: 'df -h' } },
        ],
      }),
    );
    const result = await viaGenai(harness, stream);
    expect(harness.upstream.requests).toHaveLength(1);
    expect(result.calls).toEqual(['run_shell_command']);
    expect(JSON.stringify(result.raw)).not.toContain(RETRIEVE_TOOL_NAME);
  });
});

describe('Gemini specifics', () => {
  it('keeps the stream streaming across a retrieval round', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    let release!: () => void;
    const seenText = new Promise<void>((resolve) => {
      release = resolve;
    });
    harness.upstream.enqueue(
      (request) => reply(true, { text: 'Let me look. ', toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: markerRef(request) } } }),
      () => {
        const { sse } = reply(true, { text: 'Found it.' }) as { sse: ScriptedEvent[] };
        return { sse: sse.map((event) => ({ ...event, waitFor: seenText })) };
      },
    );
    const result = await viaGenai(harness, true, release);
    expect(result.text).toBe('Let me look. Found it.');
  });

  it('answers a call without an id (older models) and sends none back', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    harness.upstream.enqueue(
      (request) => ({ json: { ...geminiResponse({}), candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: RETRIEVE_TOOL_NAME, args: { hash: markerRef(request) } } }] }, finishReason: 'STOP', index: 0 }] } }),
      () => reply(false, { text: 'Done.' }),
    );
    const result = await viaGenai(harness, false);
    expect(result.text).toBe('Done.');
    expect(retrieveAnswer(harness.upstream.requests[1]!)).toEqual({ name: RETRIEVE_TOOL_NAME, response: { content: OMITTED } });
  });

  it('takes the key from ?key= as the tenant, and answers bad input in Google error shape', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    const bad = await send(`${harness.proxy.url}/v1beta/models/${MODEL}:generateContent?key=abc`, { body: '{not json', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('not valid JSON') } });
    harness.upstream.enqueue(() => reply(false, { text: 'ok' }));
    const ok = await send(`${harness.proxy.url}/v1beta/models/${MODEL}:generateContent?key=abc`, { body: JSON.stringify({ contents }), headers: { 'content-type': 'application/json' } });
    expect(ok.status).toBe(200);
    const requests = (await harness.store.ledger.read({ type: 'request' })) as RequestEvent[];
    expect(requests.find((r) => r.status === 200)?.tenant).toBe(tenantOf('key:abc'));
  });

  it('forwards the other Gemini routes (model listing) untouched to the Gemini upstream', async () => {
    harness = await startHarness({ compressors: [keepFirstLine] });
    const listed = await send(`${harness.proxy.url}/v1beta/models?pageSize=5`, { headers: { 'x-goog-api-key': 'k' } });
    expect(listed.status).toBe(200);
    expect(harness.upstream.requests[0]!.path).toBe('/v1beta/models?pageSize=5');
  });
});
