import { createMemoryStore, type HeadroomStore, parseMarkers, RETRIEVE_TOOL_NAME } from '@headroom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, keepFirstLine, send, startHarness } from './internal/test-kit.js';
import { anthropicMessage } from './testing/index.js';

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

const PATH = '/home/alice/.headroom/headroom.db';
const failure = () => new Error(`SQLITE_CANTOPEN: unable to open database file ${PATH}`);

/** A store whose memo and originals fail the way a deleted or unreadable SQLite file fails. */
function brokenReads(store: HeadroomStore): HeadroomStore {
  return {
    ...store,
    memo: { get: async () => Promise.reject(failure()), set: async () => Promise.reject(failure()) },
    originals: { ...store.originals, get: async () => Promise.reject(failure()) },
  };
}

const everything = (answer: { text: string; headers: Record<string, unknown> }) => `${JSON.stringify(answer.headers)}\n${answer.text}`;

describe('no file path reaches a client', () => {
  it('/readyz says the store is unavailable without its error message', async () => {
    harness = await startHarness({ store: brokenReads(createMemoryStore()) });
    const answer = await send(`${harness.proxy.url}/readyz`);
    expect(answer.status).toBe(503);
    expect(answer.json()).toEqual({ status: 'unavailable', code: 'store_unavailable' });
    expect(everything(answer)).not.toContain(PATH);
  });

  it('a store failure during a JSON retrieval round leaks no path', async () => {
    const store = createMemoryStore();
    let broken = false;
    harness = await startHarness({
      compressors: [keepFirstLine],
      store: { ...store, originals: { ...store.originals, get: (tenant, ref) => (broken ? Promise.reject(failure()) : store.originals.get(tenant, ref)) } },
    });
    harness.upstream.enqueue(
      (request) => {
        broken = true;
        return { json: anthropicMessage({ text: '', toolCall: { id: 'r1', name: RETRIEVE_TOOL_NAME, input: { hash: parseMarkers(request.text())[0]!.ref } } }) };
      },
      { json: anthropicMessage({ text: 'done' }) },
    );
    const log = `LOG x\n${Array.from({ length: 60 }, (_, i) => `INFO request ${i} served`).join('\n')}`;
    const body = {
      model: 'm',
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: log }] },
      ],
    };
    const answer = await send(`${harness.proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: JSON.stringify(body) });
    expect(everything(answer)).not.toContain(PATH);
    expect(everything(answer)).not.toContain('SQLITE');
  });
});
