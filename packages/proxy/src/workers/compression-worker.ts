import { parentPort, workerData } from 'node:worker_threads';
import { type CompressionRunner, createEstimatingTokenizer, createInThreadRunner, isHeadroomError, measureText, type RunnerOutcome } from '@headroom/core';
import { loadCompressorSpecs } from './compressor-spec.js';
import { lowerThisThreadPriority } from './background-priority.js';
import type { FromWorker, ToWorker, WorkerInit } from './pool-protocol.js';

// One thread of the proxy's compression pool: builds its own compressors from their modules and
// runs route + detect + compress for the tasks it is sent, one at a time. When a task runs past its
// deadline the pool lets the thread go and sends it `retire`, which it reads once that task is over
// (messages wait for an idle event loop) and exits; a thread that never gets there is terminated.
const post = (message: FromWorker) => parentPort?.postMessage(message);
const { specs } = workerData as WorkerInit;
let runner: CompressionRunner;
try {
  // Estimates, as on the proxy's request path: exact BPE counts cost more than the whole budget.
  runner = createInThreadRunner(await loadCompressorSpecs(specs), createEstimatingTokenizer());
  // Compression is throughput work: the request thread goes first on a busy machine. Lowered only
  // once the compressors are loaded, so a thread's start-up (a proxy's first requests, a thread
  // replaced after a timeout) is not starved by everything else the machine runs.
  lowerThisThreadPriority();
  post({ type: 'ready', names: runner.names });
} catch (error) {
  post({ type: 'init-failed', message: error instanceof Error ? error.message : String(error) });
}

/**
 * The text of a compressed stand-in, for its whole original: by the index of an offload that is the
 * same text (the logs compressor offloads the full log), so it crosses only once, or as itself.
 */
function textBack(text: string, outcome: RunnerOutcome): { text: string } | { textAt: number } | undefined {
  if (outcome.type !== 'compressed') return undefined;
  const at = outcome.offloads.findIndex((offload) => offload.original === text);
  return at === -1 ? { text } : { textAt: at };
}

parentPort?.on('message', async (message: ToWorker) => {
  const { id } = message;
  if ('retire' in message) {
    // Ends this thread only, from JavaScript: never in the middle of a native addon's call.
    process.exit(0);
  }
  if ('measure' in message) {
    post({ type: 'measured', id, measure: measureText(message.measure) });
    return;
  }
  if ('read' in message) {
    try {
      post({ type: 'text', id, text: JSON.parse(Buffer.from(message.read.buffer).toString('utf8', message.read.start, message.read.end)) as string });
    } catch (error) {
      post({ type: 'rejected', id, code: 'invalid_argument', message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  const { span } = message;
  try {
    // A large text comes as the span of its JSON string in the shared request body, not as a copy.
    const task = span ? { ...message.task, text: JSON.parse(Buffer.from(span.buffer).toString('utf8', span.start, span.end)) as string } : message.task;
    const outcome = await runner.run(task);
    // An error object may not survive the structured clone; its message is what the ledger needs.
    post({ type: 'done', id, outcome: outcome.type === 'failed' ? { ...outcome, error: undefined } : outcome, ...(message.returnText ? textBack(task.text, outcome) : {}) });
  } catch (error) {
    post({ type: 'rejected', id, code: isHeadroomError(error) ? error.code : 'invalid_argument', message: error instanceof Error ? error.message : String(error) });
  }
});
