/** One server-sent event: its `event:` name (if any) and its `data:` lines joined by LF. */
export interface SseEvent {
  readonly event?: string;
  readonly data: string;
}

/**
 * An incremental SSE parser over bytes. It splits at LF, a byte that never occurs inside a UTF-8
 * sequence, so a multi-byte character split across chunks is decoded only once it is whole.
 */
export function createSseParser() {
  let pending: Buffer = Buffer.alloc(0);
  let event: string | undefined;
  let data: string[] = [];

  const line = (raw: Buffer, out: SseEvent[]) => {
    const text = raw.toString('utf8').replace(/\r$/, '');
    if (text === '') {
      if (data.length > 0 || event !== undefined) out.push(event === undefined ? { data: data.join('\n') } : { event, data: data.join('\n') });
      event = undefined;
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    const value = colon === -1 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };

  return {
    push(chunk: Buffer): SseEvent[] {
      const out: SseEvent[] = [];
      let buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      let start = 0;
      for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, start)) {
        line(buffer.subarray(start, i), out);
        start = i + 1;
      }
      pending = Buffer.from(buffer.subarray(start));
      buffer = pending;
      return out;
    },
    end(): SseEvent[] {
      const out: SseEvent[] = [];
      if (pending.length > 0) line(pending, out);
      pending = Buffer.alloc(0);
      line(Buffer.alloc(0), out);
      return out;
    },
  };
}

export function formatSse(event: SseEvent): string {
  const head = event.event === undefined ? '' : `event: ${event.event}\n`;
  return `${head}${event.data.split('\n').map((d) => `data: ${d}`).join('\n')}\n\n`;
}

/** Parses an SSE byte stream into events as they complete. */
export async function* sseEvents(body: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<SseEvent> {
  const parser = createSseParser();
  for await (const chunk of body) yield* parser.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  yield* parser.end();
}
