import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type CompressionRunner, HeadroomError, type HeadroomErrorCode, type RunnerOutcome, type RunnerTask, type TextMeasure } from '@headroom/core';
import type { CompressorSpec } from './compressor-spec.js';
import type { FromWorker, TextSpan, ToWorker, WorkerInit } from './pool-protocol.js';
import { isStandIn, type SharedTexts } from './shared-texts.js';

export interface WorkerPoolOptions {
  readonly compressors: readonly CompressorSpec[];
  /** Threads. Default: the machine's available parallelism, at least 1. */
  readonly size?: number;
  /** Large texts in shared memory: a task or measure of one of them sends its span, not the string. */
  readonly texts?: SharedTexts;
}

interface Job {
  readonly task: RunnerTask;
  /** Set for a measuring job (hash, tokens, markers of a large text) instead of a compression. */
  readonly measure?: string;
  /** Set for a reading job (decode a large text from its span, for the request thread) instead. */
  readonly read?: TextSpan;
  readonly readText?: (text: string) => void;
  readonly resolve: (outcome: RunnerOutcome) => void;
  readonly measured?: (measure: TextMeasure) => void;
  readonly reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
  slot?: Slot | undefined;
}

interface Slot {
  worker: Worker;
  job?: Job | undefined;
}

/**
 * Runs compressions on a pool of worker threads, each with its own compressors built from
 * `compressors` (module specs). A task past its deadline is abandoned: if it is running, its
 * thread is retired (`retire`) and a fresh one takes its place; if it is still queued, it never
 * starts. Either way it resolves as a `timeout` failure at once, so the host forwards the original.
 */
/** The pool, which can also read a large text off the request thread. */
export interface WorkerPool extends CompressionRunner {
  /** The content of a registered large text (or stand-in), decoded on a pool thread. */
  read(text: string): Promise<string>;
}

/**
 * How long a retired thread may take to finish its abandoned task and exit. Compressors stop at
 * their own deadline (the code compressor's parse checks it every few KB), so this is only reached
 * by one that never returns, such as a loop in JavaScript, which `terminate()` then stops.
 */
const RETIRE_GRACE_MS = 10_000;

/** At close, threads still busy get this long before they are terminated. */
const CLOSE_GRACE_MS = 1_000;

/**
 * Lets a thread go without stopping it mid-call: it is asked to exit once its task is over, and
 * terminated only if it has not after `graceMs`. Terminating a thread while it is inside a native
 * addon aborts the whole process: tree-sitter's parse calls back into JavaScript for its progress
 * check, and a terminated thread's callback makes node-addon-api throw where it cannot
 * ("terminate called after throwing an instance of 'Napi::Error'"), which is what a compression
 * past its budget did to the proxy before.
 */
function retire(worker: Worker, graceMs: number): Promise<void> {
  worker.removeAllListeners();
  // Its late answer or failure no longer concerns anyone.
  worker.on('error', () => undefined);
  // Gone already (a slot still waiting for its fresh thread names the one that left): no exit to wait for.
  if (worker.threadId === -1) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => void worker.terminate().then(() => resolve()), graceMs);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage({ id: 0, retire: true } satisfies ToWorker);
  });
}

/** Measuring and reading jobs answer through `reject`/their callback, not as outcomes. */
const sideJob = (job: Job) => job.measure !== undefined || job.read !== undefined;

export async function createWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  const size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
  const init: WorkerInit = { specs: options.compressors };
  const queue: Job[] = [];
  const slots: Slot[] = [];
  /** Threads let go and not yet exited (see `retire`), with their exit. */
  const retiring = new Map<Worker, Promise<void>>();
  let names: readonly string[] = [];
  let closed = false;

  /** Starts one thread and resolves with it once its compressors are built. */
  function spawn(): Promise<{ worker: Worker; names: readonly string[] }> {
    const worker = new Worker(workerScript(), { workerData: init });
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromWorker) => {
        if (message.type === 'ready') {
          worker.off('error', onError);
          resolve({ worker, names: message.names });
        } else if (message.type === 'init-failed') {
          void worker.terminate();
          reject(new HeadroomError('invalid_argument', `a compression thread could not load its compressors: ${message.message}`));
        }
      };
      const onError = (error: Error) => reject(new HeadroomError('invalid_argument', `a compression thread failed to start: ${error.message}`, { cause: error }));
      worker.once('message', onMessage);
      worker.once('error', onError);
    });
  }

  function attach(slot: Slot): void {
    const { worker } = slot;
    worker.on('message', (message: FromWorker) => {
      const job = slot.job;
      if (!job || message.type === 'ready' || message.type === 'init-failed') return;
      finish(slot, job);
      if (message.type === 'measured') job.measured?.(message.measure);
      else if (message.type === 'text') job.readText?.(message.text);
      else if (message.type === 'done') job.resolve(withText(job.task.text, message));
      else job.reject(new HeadroomError(message.code as HeadroomErrorCode, message.message));
      dispatch();
    });
    // A thread that dies on its own (out of memory, a native crash) fails its task open and is replaced.
    worker.on('error', () => replace(slot, 'its compression thread crashed'));
    worker.on('exit', () => {
      if (!closed) replace(slot, 'its compression thread exited');
    });
    worker.unref();
  }

  function finish(slot: Slot, job: Job): void {
    clearTimeout(job.timer);
    slot.job = undefined;
    job.slot = undefined;
  }

  /**
   * Fails a slot's task open with `reason` and starts a fresh thread there. The old thread is
   * retired when it is still running (a timeout), terminated when it already died.
   */
  function replace(slot: Slot, reason: string, timeout = false): void {
    const job = slot.job;
    const old = slot.worker;
    if (job) {
      finish(slot, job);
      if (sideJob(job)) job.reject(new HeadroomError('invalid_argument', reason));
      else job.resolve({ type: 'failed', timeout, reason, detectFailures: [] });
    }
    // Marks the slot busy until the new thread is ready, so nothing is dispatched to the dead one.
    slot.job = { task: undefined as unknown as RunnerTask, resolve: () => {}, reject: () => {} };
    // Its own exit must not count as a crash.
    old.removeAllListeners();
    if (timeout) retiring.set(old, retire(old, RETIRE_GRACE_MS).finally(() => retiring.delete(old)));
    else void old.terminate();
    if (closed) return;
    spawn().then(
      ({ worker }) => {
        if (closed) {
          void worker.terminate();
          return;
        }
        slot.worker = worker;
        slot.job = undefined;
        attach(slot);
        dispatch();
      },
      // Compressors that loaded a moment ago and fail now: leave the slot out; queued tasks time out.
      () => undefined,
    );
  }

  function message(job: Job): ToWorker {
    if (job.measure !== undefined) return { id: 0, measure: job.measure };
    if (job.read !== undefined) return { id: 0, read: job.read };
    const shared = options.texts?.get(job.task.text);
    if (!shared) return { id: 0, task: job.task };
    const span = { buffer: shared.buffer, start: shared.start, end: shared.end };
    return { id: 0, task: { ...job.task, text: '' }, span, ...(isStandIn(job.task.text) ? { returnText: true } : {}) };
  }

  /**
   * A compressed stand-in's text, sent back by the worker, is recorded for the store's write of the
   * whole original; a stand-in whose request was answered meanwhile (its registration is gone) has
   * nowhere to go, and its late result fails as abandoned.
   */
  function withText(text: string, done: Extract<FromWorker, { type: 'done' }>): RunnerOutcome {
    const { outcome } = done;
    const original = done.text ?? (done.textAt !== undefined && outcome.type === 'compressed' ? outcome.offloads[done.textAt]?.original : undefined);
    if (original === undefined || !options.texts) return outcome;
    if (!options.texts.get(text)) return abandoned(outcome.detectFailures);
    options.texts.resolve(text, original);
    return outcome;
  }

  /** A stand-in whose registration is gone has no text left to compress (see `SharedTexts`). */
  const orphaned = (job: Job) => !sideJob(job) && isStandIn(job.task.text) && !options.texts?.get(job.task.text);

  function dispatch(): void {
    for (const slot of slots) {
      if (slot.job) continue;
      let job = queue.shift();
      while (job && orphaned(job)) {
        clearTimeout(job.timer);
        job.resolve(abandoned([]));
        job = queue.shift();
      }
      if (!job) return;
      slot.job = job;
      job.slot = slot;
      slot.worker.postMessage(message(job) satisfies ToWorker);
    }
  }

  const started = await Promise.allSettled(Array.from({ length: size }, spawn));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    for (const s of started) if (s.status === 'fulfilled') void s.value.worker.terminate();
    throw (failed as PromiseRejectedResult).reason;
  }
  for (const s of started as PromiseFulfilledResult<{ worker: Worker; names: readonly string[] }>[]) {
    const slot: Slot = { worker: s.value.worker };
    slots.push(slot);
    attach(slot);
    names = s.value.names;
  }

  return {
    get names() {
      return names;
    },
    run(task) {
      if (closed) return Promise.reject(new HeadroomError('invalid_argument', 'the compression pool is closed'));
      return new Promise<RunnerOutcome>((resolve, reject) => {
        const job: Job = { task, resolve, reject };
        job.timer = setTimeout(() => {
          if (job.slot) {
            replace(job.slot, 'compressor timed out (its thread was stopped)', true);
            return;
          }
          const at = queue.indexOf(job);
          if (at !== -1) queue.splice(at, 1);
          resolve({ type: 'failed', timeout: true, reason: 'compressor timed out (waiting for a free compression thread)', detectFailures: [] });
        }, Math.max(0, task.deadline - Date.now()));
        queue.push(job);
        dispatch();
      });
    },
    measure(text) {
      // Measured already where its body was parsed.
      const shared = options.texts?.get(text);
      if (shared) return Promise.resolve(shared.measure);
      if (isStandIn(text)) return Promise.reject(new HeadroomError('invalid_argument', 'the text to measure is no longer held (its request was answered)'));
      if (closed) return Promise.reject(new HeadroomError('invalid_argument', 'the compression pool is closed'));
      return new Promise<TextMeasure>((measured, reject) => {
        // First in line: measuring is short and decides whether a compression is needed at all.
        queue.unshift({ task: undefined as unknown as RunnerTask, measure: text, resolve: () => {}, measured, reject });
        dispatch();
      });
    },
    read(text) {
      const shared = options.texts?.get(text);
      if (!shared) return Promise.reject(new HeadroomError('invalid_argument', 'the text to read is no longer held (its request was answered)'));
      if (closed) return Promise.reject(new HeadroomError('invalid_argument', 'the compression pool is closed'));
      return new Promise<string>((readText, reject) => {
        // First in line, like a measure: a request is waiting on it.
        queue.unshift({ task: undefined as unknown as RunnerTask, read: { buffer: shared.buffer, start: shared.start, end: shared.end }, resolve: () => {}, readText, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const slot of slots) slot.worker.removeAllListeners();
      for (const job of queue.splice(0)) {
        clearTimeout(job.timer);
        if (sideJob(job)) job.reject(new HeadroomError('invalid_argument', 'the compression pool closed'));
        job.resolve({ type: 'failed', timeout: false, reason: 'the compression pool closed', detectFailures: [] });
      }
      await Promise.all([
        ...slots.map((slot) => {
          if (slot.job && sideJob(slot.job)) slot.job.reject(new HeadroomError('invalid_argument', 'the compression pool closed'));
          else if (slot.job?.timer) {
            clearTimeout(slot.job.timer);
            slot.job.resolve({ type: 'failed', timeout: false, reason: 'the compression pool closed', detectFailures: [] });
          }
          // A slot waiting for its fresh thread still names the retired one, handled below.
          if (retiring.has(slot.worker)) return undefined;
          // An idle thread reads `retire` at once; a busy one, once its task is over.
          return retire(slot.worker, CLOSE_GRACE_MS);
        }),
        // Threads let go earlier get what is left of the close's grace, not of their own.
        ...[...retiring].map(([worker, gone]) => Promise.race([gone, delay(CLOSE_GRACE_MS)]).then(() => worker.terminate())),
      ]);
    },
  };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function abandoned(detectFailures: RunnerOutcome['detectFailures']): RunnerOutcome {
  return { type: 'failed', timeout: true, reason: 'abandoned: its request was answered without it', detectFailures };
}

/** The compiled worker; under vitest this module runs from src/, where only the .ts exists. */
function workerScript(): string {
  const here = fileURLToPath(new URL('./compression-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  return here.replace(/([/\\])src([/\\])workers([/\\])/, '$1dist$2workers$3');
}
