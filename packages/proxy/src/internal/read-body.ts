import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';

export class BodyTooLarge extends Error {
  constructor(limit: number) {
    super(`request body is larger than the limit of ${limit} bytes`);
  }
}

/** True when the declared content-length already exceeds the limit: answer 413 without reading. */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > limit;
}

/** Reads the whole request body, rejecting with BodyTooLarge as soon as it passes `limit`. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  return consume(
    req,
    (chunk) => {
      size += chunk.length;
      if (size > limit) throw new BodyTooLarge(limit);
      chunks.push(chunk);
    },
    () => (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)),
  );
}

/**
 * Feeds the body's chunks to `take` as they arrive and settles with `finish()` at its end; a throw
 * from either, or a stream error, rejects. The listeners are removed whichever way it ends.
 */
function consume<T>(req: IncomingMessage, take: (chunk: Buffer) => void, finish: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      cleanup();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      try {
        take(chunk);
      } catch (error) {
        fail(error);
      }
    };
    const onEnd = () => {
      cleanup();
      try {
        resolve(finish());
      } catch (error) {
        reject(error);
      }
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', fail);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', fail);
  });
}

/** A pass-through stream for bodies forwarded without buffering: errors once more than `limit` bytes went by. */
export function limitStream(limit: number): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      size += chunk.length;
      if (size > limit) callback(new BodyTooLarge(limit));
      else callback(null, chunk);
    },
  });
}

/**
 * Bytes copied into shared memory in one event-loop turn, by all large bodies being read together,
 * before their reading pauses until the next turn. Per body, six 25 MB bodies arriving at once
 * copied 3 MiB (into fresh pages) in one turn: 4-6 ms of CPU while /livez waited.
 */
const COPY_PER_TURN_BYTES = 1024 * 1024;

/** The copy budget of the current event-loop turn, shared by every body being read. */
const turn = { copied: 0, ending: false, paused: [] as IncomingMessage[] };

/** Counts `bytes` against this turn's budget; once it is spent, `req` pauses until the next turn. */
function spend(req: IncomingMessage, bytes: number): void {
  turn.copied += bytes;
  if (!turn.ending) {
    turn.ending = true;
    setImmediate(() => {
      turn.ending = false;
      turn.copied = 0;
      for (const paused of turn.paused.splice(0)) paused.resume();
    });
  }
  if (turn.copied >= COPY_PER_TURN_BYTES && !req.isPaused()) {
    req.pause();
    turn.paused.push(req);
  }
}

/**
 * Reads a body of declared `length` straight into shared memory, chunk by chunk as it arrives: no
 * concatenation at the end, and a body thread can read the same bytes without a copy. Node's
 * parser stops a body at its content-length, so it cannot overrun; a shorter one (the client left)
 * rejects.
 */
export function readBodyShared(req: IncomingMessage, length: number): Promise<Buffer> {
  const bytes = Buffer.from(new SharedArrayBuffer(length));
  let size = 0;
  return consume(
    req,
    (chunk) => {
      if (size + chunk.length > length) throw new Error('the request body is longer than its content-length');
      chunk.copy(bytes, size);
      size += chunk.length;
      // Sockets with megabytes buffered emit them all in one turn: pause after a few so that other
      // requests (and /livez) get the event loop in between.
      spend(req, chunk.length);
    },
    () => {
      if (size !== length) throw new Error('the request body ended before its content-length');
      return bytes;
    },
  );
}
