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
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
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
