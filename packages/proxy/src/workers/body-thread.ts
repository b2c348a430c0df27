import { parentPort } from 'node:worker_threads';
import { locateBody } from '../internal/locate-body.js';
import { lowerThisThreadPriority } from './background-priority.js';
import type { BodyJob, BodyReply } from './body-protocol.js';

// Compression and parsing are throughput work: the request thread goes first on a busy machine.
lowerThisThreadPriority();

// One body thread: decodes, parses and locates the slots of large request bodies, which arrive in
// shared memory (nothing is copied to get here). Only the parsed body (its large slot texts
// replaced by stand-ins when asked) and small metadata go back.
parentPort?.on('message', ({ id, buffer, length, format, standInChars }: BodyJob) => {
  let reply: BodyReply;
  try {
    reply = { id, located: locateBody(Buffer.from(buffer, 0, length), format, standInChars) };
  } catch (error) {
    reply = { id, failed: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
