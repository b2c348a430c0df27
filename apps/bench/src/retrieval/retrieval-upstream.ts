import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMarkers, RETRIEVE_TOOL_NAME } from '@headroom/core';

export interface RetrievalUpstream {
  readonly url: string;
  /** For each turn through the proxy: when round 1's last byte was written and round 2's request arrived. */
  readonly rounds: { endOfFirst: number; secondArrived: number }[];
  close(): Promise<void>;
}

const sse = (res: ServerResponse, type: string, data: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An Anthropic upstream that generates at a fixed pace: `pieces` text deltas `pieceMs` apart, then
 * (when the request carries a marker) a `headroom_retrieve` call for it. The continuation answers
 * the same way without a tool call. It records the times a retrieval round is measured by.
 */
export async function startRetrievalUpstream(pieces: number, pieceMs: number): Promise<RetrievalUpstream> {
  const rounds: RetrievalUpstream['rounds'] = [];
  let pendingEnd: number | undefined;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const arrived = performance.now();
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messages: { content: unknown }[] };
    const last = JSON.stringify(body.messages.at(-1));
    const continuation = last.includes('"tool_use_id":"toolu_retrieve"');
    if (continuation && pendingEnd !== undefined) rounds.push({ endOfFirst: pendingEnd, secondArrived: arrived });
    const marker = continuation ? undefined : parseMarkers(last)[0];
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    sse(res, 'message_start', { message: { id: 'msg_bench', type: 'message', role: 'assistant', model: 'bench', content: [], stop_reason: null, usage: { input_tokens: 100, output_tokens: 1 } } });
    sse(res, 'content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    for (let i = 0; i < pieces; i++) {
      await sleep(pieceMs);
      sse(res, 'content_block_delta', { index: 0, delta: { type: 'text_delta', text: `word${i} ` } });
    }
    sse(res, 'content_block_stop', { index: 0 });
    if (marker) {
      sse(res, 'content_block_start', { index: 1, content_block: { type: 'tool_use', id: 'toolu_retrieve', name: RETRIEVE_TOOL_NAME, input: {} } });
      sse(res, 'content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: JSON.stringify({ hash: marker.ref }) } });
      sse(res, 'content_block_stop', { index: 1 });
    }
    sse(res, 'message_delta', { delta: { stop_reason: marker ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: pieces } });
    sse(res, 'message_stop', {});
    res.end(() => {
      if (marker) pendingEnd = performance.now();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rounds,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
