import type { RunnerOutcome, RunnerTask, TextMeasure } from '@headroom/core';
import type { CompressorSpec } from './compressor-spec.js';

export interface WorkerInit {
  readonly specs: readonly CompressorSpec[];
}

/** The bytes of a JSON string literal in shared memory: the worker decodes the task's text from them. */
export interface TextSpan {
  readonly buffer: SharedArrayBuffer;
  readonly start: number;
  readonly end: number;
}

export type ToWorker =
  | {
      readonly id: number;
      readonly task: RunnerTask;
      readonly span?: TextSpan;
      /** Set when the request thread holds only a stand-in of the text: a compressed outcome sends the text back (its whole original is stored there). */
      readonly returnText?: boolean;
    }
  | { readonly id: number; readonly measure: string }
  /** Decode a large text from its span and send it back (a conversation step rewrites its slot). */
  | { readonly id: number; readonly read: TextSpan }
  /** Exit once the task in hand (if any) is over: the pool has let this thread go. */
  | { readonly id: number; readonly retire: true };

export type FromWorker =
  | { readonly type: 'ready'; readonly names: readonly string[] }
  | { readonly type: 'init-failed'; readonly message: string }
  /** `text` or `textAt` (the index of the offload that is the same text) answer `returnText`. */
  | { readonly type: 'done'; readonly id: number; readonly outcome: RunnerOutcome; readonly text?: string; readonly textAt?: number }
  | { readonly type: 'measured'; readonly id: number; readonly measure: TextMeasure }
  | { readonly type: 'text'; readonly id: number; readonly text: string }
  | { readonly type: 'rejected'; readonly id: number; readonly code: string; readonly message: string };
