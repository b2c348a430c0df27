import { type ProviderUsage, providerModule, type RequestFormat } from '@headroom/core';

/** Provider-reported usage, normalized: `inputTokens` never includes cache reads or writes. */
export type Usage = ProviderUsage;

/** Reads usage from a side copy of a response body as it streams by; never holds the whole body. */
export interface UsageReader {
  push(chunk: Buffer): void;
  finish(): Usage | undefined;
}

/** A single SSE line or a non-streaming body larger than this is not inspected (usage is then unknown). */
const MAX_HELD_BYTES = 8 * 1024 * 1024;
const DATA = Buffer.from('data:');

export function createUsageReader(format: RequestFormat, contentType: string | undefined): UsageReader {
  const { readUsage, usageKey } = providerModule(format);
  const usage: Usage = {};
  let seen = false;
  const absorb = (text: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    const read = readUsage(parsed);
    if (read) {
      Object.assign(usage, read);
      seen = true;
    }
  };
  const finish = () => (seen ? usage : undefined);
  return contentType?.includes('text/event-stream') ? sseReader(absorb, finish, Buffer.from(`"${usageKey}"`)) : jsonReader(absorb, finish);
}

function jsonReader(absorb: (text: string) => void, finish: () => Usage | undefined): UsageReader {
  let chunks: Buffer[] | undefined = [];
  let size = 0;
  return {
    push(chunk) {
      if (!chunks) return;
      size += chunk.length;
      if (size > MAX_HELD_BYTES) chunks = undefined;
      else chunks.push(chunk);
    },
    finish() {
      if (chunks && chunks.length > 0) absorb((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString('utf8'));
      chunks = undefined;
      return finish();
    },
  };
}

/**
 * Splits the byte stream into lines at LF (a byte that never occurs inside a UTF-8 sequence, so
 * decoding a whole line is always safe), collects `data:` lines per event and parses only the
 * events whose data mentions the module's usage field (`"usage"`, `"usageMetadata"`).
 */
function sseReader(absorb: (text: string) => void, finish: () => Usage | undefined, usageField: Buffer): UsageReader {
  let partial: Buffer[] = [];
  let partialSize = 0;
  let overflow = false;
  let data: Buffer[] = [];
  let interesting = false;

  const line = (bytes: Buffer) => {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
    if (end === 0) {
      if (interesting) absorb(data.map((d) => d.toString('utf8')).join('\n'));
      data = [];
      interesting = false;
      return;
    }
    if (bytes.subarray(0, DATA.length).equals(DATA)) {
      const start = bytes[DATA.length] === 32 ? DATA.length + 1 : DATA.length;
      const value = bytes.subarray(start, end);
      data.push(value);
      if (value.includes(usageField)) interesting = true;
    }
  };

  return {
    push(chunk) {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        if (partialSize > 0 || overflow) {
          if (!overflow) line(Buffer.concat([...partial, chunk.subarray(start, nl)]));
          partial = [];
          partialSize = 0;
          overflow = false;
        } else {
          line(chunk.subarray(start, nl));
        }
        start = nl + 1;
      }
      if (start < chunk.length && !overflow) {
        partialSize += chunk.length - start;
        if (partialSize > MAX_HELD_BYTES) {
          overflow = true;
          partial = [];
          partialSize = 0;
        } else {
          // Copy: the caller's chunk is handed on to the client and must not be pinned by us.
          partial.push(Buffer.from(chunk.subarray(start)));
        }
      }
    },
    finish() {
      if (partialSize > 0 && !overflow) line(Buffer.concat(partial));
      line(Buffer.alloc(0));
      return finish();
    },
  };
}
