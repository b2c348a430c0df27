import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RequestFormat } from '@headroom/core';
import type { LocatedBody } from '../internal/locate-body.js';
import type { BodyJob, BodyReply } from './body-protocol.js';

/** Why a body could not be located off-thread: the request then fails open with its bytes as they came. */
export type BodyFailure = { readonly ok: false; readonly reason: 'timeout' | 'crashed'; readonly message: string };

export interface BodyThreads {
  /**
   * Parses and locates a body held in shared memory on a body thread. Resolves (never rejects)
   * with the located body, or a failure: not started or not finished by `deadline` (ms since the
   * epoch; a thread past it is stopped and replaced), or the thread died. Slot texts from
   * `standInChars` on come back as stand-ins (see `locateBody`).
   */
  locate(buffer: SharedArrayBuffer, length: number, format: RequestFormat, deadline: number, standInChars?: number): Promise<LocatedBody | BodyFailure>;
  close(): Promise<void>;
}

interface Job {
  readonly message: Omit<BodyJob, 'id'>;
  readonly resolve: (result: LocatedBody | BodyFailure) => void;
  timer?: NodeJS.Timeout;
  thread?: Thread | undefined;
}

interface Thread {
  worker: Worker;
  job?: Job | undefined;
}

/**
 * A few threads that take the O(size) work of large request bodies (decode, JSON.parse, slot
 * location, span checks, hashing) off the request thread: one from the start, up to `size` as
 * large bodies arrive together.
 */
export function createBodyThreads(size: number): BodyThreads {
  const threads: Thread[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Thread {
    const thread: Thread = { worker: new Worker(threadScript()) };
    const fail = (message: string) => {
      const job = thread.job;
      threads.splice(threads.indexOf(thread), 1);
      thread.worker.removeAllListeners();
      if (job) settle(job, { ok: false, reason: 'crashed', message });
      dispatch();
    };
    thread.worker.on('message', (reply: BodyReply) => {
      const job = thread.job;
      if (!job) return;
      thread.job = undefined;
      settle(job, 'located' in reply ? reply.located : { ok: false, reason: 'crashed', message: reply.failed });
      dispatch();
    });
    thread.worker.on('error', (error) => fail(error.message));
    thread.worker.on('exit', () => fail('the body thread exited'));
    thread.worker.unref();
    threads.push(thread);
    return thread;
  }

  function settle(job: Job, result: LocatedBody | BodyFailure): void {
    clearTimeout(job.timer);
    job.thread = undefined;
    job.resolve(result);
  }

  function dispatch(): void {
    while (queue.length > 0 && !closed) {
      const thread = threads.find((t) => !t.job) ?? (threads.length < size ? spawn() : undefined);
      if (!thread) return;
      const job = queue.shift()!;
      thread.job = job;
      job.thread = thread;
      thread.worker.postMessage({ id: nextId++, ...job.message } satisfies BodyJob);
    }
  }

  // One thread from the start: starting a thread costs the request thread tens of milliseconds,
  // which would otherwise land on the first large body. More start as they are needed.
  spawn();

  return {
    locate(buffer, length, format, deadline, standInChars) {
      if (closed) return Promise.resolve({ ok: false, reason: 'crashed', message: 'the body threads are closed' });
      return new Promise((resolve) => {
        const job: Job = { message: { buffer, length, format, ...(standInChars !== undefined ? { standInChars } : {}) }, resolve };
        job.timer = setTimeout(() => {
          const thread = job.thread;
          if (thread) {
            // Stopped rather than left to finish: a queue behind a stuck parse would stall every large body.
            threads.splice(threads.indexOf(thread), 1);
            thread.worker.removeAllListeners();
            void thread.worker.terminate();
          } else {
            const at = queue.indexOf(job);
            if (at !== -1) queue.splice(at, 1);
          }
          settle(job, { ok: false, reason: 'timeout', message: 'locating the slots of a large body took longer than the compression budget' });
          dispatch();
        }, Math.max(0, deadline - Date.now()));
        queue.push(job);
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) settle(job, { ok: false, reason: 'crashed', message: 'the body threads are closed' });
      await Promise.all(
        threads.splice(0).map((thread) => {
          thread.worker.removeAllListeners();
          if (thread.job) settle(thread.job, { ok: false, reason: 'crashed', message: 'the body threads are closed' });
          return thread.worker.terminate();
        }),
      );
    },
  };
}

/** The compiled thread script; under vitest this module runs from src/, where only the .ts exists. */
function threadScript(): string {
  const here = fileURLToPath(new URL('./body-thread.js', import.meta.url));
  if (existsSync(here)) return here;
  return here.replace(/([/\\])src([/\\])workers([/\\])/, '$1dist$2workers$3');
}
